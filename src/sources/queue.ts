// A bounded queue between producers that push (git output parsed as it streams, several git processes
// at once) and one consumer that pulls (the pipeline). Producers wait while it is full.

export class Queue<T> {
  private items: T[] = [];
  private ended = false;
  private failed = false;
  private failure: unknown = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducers: (() => void)[] = [];

  constructor(private readonly high = 256) {}

  async push(item: T): Promise<void> {
    if (this.ended) return;
    this.items.push(item);
    this.wake();
    while (this.items.length >= this.high && !this.ended) await new Promise<void>((r) => this.wakeProducers.push(r));
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
    for (;;) {
      if (this.items.length > 0) {
        const item = this.items.shift() as T;
        if (this.items.length < this.high / 2) this.release();
        yield item;
        continue;
      }
      if (this.failed) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((r) => (this.wakeConsumer = r));
    }
  }
}
