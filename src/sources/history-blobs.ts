// Whole blobs (what git showed no text diff for: binary to git, `-diff` in .gitattributes, over
// core.bigFileThreshold), read once each through `git cat-file --batch` as fragments that carry the
// blob id. Which commits put a blob where is recorded beside them (introductions) and credited after
// matching (findings/attribute.ts), so a blob rewritten in 1,000 commits is still scanned once.
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Fragment, Introduction } from '../types.js';
import { CatFile } from './git.js';
import { bufferFragments, chunkedFragments, type ReadOutcome, WHOLE_LIMIT } from './read.js';
import { Tally } from './tally.js';

/** Open cat-file requests at most; answers beyond that wait in git's pipe. */
const MAX_OPEN = 128;

export class BlobReader {
  private readonly requested = new Set<string>();
  private readonly intros = new Map<string, Introduction[]>();
  /**
   * A blob is read when a commit first shows it, and which commit that is depends on how the git processes
   * interleave. What reading it tells the tally (skipped as binary, archive entries, notes) is therefore
   * kept per blob with the path it was read under, and told at close under the least path any commit
   * put it at (for a replaced blob, the least path of what replaced it): the summary is the same whatever
   * the order.
   */
  private readonly told = new Map<string, { path: string; tally: Tally }>();
  private readonly least = new Map<string, string>();
  private readonly queue: { sha: string; path: string }[] = [];
  private cat: CatFile | null = null;
  private loop: Promise<void> | null = null;
  private running = false;
  private failure: unknown = null;
  private waiters: (() => void)[] = [];
  blobsRead = 0;

  /** `emit` hands each fragment on (and waits while the consumer is behind). */
  constructor(
    private readonly cwd: string,
    private readonly tally: Tally,
    public emit: (fragment: Fragment) => Promise<void>,
  ) {}

  /** `commit` put `blob` at `path`, replacing `replaced`. */
  introduce(blob: string, path: string, commit: CommitInfo, replaced: string[]): void {
    const intro = { blob, path, commit, replaced };
    this.offer(blob, path);
    const list = this.intros.get(blob);
    if (list) list.push(intro);
    else this.intros.set(blob, [intro]);
    if (!this.requested.has(blob)) this.request(blob, path);
  }

  private offer(sha: string, path: string): void {
    const least = this.least.get(sha);
    if (least === undefined || path < least) this.least.set(sha, path);
  }

  private request(sha: string, path: string): void {
    this.requested.add(sha);
    this.cat ??= new CatFile(this.cwd);
    this.queue.push({ sha, path });
    void this.cat.request(sha);
    if (!this.running) {
      this.running = true;
      this.loop = this.drain();
    }
  }

  /** Wait until few enough requests are open; rethrow a failure of the reading side. */
  async settle(limit = MAX_OPEN): Promise<void> {
    while (this.queue.length > limit && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  private wakeAll(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const { sha, path } = this.queue[0];
        await this.readOne(sha, path);
        this.queue.shift();
        this.wakeAll();
      }
    } catch (err) {
      this.failure = err;
      this.cat?.kill();
    } finally {
      this.running = false;
      this.wakeAll();
    }
  }

  private async readOne(sha: string, path: string): Promise<void> {
    const cat = this.cat as CatFile;
    const head = await cat.header();
    if ('missing' in head) {
      throw new KeyscanError(`object ${sha} (${path}) is missing from the repository`, 'the repository is incomplete or corrupt: run git fsck');
    }
    if (head.sha !== sha || head.type !== 'blob') {
      throw new KeyscanError(`object ${sha} (${path}) is not a blob (git answered ${head.type} ${head.sha})`);
    }
    let outcome: ReadOutcome;
    const base = { path, origin: 'git' as const, blob: sha };
    const tally = new Tally();
    this.told.set(sha, { path, tally });
    const ctx = { tally };
    if (head.size <= WHOLE_LIMIT) {
      const gen = bufferFragments(await cat.content(head.size), base, ctx);
      let step = await gen.next();
      while (!step.done) {
        await this.emit(step.value);
        step = await gen.next();
      }
      outcome = step.value;
    } else {
      const body = cat.chunks(head.size);
      // chunkedFragments stops early on binary content; keep the body open so we can drain it.
      const unclosable = { [Symbol.asyncIterator]: () => ({ next: () => body.next() }) };
      const gen = chunkedFragments(unclosable, base, {}, ctx);
      let step = await gen.next();
      while (!step.done) {
        await this.emit(step.value);
        step = await gen.next();
      }
      outcome = step.value;
      for await (const _ of body) void _;
      await cat.newline();
    }
    this.blobsRead++;
    if (outcome === 'binary') tally.skip(path, 'binary');
    else if (outcome === 'text') {
      tally.filesScanned++;
      tally.bytesScanned += head.size;
    }
  }

  /** Wait until every blob asked for has been read and handed on. */
  async finish(): Promise<void> {
    await this.settle(0);
    if (this.loop) await this.loop;
    if (this.failure) throw this.failure;
  }

  /**
   * Read the blobs replaced by blobs that held a match and that were never read (outside the range
   * scanned): a commit introduces a secret only if what it replaced did not hold it already.
   */
  async readReplaced(matched: ReadonlySet<string>): Promise<void> {
    for (const [sha, list] of this.intros) {
      if (!matched.has(sha)) continue;
      for (const intro of list)
        for (const old of intro.replaced) {
          this.offer(old, intro.path);
          if (!this.requested.has(old)) this.request(old, intro.path);
        }
    }
    await this.finish();
  }

  /** Close cat-file once everything is read; checks how git exited. Then tell the tally what the blobs held. */
  async close(): Promise<void> {
    await this.cat?.close();
    for (const sha of [...this.told.keys()].sort()) {
      const { path, tally } = this.told.get(sha)!;
      const to = this.least.get(sha) ?? path;
      this.tally.absorb(tally, (text) => (text.startsWith(path) ? to + text.slice(path.length) : text));
    }
    this.told.clear();
  }

  introductions(): Introduction[] {
    return [...this.intros.values()].flat();
  }

  /** Stop cat-file after a failure elsewhere. */
  abort(): void {
    this.cat?.kill();
  }
}
