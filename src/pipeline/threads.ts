// Both cores for one scan: the main thread reads and scans, and hands files to scanning threads
// (pipeline/scan-worker.ts) whenever one of them has room, so N threads are the main one and N - 1
// workers. Every chunk of one file goes to one thread, in order (a file's decode allowance stays whole),
// and results are put back in the order the source yielded the fragments, so a report is the same byte
// for byte whatever the number of threads.
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

/**
 * Characters sent to one worker and not yet answered: past this a new file stays on the main thread.
 * Small, so text held twice (sent, and copied into the worker) stays a few MB.
 */
const ROOM = 1 << 20;
/** One file larger than ROOM on a worker: reading waits above this much in flight. */
const IN_FLIGHT = 8 << 20;
/** A batch is sent once it holds this much text, or at once while its worker has little to do. */
const BATCH_BYTES = 128 << 10;
/**
 * A worker's V8 young generation (MB): semi-spaces of under 3 MB, near what the CLI's main thread keeps
 * (bin.ts). The default 16+ MB semi-spaces cost memory, not speed, here.
 */
const WORKER_YOUNG_MB = 8;

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
    /** A rule by its id (a worker's matches name their rule by id). */
    private readonly ruleById: (id: string) => Rule | undefined,
    onExceeded: (s: BudgetStop) => void,
    private readonly onResult: (seq: number, matches: Match[]) => void,
  ) {
    const url = new URL('./scan-worker.js', import.meta.url);
    this.lanes = Array.from({ length: threads - 1 }, () => {
      const worker = new Worker(url, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      const lane: Lane = { worker, batch: [], batchBytes: 0, pending: 0, sizes: new Map() };
      worker.on('message', (msg: FromThread) => {
        if (msg.kind === 'exceeded') onExceeded(msg.stopped);
        else if (msg.kind === 'done') {
          for (const r of msg.results) {
            const matches = r.matches.map((m) => ({ ...m, rule: this.ruleById(m.rule)! }));
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

  /**
   * Whether the file `key` (its first fragment now being read) goes to a worker: only while one has
   * room, so the main thread scans whatever the workers cannot take at once. Asked once per file.
   */
  take(key: string): boolean {
    if (this.current) this.send(this.current);
    this.current = null;
    const lane = this.lanes.reduce((a, b) => (b.pending + b.batchBytes < a.pending + a.batchBytes ? b : a));
    if (lane.pending + lane.batchBytes >= ROOM) return false;
    this.current = lane;
    this.currentKey = key;
    return true;
  }

  /** Queue fragment number `seq` of the file `take` gave a worker; resolves once there is room for more reading. */
  async submit(seq: number, fragment: Fragment, key: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.current || key !== this.currentKey) throw new Error('fragment submitted for a file the pool did not take');
    this.outstanding++;
    const lane = this.current;
    const size = fragment.text.length;
    lane.batch.push({ seq, fragment });
    lane.batchBytes += size;
    lane.sizes.set(seq, size);
    if (lane.batchBytes >= BATCH_BYTES || lane.pending < BATCH_BYTES) this.send(lane);
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
