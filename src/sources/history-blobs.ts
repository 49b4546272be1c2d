// Read whole blobs once each through `git cat-file --batch` and attribute provenance afterwards.
// Every introduction of a blob (commit, path, the blobs it replaced) is remembered only while the
// blob is being read or once it turned out to hold a secret; a commit introduces a secret into a
// path when the new blob holds it and none of the blobs it replaced did.
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Fragment, Match } from '../types.js';
import { CatFile } from './git.js';
import { chunkedFragments, decodeBuffer, WHOLE_LIMIT } from './read.js';
import type { Tally } from './tally.js';

/** The engine, handed in by the CLI so that sources stay free of it. */
export interface Scanner {
  scan(fragment: Fragment): Match[];
}

interface Intro {
  path: string;
  commit: CommitInfo;
  oldBlobs: string[];
}

const CLEAN = 0;
const PENDING = 1;
type BlobState = typeof CLEAN | typeof PENDING | Match[];

/** Open cat-file requests at most; answers beyond that wait in git's pipe. */
const MAX_OPEN = 128;

export function secretKey(m: Match): string {
  return `${m.rule.id}\0${m.secret}`;
}

/** The same match at another path: the engine decides confidence from the path, so ask it again. */
export function relocate(m: Match, path: string, scanner: Scanner): Match {
  if (m.path === path) return m;
  const again = scanner.scan({ text: m.lineText, path, startLine: m.line, origin: m.origin });
  const same = again.find((a) => a.secret === m.secret && a.rule.id === m.rule.id);
  return same ? { ...same, column: m.column, offset: m.offset, lineText: m.lineText } : { ...m, path };
}

export class BlobIndex {
  private readonly state = new Map<string, BlobState>();
  private readonly intros = new Map<string, Intro[]>();
  private readonly queue: { sha: string; path: string }[] = [];
  private cat: CatFile | null = null;
  private loop: Promise<void> | null = null;
  private running = false;
  private failure: unknown = null;
  private waiters: (() => void)[] = [];
  blobsRead = 0;
  bytesRead = 0;

  constructor(
    private readonly cwd: string,
    private readonly scanner: Scanner,
    private readonly tally: Tally,
  ) {}

  /** `commit` put `blob` at `path`, replacing `oldBlobs`. */
  introduce(blob: string, path: string, commit: CommitInfo, oldBlobs: string[]): void {
    const st = this.state.get(blob);
    if (st === CLEAN) return;
    const intro = { path, commit, oldBlobs };
    const list = this.intros.get(blob);
    if (list) list.push(intro);
    else this.intros.set(blob, [intro]);
    if (st === undefined) this.request(blob, path);
  }

  private request(sha: string, path: string): void {
    this.state.set(sha, PENDING);
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
    let matches: Match[] = [];
    let binary = false;
    const base = { path, origin: 'git' as const };
    if (head.size <= WHOLE_LIMIT) {
      const bytes = await cat.content(head.size);
      const text = decodeBuffer(bytes);
      if (text === null) binary = true;
      else matches = this.scanner.scan({ ...base, text, startLine: 1 });
    } else {
      const body = cat.chunks(head.size);
      // chunkedFragments stops early on binary content; keep the body open so we can drain it.
      const unclosable = { [Symbol.asyncIterator]: () => ({ next: () => body.next() }) };
      const gen = chunkedFragments(unclosable, base);
      let step = await gen.next();
      while (!step.done) {
        for (const m of this.scanner.scan(step.value)) matches.push(m);
        step = await gen.next();
      }
      binary = step.value === 'binary';
      for await (const _ of body) void _;
      await cat.newline();
    }
    this.blobsRead++;
    this.bytesRead += head.size;
    if (binary) this.tally.skip(path, 'binary');
    else {
      this.tally.filesScanned++;
      this.tally.bytesScanned += head.size;
    }
    if (matches.length === 0) {
      this.state.set(sha, CLEAN);
      this.intros.delete(sha);
    } else this.state.set(sha, matches);
  }

  /** Every introduction of a secret, once all reading is done. Closes cat-file. */
  async finish(): Promise<Match[]> {
    await this.settle(0);
    // The blobs that matched blobs replaced and that were never read (outside the range): read them.
    for (const [sha, list] of this.intros) {
      if (!Array.isArray(this.state.get(sha))) continue;
      for (const intro of list) for (const old of intro.oldBlobs) if (!this.state.has(old)) this.request(old, intro.path);
    }
    await this.settle(0);
    if (this.loop) await this.loop;
    if (this.failure) throw this.failure;
    await this.cat?.close();
    const out: Match[] = [];
    for (const [sha, list] of this.intros) {
      const found = this.state.get(sha);
      if (!Array.isArray(found)) continue;
      for (const intro of list) {
        const before = new Set<string>();
        for (const old of intro.oldBlobs) {
          const st = this.state.get(old);
          if (Array.isArray(st)) for (const m of st) before.add(secretKey(m));
        }
        for (const m of found) {
          if (before.has(secretKey(m))) continue;
          out.push({ ...relocate(m, intro.path, this.scanner), commit: intro.commit });
        }
      }
    }
    return out;
  }

  /** Stop cat-file after a failure elsewhere. */
  abort(): void {
    this.cat?.kill();
  }
}
