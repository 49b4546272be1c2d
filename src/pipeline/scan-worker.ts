// A scanning thread: the same rules, markers, budget and decode depth as the main thread, applied to the
// fragments the pool (pipeline/threads.ts) sends it. Matches go back with their rule's id in place of the
// rule, which does not cross threads.
import { parentPort, workerData } from 'node:worker_threads';
import { DecodeAllowance, scanDeep } from '../engine/deep-scan.js';
import type { ScanOptions } from '../engine/scan.js';
import type { Fragment } from '../types.js';
import { prepare } from './scan.js';
import type { ThreadSetup, ToThread, WireMatch } from './threads.js';

const setup = workerData as ThreadSetup;
const p = prepare(setup.root, setup.settings);
const port = parentPort!;
const options: ScanOptions = {
  foreignMarkers: p.config.foreignMarkers,
  decodeDepth: setup.decodeDepth,
  decodeAllowance: new DecodeAllowance(),
  nowSeconds: setup.nowSeconds,
  budget: {
    ms: setup.budgetMs,
    now: () => performance.now(),
    onExceeded: (s) => port.postMessage({ kind: 'exceeded', stopped: s }),
  },
};

port.on('message', (msg: ToThread) => {
  if (msg.kind === 'end') {
    port.close();
    return;
  }
  const out: { seq: number; matches: WireMatch[] }[] = [];
  for (const { seq, fragment } of msg.batch) {
    const matches = scanDeep(fragment as Fragment, p.ruleSet, options).map(({ rule, ...m }) => ({ ...m, rule: rule.id }));
    out.push({ seq, matches });
  }
  port.postMessage({ kind: 'done', results: out });
});
port.postMessage({ kind: 'ready' });
