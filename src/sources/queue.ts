// A bounded queue between producers that push (git output parsed as it streams, several git processes
// at once) and one consumer that pulls (the pipeline). Producers wait while it is full.
import type { Readable } from 'node:stream';

/**
 * The consumer lets I/O in at least this often (ms). Taking items that are already there resolves in
 * microtasks, which never give the event loop a turn: without this, git's pipes are read only once the
 * queue runs dry, and git waits on a full pipe while the scan runs, then the scan waits on git.
 */
const IO_TURN_MS = 2;

export class Queue<T> {
  private items: T[] = [];
  private ended = false;
  private failed = false;
  private failure: unknown = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducers: (() => void)[] = [];

  private weight = 0;

  /** Full at `high` items, or at `maxWeight` by `weigh` (e.g. characters of text), whichever comes first. */
  constructor(
    private readonly high = 256,
    private readonly weigh: (item: T) => number = () => 0,
    private readonly maxWeight = Infinity,
  ) {}

  private full(): boolean {
    return this.items.length >= this.high || this.weight >= this.maxWeight;
  }

  async push(item: T): Promise<void> {
    if (this.ended) return;
    this.items.push(item);
    this.weight += this.weigh(item);
    this.wake();
    while (this.full() && !this.ended) await new Promise<void>((r) => this.wakeProducers.push(r));
  }

  /** No more items will come. */
  end(): void {
    this.ended = true;
    this.wake();
    this.release();
  }

  /** The producers failed: the consumer throws `err` once it has taken what came before. */
  fail(err: unknown): void {
    if (!this.failed) {
      this.failed = true;
      this.failure = err;
    }
    this.end();
  }

  private wake(): void {
    const w = this.wakeConsumer;
    this.wakeConsumer = null;
    w?.();
  }

  private release(): void {
    const waiting = this.wakeProducers;
    this.wakeProducers = [];
    for (const w of waiting) w();
  }

  async *drain(): AsyncGenerator<T> {
    let turn = performance.now();
    for (;;) {
      if (performance.now() - turn > IO_TURN_MS) {
        await new Promise((r) => setImmediate(r));
        turn = performance.now();
      }
      if (this.items.length > 0) {
        const item = this.items.shift() as T;
        this.weight -= this.weigh(item);
        if (this.items.length < this.high / 2 && this.weight < this.maxWeight / 2) this.release();
        yield item;
        continue;
      }
      if (this.failed) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((r) => (this.wakeConsumer = r));
    }
  }
}

/**
 * The chunks of `stream`, read ahead of the consumer up to `limit` bytes: a producer (git) keeps
 * writing while its output is parsed and scanned, and waits only once `limit` is unread.
 */
export async function* readAhead(stream: Readable, limit: number): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    bytes += chunk.length;
    if (bytes >= limit) stream.pause();
    poke();
  };
  const onEnd = () => {
    ended = true;
    poke();
  };
  const onError = (err: unknown) => {
    failure ??= err;
    ended = true;
    poke();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (let next = 0; ;) {
      if (next < chunks.length) {
        const chunk = chunks[next];
        chunks[next++] = EMPTY;
        if (next > 64) {
          chunks.splice(0, next);
          next = 0;
        }
        bytes -= chunk.length;
        if (bytes < limit / 2 && stream.isPaused() && !ended) stream.resume();
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}

const EMPTY = Buffer.alloc(0);
