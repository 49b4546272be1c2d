// Pipeline, step 1: read a source and run every fragment through the engine, with the configuration's
// rules, markers and allow.paths and the time budget, for every kind of source alike. Whole-blob
// matches (history) are credited to the commits that introduced them once everything is read.
import { availableParallelism } from 'node:os';
import micromatch from 'micromatch';
import { loadConfig, type Config } from '../config.js';
import type { RuleSet } from '../engine/compile.js';
import { DEFAULT_BUDGET_MS } from '../engine/budget.js';
import { DecodeAllowance, DEFAULT_DECODE_DEPTH, scanDeep } from '../engine/deep-scan.js';
import { linearGlobs } from '../engine/linear.js';
import { RuleProfile } from '../engine/profile.js';
import type { ScanOptions } from '../engine/scan.js';
import { attributeBlobs } from '../findings/attribute.js';
import { builtinRuleSet } from '../rules.js';
import type { RemovalIndex } from '../sources/git-state.js';
import type { Source, SourceContext } from '../sources/source.js';
import { Tally } from '../sources/tally.js';
import type { Fragment, Match } from '../types.js';
import { ScanPool, type ThreadSetup } from './threads.js';

export interface ScanSettings {
  /** Where a relative config or baseline path is resolved (default: the process's working directory). */
  cwd?: string;
  /** The configuration file (default `.keyscan.yaml` at the source's root, when present). */
  config?: string;
  /** Milliseconds one rule may spend on one fragment (default DEFAULT_BUDGET_MS). */
  timeBudgetMs?: number;
  /** Layers of encoding (base64, hex, percent, escapes) decoded and scanned again (default 2; 0: none). */
  decodeDepth?: number;
  /** Scanning threads, the main one included (default: one per core, at most DEFAULT_THREADS_MAX). */
  threads?: number;
  /** Time every rule (--profile-rules): the scan then runs on the main thread only. */
  profileRules?: boolean;
  /** Programmatic use: these rules instead of the built-in ones and the configuration's. */
  ruleSet?: RuleSet;
  /** Programmatic use: more rule ids switched off, more path globs left out. */
  disabledRules?: string[];
  allowPaths?: string[];
}

/** What one scan runs with, read once before the source is. */
export interface Prepared {
  root: string;
  /** What the scan was prepared from: scanning threads prepare the same. */
  settings: ScanSettings;
  config: Config;
  ruleSet: RuleSet;
  tally: Tally;
  started: number;
}

export function prepare(root: string, settings: ScanSettings = {}): Prepared {
  const started = Date.now();
  const loaded = loadConfig(root, settings.config, settings.cwd ?? process.cwd());
  const config: Config = {
    ...loaded,
    allowRules: [...loaded.allowRules, ...(settings.disabledRules ?? [])],
    allowPaths: [...loaded.allowPaths, ...(settings.allowPaths ?? [])],
  };
  const ruleSet = settings.ruleSet ?? builtinRuleSet(config.allowRules, config.rules);
  return { root, settings, config, ruleSet, tally: new Tally(), started };
}

/** Matches with their plaintext: only the pipeline and the purge plan ever hold them. */
export interface Scanned {
  matches: Match[];
  target: string;
  /** Scanning threads that ran (absent: the main thread alone). */
  threads?: number;
  /** Per-rule totals, when the settings asked for them. */
  profile?: RuleProfile;
  /** History read whole: the commits that removed lines from each file (for "removed in"). */
  removals?: RemovalIndex;
}

/**
 * Whether a path is left out by the globs (compiled once). Each glob runs on the linear-time engine
 * (a repository's .keyscan.yaml chooses them: `*a*a*a*a*a*a*x` backtracks for hours in V8 on a long
 * name); `!glob` is the linear test negated; an extglob that needs lookahead stays on micromatch (config
 * files cannot bring those: config.ts refuses them).
 */
export function pathMatcher(globs: string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const { test, rest } = linearGlobs(globs);
  if (rest.length === 0) return test;
  const other = micromatch.matcher(rest as unknown as string, { dot: true });
  return (path) => test(path) || other(path);
}

/**
 * Text read (or a source's estimate of its text) before threads start. A worker spends ~0.3-0.6 s of CPU
 * loading the rules and warming V8 up, and ~40 MB; with one thread V8's compiler and collector threads
 * already use much of a second core. Measured on 2 cores (DECISIONS.md, "Speed (issue 14)"): rails, git,
 * a 50 MB generated tree and a 100 MB real-code history were all 4-12 % slower with a worker, so threads
 * start only past 128 MiB, where the start is small against the work. KEYSCAN_THREADS_AFTER (characters)
 * moves it, for tests.
 */
const THREADS_AFTER_CHARS = Number(process.env.KEYSCAN_THREADS_AFTER ?? 128 << 20);
/** Scanning threads by default: one per core, at most this many (each worker adds ~40-60 MB). */
const DEFAULT_THREADS_MAX = 4;
/** The main thread lets worker results in at least this often (ms) while it scans. */
const POLL_MS = 2;
const NONE: Match[] = [];

