// Both cores for one scan: fragments go to scanning threads (pipeline/scan-worker.ts) while the main
// thread reads. Every chunk of one file goes to one thread, in order (a file's decode allowance stays
// whole), and results are put back in the order the source yielded the fragments, so a report is the
// same byte for byte whatever the number of threads.
import { Worker } from 'node:worker_threads';
import type { BudgetStop } from '../engine/budget.js';
import type { Fragment, Match, Rule } from '../types.js';

/** What a thread needs to load the same rules and configuration as the main thread. */
export interface ThreadSetup {
  root: string;
  settings: { cwd?: string; config?: string; disabledRules?: string[]; allowPaths?: string[] };
  budgetMs: number;
  decodeDepth: number;
  nowSeconds: number;
}

export type WireMatch = Omit<Match, 'rule'> & { rule: string };
export type ToThread = { kind: 'batch'; batch: { seq: number; fragment: Fragment }[] } | { kind: 'end' };
type FromThread = { kind: 'ready' } | { kind: 'done'; results: { seq: number; matches: WireMatch[] }[] } | { kind: 'exceeded'; stopped: BudgetStop };

/** Bytes of text sent to threads and not yet answered: reading waits above this. */
const IN_FLIGHT = 32 << 20;
/** A batch is sent once it holds this much text (fewer messages for many small files). */
const BATCH_BYTES = 256 << 10;

interface Lane {
  worker: Worker;
  batch: { seq: number; fragment: Fragment }[];
  batchBytes: number;
  /** Bytes sent and not yet answered. */
  pending: number;
  sizes: Map<number, number>;
}

export class ScanPool {
  private readonly lanes: Lane[];
  private outstanding = 0;
  private current: Lane | null = null;
  private currentKey = '';
  private failure: Error | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    threads: number,
    setup: ThreadSetup,
    private readonly rules: Map<string, Rule>,
    onExceeded: (s: BudgetStop) => void,
    private readonly onResult: (seq: number, matches: Match[]) => void,
  ) {
    const url = new URL('./scan-worker.js', import.meta.url);
    this.lanes = Array.from({ length: threads }, () => {
      const worker = new Worker(url, { workerData: setup });
      const lane: Lane = { worker, batch: [], batchBytes: 0, pending: 0, sizes: new Map() };
      worker.on('message', (msg: FromThread) => {
        if (msg.kind === 'exceeded') onExceeded(msg.stopped);
        else if (msg.kind === 'done') {
          for (const r of msg.results) {
            const matches = r.matches.map((m) => ({ ...m, rule: this.rules.get(m.rule)! }));
            this.outstanding--;
            this.onResult(r.seq, matches);
            lane.pending -= lane.sizes.get(r.seq) ?? 0;
            lane.sizes.delete(r.seq);
          }
          this.wake();
        }
      });
      worker.on('error', (err) => {
        this.failure ??= err;
        this.wake();
      });
      return lane;
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private inFlight(): number {
    return this.lanes.reduce((n, l) => n + l.pending + l.batchBytes, 0);
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done() && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  private send(lane: Lane): void {
    if (lane.batch.length === 0) return;
    lane.pending += lane.batchBytes;
    lane.worker.postMessage({ kind: 'batch', batch: lane.batch } satisfies ToThread);
    lane.batch = [];
    lane.batchBytes = 0;
  }

  /** Queue fragment number `seq` (of file `key`); resolves once there is room for more reading. */
  async submit(seq: number, fragment: Fragment, key: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.outstanding++;
    if (!this.current || key !== this.currentKey) {
      // A new file: the least busy thread takes all of it.
      if (this.current) this.send(this.current);
      this.current = this.lanes.reduce((a, b) => (b.pending + b.batchBytes < a.pending + a.batchBytes ? b : a));
      this.currentKey = key;
    }
    const lane = this.current;
    const size = fragment.text.length;
    lane.batch.push({ seq, fragment });
    lane.batchBytes += size;
    lane.sizes.set(seq, size);
    if (lane.batchBytes >= BATCH_BYTES) this.send(lane);
    if (this.inFlight() > IN_FLIGHT) {
      for (const l of this.lanes) this.send(l);
      await this.until(() => this.inFlight() <= IN_FLIGHT / 2);
    }
  }

  /** Wait until every fragment submitted so far is scanned. */
  async settle(): Promise<void> {
    for (const l of this.lanes) this.send(l);
    await this.until(() => this.outstanding === 0);
  }

  async close(): Promise<void> {
    for (const l of this.lanes) l.worker.postMessage({ kind: 'end' } satisfies ToThread);
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
