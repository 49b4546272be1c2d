// Git history as a source: which commits to read, and ways to read them (DECISIONS.md has figures).
//   diff (default): stream `git log -p -U0 --cc` from up to two git processes and scan only added
//           lines (merges: lines new against every parent); whatever git shows as binary (real
//           binaries, `-diff` in .gitattributes, files over core.bigFileThreshold) is read whole,
//           once per blob, through cat-file.
//   hybrid: `diff` with the threshold at BIG_FILE, so big files are read whole instead of diffed.
//   blob:   stream `git log --raw` for (commit, path, blob) and read every unique blob once.
// Nothing here holds the whole log or all blobs: memory grows with findings and, for `blob`, with a
// set of blob ids.
import { availableParallelism } from 'node:os';
import micromatch from 'micromatch';
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Match } from '../types.js';
import { countCommits, isShallow, resolveCommit, stashCommits, streamGit, type GitStream } from './git.js';
import { BlobIndex, type Scanner } from './history-blobs.js';
import { COMMIT_FORMAT, DiffParser, Splitter, isoDate } from './history-diff.js';
import type { Tally } from './tally.js';

export type { Scanner } from './history-blobs.js';
export type Strategy = 'diff' | 'blob' | 'hybrid';
export const STRATEGIES: Strategy[] = ['diff', 'hybrid', 'blob'];

/** Files at least this large are read whole instead of diffed (hybrid). */
export const BIG_FILE = 256 * 1024;

/** Which commits to scan: options before `--end-of-options`, revisions after it. */
export interface Revisions {
  options: string[];
  revs: string[];
  /** For the report: what was asked. */
  describe: string;
  shallow: boolean;
}

function missingHint(shallow: boolean): string {
  return shallow
    ? 'this clone is shallow: fetch more history with git fetch --deepen=<n> or git fetch --unshallow (GitHub Actions: actions/checkout with fetch-depth: 0)'
    : 'check the name, or fetch it first (git fetch --deepen=<n>; GitHub Actions: fetch-depth: 0)';
}

async function mustResolve(cwd: string, rev: string, what: string, shallow: boolean): Promise<string> {
  const sha = await resolveCommit(cwd, rev);
  if (!sha) throw new KeyscanError(`${what} ${rev}: no such commit in this repository`, missingHint(shallow));
  return sha;
}

/** Every ref (branches, tags, remotes, every stash entry), or what `since` / `range` ask for. */
export async function selectRevisions(cwd: string, ask: { since?: string; range?: string }): Promise<Revisions> {
  const shallow = await isShallow(cwd);
  if (ask.since !== undefined && ask.range !== undefined) throw new KeyscanError('--since and --range cannot be combined');
  if (ask.range !== undefined) {
    const m = /^(.*?)(\.\.\.?)(.*)$/.exec(ask.range);
    if (!m) {
      const tip = await mustResolve(cwd, ask.range, '--range', shallow);
      return { options: [], revs: [tip], describe: `commits reachable from ${ask.range}`, shallow };
    }
    const from = await mustResolve(cwd, m[1] || 'HEAD', '--range', shallow);
    const to = await mustResolve(cwd, m[3] || 'HEAD', '--range', shallow);
    return { options: [], revs: [`${from}${m[2]}${to}`], describe: `commits in ${ask.range}`, shallow };
  }
  const stash = await stashCommits(cwd);
  if (ask.since !== undefined) {
    const base = await mustResolve(cwd, ask.since, '--since', shallow);
    return { options: ['--all'], revs: [...stash, `^${base}`], describe: `commits not reachable from ${ask.since}`, shallow };
  }
  return { options: ['--all'], revs: stash, describe: 'every commit on every ref', shallow };
}

export function totalCommits(cwd: string, revisions: Revisions): Promise<number> {
  return countCommits(cwd, revisions.options, revisions.revs);
}

export interface Progress {
  commits: number;
  bytes: number;
  blobs: number;
}

export interface HistoryOptions {
  cwd: string;
  revisions: Revisions;
  strategy: Strategy;
  scanner: Scanner;
  tally: Tally;
  /** Globs of paths left out by configuration. */
  allowPaths?: string[];
  /** Hybrid: files of at least this many bytes are read whole (default BIG_FILE). */
  bigFile?: number;
  onProgress?: (p: Progress) => void;
  /** Parallel `git log` processes for the diff strategies (default: up to 2, one per core). */
  jobs?: number;
}

