// Git access in one place: thin functions that each take `cwd`. Every call checks git's exit
// status and stderr, so a failing git never reads as "nothing found". Large outputs stream.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { NeedleSet } from './needles.js';
import { decodeBuffer, readRegularFile, sniff } from './read.js';
import { KeyscanError } from '../errors.js';
import { FETCH_CONFIG, FETCH_OPTIONS, fetchGuard, gitInvocation, parseConfigList, type GitInvocationOptions } from './git-safe.js';

/** The first fatal/error line git printed, for a one-line message. */
export function gitReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => l.startsWith('fatal:')) ?? lines.filter((l) => l.startsWith('error:')).pop() ?? lines[0] ?? '';
  return fatal.replace(/^(fatal|error):\s*/, '');
}

/** The git subcommand in an argument list (`-c key=value` pairs come before it). */
function subcommand(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return '';
}

/** A KeyscanError for a failed git run, with a hint when the repository itself is damaged. */
function gitFailure(args: string[], stderr: string, fallback: string): KeyscanError {
  // A partial clone lacks objects that git would fetch on demand; keyscan never lets it (git-safe.ts).
  const lazy = /could not fetch ([0-9a-f]{40,64}) from promisor remote/.exec(stderr);
  if (lazy) {
    return new KeyscanError(
      `incomplete scan: this is a partial clone and object ${lazy[1]} is not here (keyscan never fetches while scanning)`,
      'fetch every object first (git fetch --refetch, or clone without --filter), then scan again',
    );
  }
  const reason = gitReason(stderr) || fallback;
  const damaged = /unable to read|is corrupt|missing (?:blob|tree|commit)|bad object|inflate|invalid object|not a valid object/i.test(reason);
  return new KeyscanError(`git ${subcommand(args)} failed: ${reason}`, damaged ? 'the repository is incomplete or corrupt: run git fsck' : undefined);
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run git to completion. Throws KeyscanError unless the exit code is in `ok` (default [0]). */
export function runGit(cwd: string, args: string[], options: { input?: string; ok?: number[] } & GitInvocationOptions = {}): Promise<GitResult> {
  const ok = options.ok ?? [0];
  return new Promise((resolvePromise, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      const safe = gitInvocation(options);
      child = spawn('git', [...safe.args, ...args], { cwd, stdio: 'pipe', env: safe.env });
    } catch (err) {
      reject(new KeyscanError(`cannot run git: ${(err as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new KeyscanError(e.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 };
      if (signal || !ok.includes(result.code)) {
        reject(gitFailure(args, result.stderr, `exit ${signal ?? code}`));
      } else resolvePromise(result);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** A running git whose stdout is read as a stream; `done` rejects when git fails. */
export interface GitStream {
  stdout: Readable;
  stdin: ChildProcessWithoutNullStreams['stdin'];
  /** Resolves when git exited 0; rejects with a KeyscanError naming git's complaint otherwise. */
  done: Promise<void>;
  kill(): void;
}

export function streamGit(cwd: string, args: string[], options: GitInvocationOptions = {}): GitStream {
  const safe = gitInvocation(options);
  const child = spawn('git', [...safe.args, ...args], { cwd, stdio: 'pipe', env: safe.env });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += b.toString('utf8');
  });
  child.stdin.on('error', () => undefined);
  let killed = false;
  const done = new Promise<void>((resolvePromise, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new KeyscanError(e.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      if (killed) resolvePromise();
      else if (code === 0 && !signal) resolvePromise();
      else reject(gitFailure(args, stderr, `exit ${signal ?? code}`));
    });
  });
  done.catch(() => undefined); // observed by the caller; never an unhandled rejection
  return {
    stdout: child.stdout,
    stdin: child.stdin,
    done,
    kill() {
      killed = true;
      child.kill();
    },
  };
}

/** The top of the repository (work tree, or the git dir of a bare one). Not a repository: KeyscanError. */
export async function repositoryRoot(cwd: string): Promise<{ root: string; bare: boolean }> {
  const notRepo = (stderr: string) =>
    new KeyscanError(`not a git repository: ${cwd}`, /not a git repository/.test(stderr) ? undefined : gitReason(stderr) || undefined);
  let r: GitResult;
  try {
    r = await runGit(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir'], { ok: [0, 128] });
  } catch (err) {
    if (err instanceof KeyscanError && /not installed/.test(err.message)) throw err;
    throw new KeyscanError(`not a git repository: ${cwd}`);
  }
  if (r.code !== 0) throw notRepo(r.stderr);
  const [bare, gitDir] = r.stdout.split('\n');
  if (bare === 'true') return { root: gitDir, bare: true };
  // --show-toplevel fails in a bare repository, so it is asked only now; inside .git it prints
  // nothing, and the git dir stands in.
  const top = await runGit(cwd, ['rev-parse', '--show-toplevel'], { ok: [0, 128] });
  return { root: top.code === 0 && top.stdout.trim() ? top.stdout.trim() : gitDir, bare: false };
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await runGit(cwd, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}

/** The commit a revision names, or null when the repository has no such commit. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | null> {
  if (rev.startsWith('-')) throw new KeyscanError(`invalid revision ${rev}: must not start with "-"`);
  const r = await runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { ok: [0, 1, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Every stash entry (refs/stash and its reflog): `--all` alone reaches only the newest. */
export async function stashCommits(cwd: string): Promise<string[]> {
  const has = await runGit(cwd, ['rev-parse', '--verify', '--quiet', 'refs/stash'], { ok: [0, 1, 128] });
  if (has.code !== 0) return [];
  const r = await runGit(cwd, ['log', '--walk-reflogs', '--format=%H', 'refs/stash', '--'], { ok: [0] });
  return r.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

/** Whether any ref points at a commit (an empty repository has none). */
export async function hasCommits(cwd: string): Promise<boolean> {
  const r = await runGit(cwd, ['rev-list', '-n', '1', '--all']);
  return r.stdout.trim().length > 0;
}

/** How many commits `revs` names (rev-list syntax, given after --end-of-options). */
export async function countCommits(cwd: string, revOptions: string[], revs: string[]): Promise<number> {
  const r = await runGit(cwd, ['rev-list', '--count', ...revOptions, '--end-of-options', ...revs, '--']);
  return Number(r.stdout.trim()) || 0;
}

/**
 * A blob's text as keyscan reads files (sources/read.ts: a stray NUL is still text, UTF-16/32 decoded),
 * as UTF-8 bytes; null when keyscan would skip it as binary. git grep -I's rule (any NUL in the first
 * 8,000 bytes) said "deleted" of a key HEAD still holds in a .env with one NUL or in UTF-16.
 */
export function blobText(content: Buffer): Buffer | null {
  const { encoding } = sniff(content.subarray(0, 8000));
  if (encoding === 'binary') return null;
  if (encoding === 'utf-8') return content;
  const text = decodeBuffer(content);
  return text === null ? null : Buffer.from(text, 'utf8');
}

/** `git cat-file` processes reading one tree (HEAD of 7,994 commits of real code, 9,969 blobs: 0.45 -> 0.25 s with two). */
const TREE_READERS = 2;

/** Hand the text of each of `blobs` (binary ones left out) to `each`, in order. */
async function readBlobs(cat: CatFile, blobs: string[], each: (sha: string, text: Buffer) => void): Promise<void> {
  cat.askAll(blobs);
  for (let done = 0; done < blobs.length; done++) {
    const header = await cat.header();
    if ('missing' in header) continue;
    const content = blobText(await cat.content(header.size));
    if (content !== null) each(blobs[done], content);
  }
}

/** Larger files of the work tree are not read for grepTree: their blobs come through `git cat-file`. */
const WORK_TREE_BLOB_LIMIT = 64 << 20;

/**
 * The bytes of `path` in the work tree when they are exactly the blob `sha` (a clean checkout: most of
 * HEAD), else null. Read as a tree scan reads (never through a symlink, never blocking on a FIFO, a
 * regular file only), and taken only when git's own hash of them is the blob's: then they are the blob,
 * whatever the file is, and reading them skips inflating the blob in `git cat-file`.
 */
export function workTreeBlob(top: string, path: string, sha: string): Buffer | null {
  const abs = resolve(top, path);
  if (!abs.startsWith(top.endsWith(sep) ? top : top + sep)) return null;
  const bytes = readRegularFile(abs, 0, WORK_TREE_BLOB_LIMIT);
  if (!bytes) return null;
  const hash = createHash(sha.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex') === sha ? bytes : null;
}

/** The entries of `git ls-tree -z` output. */
export function treeEntries(stdout: string): { mode: string; type: string; sha: string; path: string }[] {
  const out: { mode: string; type: string; sha: string; path: string }[] = [];
  for (const entry of stdout.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, sha] = entry.slice(0, tab).split(' ');
    out.push({ mode, type, sha, path: entry.slice(tab + 1) });
  }
  return out;
}

/**
 * Which of `needles` (fixed strings without newlines) occur in `tree` (e.g. HEAD), and at which paths.
 * Linear: every text blob of the tree is read once and searched for every needle in one pass
 * (sources/needles.ts); `git grep -F -f -` grew with needles × text (84 s for 2,000 keys in one file).
 * Needles never reach a command line where `ps` would show them. A blob whose file in the work tree at
 * `top` holds exactly its bytes (workTreeBlob) is read from there; the others through `git cat-file
 * --batch` (a tree scan of rails' git checkout: ~0.3 s of cat-file inflating every blob of HEAD).
 */
export async function grepTree(cwd: string, tree: string, needles: string[], top?: string): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  const list = [...new Set(needles.filter((n) => n.length > 0 && !n.includes('\n')))];
  if (list.length === 0) return found;
  if (!/^[0-9a-f]{40,64}$/.test(tree)) throw new KeyscanError(`invalid tree ${tree}`);
  const listing = await runGit(cwd, ['ls-tree', '-r', '-z', '--full-tree', tree]);
  const pathsOf = new Map<string, string[]>();
  // Blobs that stand as regular files (a symlink's blob is its target's name): those may be in the work tree.
  const files = new Set<string>();
  for (const { mode, type, sha, path } of treeEntries(listing.stdout)) {
    if (type !== 'blob') continue; // submodules (commits) hold no text of this repository
    const paths = pathsOf.get(sha);
    if (paths) paths.push(path);
    else pathsOf.set(sha, [path]);
    if (mode !== '120000') files.add(sha);
  }
  if (pathsOf.size === 0) return found;
  const set = new NeedleSet(list);
  const search = (sha: string, content: Buffer) => {
    for (const index of set.find(content)) {
      const needle = list[index];
      const paths = found.get(needle) ?? new Set<string>();
      for (const p of pathsOf.get(sha) ?? []) paths.add(p);
      found.set(needle, paths);
    }
  };
  const blobs: string[] = [];
  for (const [sha, paths] of pathsOf) {
    let bytes: Buffer | null = null;
    if (top !== undefined && files.has(sha)) for (let i = 0; i < paths.length && !bytes; i++) bytes = workTreeBlob(top, paths[i], sha);
    if (!bytes) blobs.push(sha);
    else {
      const text = blobText(bytes);
      if (text !== null) search(sha, text);
    }
  }
  if (blobs.length === 0) return found;
  // git's reading (inflating and applying deltas) is most of the cost: the blobs are split between
  // processes, one a core, in contiguous halves (a pack's neighbours share deltas).
  const readers = Math.max(1, Math.min(TREE_READERS, availableParallelism(), Math.ceil(blobs.length / 256)));
  const cats = Array.from({ length: readers }, () => new CatFile(cwd, true));
  const each = Math.ceil(blobs.length / readers);
  let finished = false;
  try {
    await Promise.all(cats.map((cat, i) => readBlobs(cat, blobs.slice(i * each, (i + 1) * each), search)));
    finished = true;
  } finally {
    if (finished) await Promise.all(cats.map((cat) => cat.close()));
    else for (const cat of cats) cat.kill();
  }
  return found;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * A git timestamp (`%at`, seconds) as the reports write dates: `2020-01-02T10:00:00Z`. Worked out with
 * integer arithmetic for years 1970-9999 (a Date and toISOString cost ~1.5 µs a commit, 0.2 s over
 * 118,000 commits); anything else goes through Date, as before.
 */
export function isoDate(unixSeconds: string): string {
  const t = Number(unixSeconds);
  if (!Number.isInteger(t) || t < 0 || t >= 253402300800) return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const days = Math.floor(t / 86400);
  const secs = t - days * 86400;
  // Days since 1970-01-01 to a civil date (March-based years, as in H. Hinnant's days_from_civil inverse).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(mi)}:${pad2(secs % 60)}Z`;
}

/**
 * The path a diff's `--- a/PATH` or `+++ b/PATH` line names (the line without its first four characters),
 * without its `a/` or `b/`; null for /dev/null. git ends a name holding a space with a tab.
 */
export function diffSidePath(name: string): string | null {
  const bare = name.endsWith('\t') && name.includes(' ') ? name.slice(0, -1) : name;
  if (bare === '/dev/null') return null;
  const path = unquotePath(bare);
  return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
}

/** Undo git's C-style quoting of a path (`"a\tb\303\251"`); unquoted paths come back unchanged. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && /[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (next !== undefined && next in simple) {
      bytes.push(simple[next]);
      i += 1;
    } else bytes.push(92);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Pulls lines and exact byte counts out of a stream, holding at most one pending chunk. */
export class ByteReader {
  private readonly it: AsyncIterator<Buffer>;
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(stream: Readable) {
    this.it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async next(): Promise<Buffer | null> {
    if (this.ended) return null;
    const step = await this.it.next();
    if (step.done) {
      this.ended = true;
      return null;
    }
    return step.value;
  }

  /** The next line without its newline; null at the end of the stream. */
  async line(): Promise<Buffer | null> {
    const nl = this.buf.indexOf(10);
    if (nl >= 0) {
      const line = this.buf.subarray(0, nl);
      this.buf = this.buf.subarray(nl + 1);
      return line;
    }
    const pieces = [this.buf];
    for (;;) {
      const chunk = await this.next();
      if (chunk === null) {
        this.buf = Buffer.alloc(0);
        const rest = Buffer.concat(pieces);
        return rest.length === 0 ? null : rest;
      }
      const at = chunk.indexOf(10);
      if (at >= 0) {
        pieces.push(chunk.subarray(0, at));
        this.buf = chunk.subarray(at + 1);
        return Buffer.concat(pieces);
      }
      pieces.push(chunk);
    }
  }

  /** Exactly `n` bytes, in pieces as they arrive. Throws on a short stream. */
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0) {
        const chunk = await this.next();
        if (chunk === null) throw new Error('stream ended early');
        this.buf = chunk;
      }
      const take = Math.min(left, this.buf.length);
      const piece = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      left -= take;
      yield piece;
    }
  }

  /** Exactly `n` bytes as one buffer (copied once). Throws on a short stream. */
  async exact(n: number): Promise<Buffer> {
    if (this.buf.length >= n) {
      const out = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
      return out;
    }
    const pieces = [this.buf];
    let have = this.buf.length;
    while (have < n) {
      const chunk = await this.next();
      if (chunk === null) throw new Error('stream ended early');
      pieces.push(chunk);
      have += chunk.length;
    }
    const all = Buffer.concat(pieces, have);
    this.buf = all.subarray(n);
    return all.subarray(0, n);
  }
}

export type CatFileHeader = { sha: string; type: string; size: number } | { sha: string; missing: true };

/**
 * `git cat-file --batch`: ask for objects by id, read them back in the same order. Callers keep
 * the number of open requests bounded, read each header, then exactly `size` bytes of content.
 */
export class CatFile {
  private readonly git: GitStream;
  private readonly reader: ByteReader;
  private pending = 0;

  /** `all`: every object is asked for at once (askAll), and git buffers its answers instead of writing each at once. */
  constructor(
    readonly cwd: string,
    all = false,
  ) {
    this.git = streamGit(cwd, ['cat-file', '--batch', ...(all ? ['--buffer'] : [])]);
    this.reader = new ByteReader(this.git.stdout);
  }

  /**
   * Ask for every object of `shas`, and no more: stdin is closed after them. Written whole (no waiting
   * for git to read), since git blocks on its answers until they are read.
   */
  askAll(shas: string[]): void {
    for (const sha of shas) if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new KeyscanError(`invalid object id ${sha}`);
    this.pending += shas.length;
    this.git.stdin.end(shas.length > 0 ? `${shas.join('\n')}\n` : '');
  }

  get open(): number {
    return this.pending;
  }

  /** Ask for an object; resolves once git's stdin has room again. */
  request(sha: string): Promise<void> | void {
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new KeyscanError(`invalid object id ${sha}`);
    this.pending++;
    if (!this.git.stdin.write(`${sha}\n`)) return new Promise((r) => this.git.stdin.once('drain', () => r()));
  }

  private async failure(what: string): Promise<never> {
    await this.git.done; // rejects with git's own reason when git failed
    throw new KeyscanError(`git cat-file failed: ${what}`);
  }

  /** The header of the next answer; its content must then be read with content()/chunks(). */
  async header(): Promise<CatFileHeader> {
    const line = await this.reader.line();
    if (line === null) return this.failure('no answer (a missing or corrupt object?)');
    this.pending--;
    const text = line.toString('utf8');
    const parts = text.split(' ');
    if (parts[1] === 'missing' || parts[1] === 'ambiguous') return { sha: parts[0], missing: true };
    if (parts.length !== 3 || !/^\d+$/.test(parts[2])) return this.failure(`unexpected answer "${text.slice(0, 100)}"`);
    return { sha: parts[0], type: parts[1], size: Number(parts[2]) };
  }

  /** The whole content (for small objects) and the newline after it. */
  async content(size: number): Promise<Buffer> {
    try {
      const body = await this.reader.exact(size + 1);
      return body.subarray(0, size);
    } catch {
      return this.failure('content ended early (a corrupt object?)');
    }
  }

  /** The content in pieces (for large objects); must be read to the end, then newline() called. */
  async *chunks(size: number): AsyncGenerator<Buffer> {
    try {
      yield* this.reader.chunks(size);
    } catch {
      await this.failure('content ended early (a corrupt object?)');
    }
  }

  async newline(): Promise<void> {
    await this.reader.exact(1).catch(() => this.failure('content ended early'));
  }

  async close(): Promise<void> {
    this.git.stdin.end();
    // Drain anything unread so git can exit, then check how it exited.
    while ((await this.reader.line()) !== null);
    await this.git.done;
  }

  kill(): void {
    this.git.kill();
  }
}

// ── Added for the staged scan, hooks and CI ranges (src/sources/staged.ts, src/hook/). ──

/** A git config value (null when unset). */
export async function configValue(cwd: string, key: string): Promise<string | null> {
  const r = await runGit(cwd, ['config', '--get', key], { ok: [0, 1], realHooksPath: true });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** A path inside the git dir (`git rev-parse --git-path`), relative to `cwd` or absolute; honours core.hooksPath and worktrees. */
export async function gitPath(cwd: string, name: string): Promise<string> {
  const r = await runGit(cwd, ['rev-parse', '--git-path', name], { realHooksPath: true });
  return r.stdout.replace(/\n$/, '');
}

/**
 * `git fetch` from a remote: never tags, never a credential prompt or helper, never a program the
 * clone's config names (ssh command, proxy command, upload-pack, hooks): see git-safe.ts.
 */
export async function fetchFrom(cwd: string, remote: string, options: string[], refspecs: string[] = []): Promise<void> {
  if (remote.startsWith('-')) throw new KeyscanError(`invalid remote ${remote}: must not start with "-"`);
  const config = await runGit(cwd, ['config', '--list', '--show-scope', '-z'], { ok: [0, 1] });
  const guard = fetchGuard(parseConfigList(config.stdout), remote, process.env);
  if (guard.refusal) throw new KeyscanError(`git fetch from ${remote} refused: ${guard.refusal}`, 'fetch the history yourself (git fetch --unshallow), then run keyscan ci again');
  try {
    await runGit(cwd, [...FETCH_CONFIG, ...guard.args, 'fetch', '--quiet', '--no-tags', ...FETCH_OPTIONS, ...options, '--end-of-options', remote, ...refspecs], { fetch: true });
  } catch (err) {
    const reason = err instanceof KeyscanError ? err.message.replace(/^git .*? failed: /, '') : String(err);
    throw new KeyscanError(`git fetch from ${remote} failed: ${reason}`);
  }
}

/** The commits the refs under `prefix` (e.g. refs/remotes/origin/) point at. */
export async function refTargets(cwd: string, prefix: string): Promise<string[]> {
  const r = await runGit(cwd, ['for-each-ref', '--format=%(objectname) %(objecttype)', '--end-of-options', prefix]);
  return r.stdout
    .split('\n')
    .filter((l) => l.endsWith(' commit'))
    .map((l) => l.split(' ')[0]);
}

/** The commits reachable from `revs` (rev-list syntax: `^X` excludes), newest first. */
export async function listCommits(cwd: string, revs: string[]): Promise<string[]> {
  const r = await runGit(cwd, ['rev-list', '--end-of-options', ...revs, '--']);
  return r.stdout.split('\n').filter(Boolean);
}