/** Threads can run only from the built package (the worker is JavaScript) and with rules they can load themselves. */
function threadCount(p: Prepared): number {
  if (p.settings.profileRules) return 1; // per-rule totals are kept by the main thread alone
  const wanted = p.settings.threads ?? Math.min(DEFAULT_THREADS_MAX, availableParallelism());
  return wanted > 1 && import.meta.url.endsWith('.js') && !p.settings.ruleSet ? wanted : 1;
}

export async function scanSource(source: Source, p: Prepared, budgetMs = DEFAULT_BUDGET_MS, decodeDepth = DEFAULT_DECODE_DEPTH): Promise<Scanned> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const onExceeded = (s: { rule: string; path: string; line: number }) =>
    p.tally.lost(
      `rule ${s.rule} stopped by the time budget (${(budgetMs / 1000).toFixed(1)} s) at ${s.path}:${s.line}: the rest of that text was not checked for it (--time-budget raises the limit)`,
    );
  const options: ScanOptions = {
    foreignMarkers: p.config.foreignMarkers,
    decodeDepth,
    decodeAllowance: new DecodeAllowance(),
    nowSeconds,
    budget: { ms: budgetMs, now: () => performance.now(), onExceeded },
    ...(p.settings.profileRules ? { profile: new RuleProfile(() => performance.now()) } : {}),
  };
  // Results by the order the source yielded fragments, whichever thread scanned them.
  const found: Match[][] = [];
  const blobOf = new Map<number, string>();
  const matchedBlobs = new Set<string>();
  const record = (index: number, matches: Match[]) => {
    if (matches.length === 0) return;
    found[index] = matches;
    const blob = blobOf.get(index);
    if (blob !== undefined) matchedBlobs.add(blob);
  };
  let pool: ScanPool | null = null;
  let poolThreads = 0;
  /** Decided: no threads for this scan. */
  let alone = false;
  const threads = threadCount(p);
  const ctx: SourceContext = {
    tally: p.tally,
    allowPaths: p.config.allowPaths,
    leftOut: pathMatcher(p.config.allowPaths),
    matchedBlobs,
    settle: async () => pool?.settle(),
  };
  let read = 0;
  // The file the last fragment came from (commit and path), compared as they are: no key string a fragment.
  let lastSha: string | null = null;
  let lastPath = '';
  let index = 0;
  let onWorker = false;
  let polled = performance.now();
  try {
    for await (const fragment of source.fragments(ctx)) {
      const sha = fragment.commit?.sha ?? '';
      const i = index++;
      found.push(NONE);
      if (fragment.blob !== undefined) blobOf.set(i, fragment.blob);
      const first = sha !== lastSha || fragment.path !== lastPath;
      // Threads start at a file boundary once enough has been read, so one file's chunks stay on one thread.
      if (!pool && !alone && threads > 1 && first && (read > THREADS_AFTER_CHARS || (source.expectedChars?.() ?? 0) > THREADS_AFTER_CHARS)) {
        // By default the cores the source's own processes keep busy are not counted: on 2 cores, history's
        // two `git log -p` and a worker made the real-code history 4-6 % slower than the main thread alone.
        const cores = p.settings.threads ?? Math.max(1, Math.min(threads, availableParallelism() - (source.helperProcesses?.() ?? 0)));
        if (cores > 1) {
          const setup: ThreadSetup = { root: p.root, settings: threadSettings(p.settings), budgetMs, decodeDepth, nowSeconds };
          pool = new ScanPool(cores, setup, (id) => p.ruleSet.ruleById(id), onExceeded, record);
          poolThreads = cores;
        } else alone = true;
      }
      read += fragment.text.length;
      lastSha = sha;
      lastPath = fragment.path;
      const key = pool ? `${sha}\0${fragment.path}` : '';
      if (pool && first) onWorker = pool.take(key);
      if (pool && onWorker) await pool.submit(i, fragment as Fragment, key);
      else {
        record(i, scanDeep(fragment, p.ruleSet, options));
        // Worker results and requests for more arrive as events: let them in between files.
        if (pool && performance.now() - polled > POLL_MS) {
          await new Promise((r) => setImmediate(r));
          polled = performance.now();
        }
      }
    }
    await pool?.settle();
  } finally {
    await pool?.close();
  }
  const matches: Match[] = [];
  const byBlob = new Map<string, Match[]>();
  for (let i = 0; i < found.length; i++) {
    const list = found[i];
    if (list.length === 0) continue;
    const blob = blobOf.get(i);
    if (blob === undefined) {
      for (const m of list) matches.push(m);
      continue;
    }
    const into = byBlob.get(blob);
    if (into) for (const m of list) into.push(m);
    else byBlob.set(blob, [...list]);
  }
  if (byBlob.size > 0) for (const m of attributeBlobs(byBlob, source.introductions?.() ?? [])) matches.push(m);
  const removals = source.removals?.();
  return {
    matches,
    target: source.target(),
    ...(pool ? { threads: poolThreads } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(removals ? { removals } : {}),
  };
}

/** The settings a thread prepares from: only what can cross threads (no compiled rules). */
function threadSettings(s: ScanSettings): ThreadSetup['settings'] {
  return { cwd: s.cwd, config: s.config, disabledRules: s.disabledRules, allowPaths: s.allowPaths };
}