export interface HistoryResult {
  matches: Match[];
  commits: number;
}

/** Options that keep the user's git configuration from changing what we parse. */
const DIFF_OPTIONS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--find-renames',
  '--root',
  '--full-index',
  '--no-abbrev',
  '--submodule=short',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

function skipper(allow: string[]): (path: string) => boolean {
  return allow.length === 0 ? () => false : (path) => micromatch.isMatch(path, allow, { dot: true });
}

/** One stream of git output and what to do with each piece of it. */
interface Reader {
  git: GitStream;
  sep: number;
  onPiece: (b: Buffer, start: number, end: number) => void;
  atEnd: () => void;
}

/**
 * `git log -p` over the commits: one process, or (jobs > 1) the commit list from `git rev-list`
 * dealt out in batches to several `git log --no-walk --stdin` processes, so git's diffing uses
 * every core. A worker is started only once it has a commit: with empty input git would walk HEAD.
 */
function diffStreams(o: HistoryOptions, jobs: number, onStream: (git: GitStream) => void): Promise<void> {
  const big = o.strategy === 'hybrid' ? ['-c', `core.bigFileThreshold=${o.bigFile ?? BIG_FILE}`] : [];
  const log = [...big, 'log', '-p', '-U0', '--inter-hunk-context=0', '--cc', '--diff-algorithm=myers', ...DIFF_OPTIONS, `--format=${COMMIT_FORMAT}`];
  if (jobs <= 1) {
    onStream(streamGit(o.cwd, [...log, ...o.revisions.options, '--end-of-options', ...o.revisions.revs, '--']));
    return Promise.resolve();
  }
  const workers: (GitStream | null)[] = new Array(jobs).fill(null);
  const list = streamGit(o.cwd, ['rev-list', ...o.revisions.options, '--end-of-options', ...o.revisions.revs, '--']);
  let batch: string[] = [];
  let turn = 0;
  const deal = async (): Promise<void> => {
    let w = workers[turn];
    if (!w) {
      w = streamGit(o.cwd, [...log, '--no-walk=unsorted', '--stdin']);
      workers[turn] = w;
      onStream(w);
    }
    const text = `${batch.join('\n')}\n`;
    batch = [];
    turn = (turn + 1) % jobs;
    if (!w.stdin.write(text)) await new Promise((r) => w.stdin.once('drain', r));
  };
  return (async () => {
    try {
      let rest = '';
      for await (const chunk of list.stdout as AsyncIterable<Buffer>) {
        const lines = (rest + chunk.toString('latin1')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (!line) continue;
          batch.push(line);
          if (batch.length >= COMMIT_BATCH) await deal();
        }
      }
      if (rest) batch.push(rest);
      if (batch.length > 0) await deal();
      await list.done;
    } finally {
      for (const w of workers) w?.stdin.end();
    }
  })();
}

/** Commits per batch handed to one `git log --stdin` worker. */
const COMMIT_BATCH = 64;

/** Read the commits `revisions` names and return every match, each with the commit that added it. */
export async function scanHistory(o: HistoryOptions): Promise<HistoryResult> {
  const matches: Match[] = [];
  const blobs = new BlobIndex(o.cwd, o.scanner, o.tally);
  const skip = skipper(o.allowPaths ?? []);
  const progress = { commits: 0, bytes: 0, blobs: 0 };
  const readers: Reader[] = [];
  const pending: Promise<void>[] = [];
  let last = 0;

  const read = async (r: Reader): Promise<void> => {
    const splitter = new Splitter(r.sep, r.onPiece);
    for await (const chunk of r.git.stdout as AsyncIterable<Buffer>) {
      progress.bytes += chunk.length;
      splitter.push(chunk);
      await blobs.settle();
      if (o.onProgress) {
        const now = Date.now();
        if (now - last > 250) {
          last = now;
          progress.blobs = blobs.blobsRead;
          o.onProgress(progress);
        }
      }
    }
    splitter.end();
    r.atEnd();
    await r.git.done;
  };
  const track = (p: Promise<void>): void => {
    p.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    pending.push(p);
  };
  const start = (r: Reader): void => {
    readers.push(r);
    track(read(r));
  };

  const diffReader = (git: GitStream): Reader => {
    let commit: CommitInfo = { sha: '', author: '', email: '', date: '' };
    let lastFile = '';
    const parser = new DiffParser({
      commit(info) {
        commit = info;
        progress.commits++;
      },
      added(path, startLine, lines) {
        if (skip(path)) return;
        const text = lines.join('\n');
        const key = `${commit.sha}\0${path}`;
        if (key !== lastFile) {
          lastFile = key;
          o.tally.filesScanned++;
        }
        o.tally.bytesScanned += text.length + 1;
        for (const m of o.scanner.scan({ text, path, startLine, origin: 'git', commit })) matches.push(m);
      },
      blob(path, blob, olds) {
        if (!skip(path)) blobs.introduce(blob, path, commit, olds);
      },
    });
    return { git, sep: 10, onPiece: (b, start, end) => parser.line(b, start, end), atEnd: () => parser.end() };
  };

  try {
    if (o.strategy === 'blob') {
      let commit: CommitInfo = { sha: '', author: '', email: '', date: '' };
      const git = streamGit(o.cwd, [
        'log', '--raw', '-z', '-c', ...DIFF_OPTIONS,
        '--format=%x01%H%x02%at%x02%an%x02%ae', ...o.revisions.options, '--end-of-options', ...o.revisions.revs, '--',
      ]);
      const onPiece = rawParser(
        (info) => {
          commit = info;
          progress.commits++;
        },
        (path, blob, olds) => {
          if (!skip(path)) blobs.introduce(blob, path, commit, olds);
        },
      );
      start({ git, sep: 0, onPiece, atEnd: () => undefined });
    } else {
      const jobs = Math.max(1, Math.min(o.jobs ?? defaultJobs(), 8));
      track(diffStreams(o, jobs, (git) => start(diffReader(git))));
    }
    // Readers are added while the commit list is dealt out: wait until no new one appears.
    for (let n = 0; n < pending.length; ) {
      n = pending.length;
      await Promise.all(pending);
    }
    for (const m of await blobs.finish()) matches.push(m);
  } catch (err) {
    for (const r of readers) r.git.kill();
    blobs.abort();
    await Promise.allSettled(pending);
    throw err;
  }
  progress.blobs = blobs.blobsRead;
  o.onProgress?.(progress);
  return { matches, commits: progress.commits };
}

/** Both cores by default: git's diffing is the cost, and each `git log` uses one. */
export function defaultJobs(): number {
  return Math.min(2, availableParallelism());
}

/** Parse `git log --raw -z -c` pieces: commit headers (\x01-prefixed) and entries with their paths. */
function rawParser(
  onCommit: (info: CommitInfo) => void,
  onBlob: (path: string, blob: string, oldBlobs: string[]) => void,
): (b: Buffer, start: number, end: number) => void {
  let want = 0;
  let entry: { mode: string; sha: string; olds: string[]; status: string } | null = null;
  return (b, start, end) => {
    let piece = b.subarray(start, end);
    if (want === 0) while (piece[0] === 0x0a) piece = piece.subarray(1);
    if (want > 0) {
      want--;
      if (want === 0 && entry) {
        const e = entry;
        entry = null;
        if (e.status !== 'D' && e.mode !== '160000' && e.mode !== '000000' && !/^0+$/.test(e.sha)) {
          onBlob(piece.toString('utf8'), e.sha, e.olds);
        }
      }
      return;
    }
    if (piece[0] === 0x3a /* : */) {
      const text = piece.toString('latin1');
      let n = 0;
      while (text[n] === ':') n++;
      const fields = text.slice(n).split(' ');
      const modes = fields.slice(0, n + 1);
      const shas = fields.slice(n + 1, 2 * n + 2);
      const status = fields[2 * n + 2] ?? '';
      const olds = shas.slice(0, n).filter((s, i) => !/^0+$/.test(s) && modes[i] !== '160000');
      entry = { mode: modes[n], sha: shas[n], olds, status };
      want = n === 1 && /^[RC]/.test(status) ? 2 : 1;
      return;
    }
    const mark = piece.indexOf(1);
    if (mark < 0) return;
    const [sha, at, author, email] = piece.toString('utf8', mark + 1).split('\x02');
    onCommit({ sha, author, email, date: isoDate(at) });
  };
}
