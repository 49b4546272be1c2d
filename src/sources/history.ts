// Git history as a source: which commits to read, and their added lines as fragments (DECISIONS.md
// has the figures that chose this way). `git log -p -U0 --cc` streams from up to two git processes;
// only added lines are yielded (merges: lines new against every parent); whatever git shows as
// binary (real binaries, `-diff` in .gitattributes, files over core.bigFileThreshold) is read whole,
// once per blob, through cat-file (history-blobs.ts). Nothing here holds the whole log or all blobs.
import { availableParallelism } from 'node:os';
import { KeyscanError } from '../errors.js';
import type { CommitInfo, Fragment } from '../types.js';
import { isShallow, resolveCommit, stashCommits, streamGit, type GitStream } from './git.js';
import { BlobReader } from './history-blobs.js';
import { COMMIT_FORMAT, DiffParser, Splitter } from './history-diff.js';
import { messageFragments, refFragments } from './history-meta.js';
import { Queue, readAhead } from './queue.js';
import { headCommits, type RemovalIndex } from './git-state.js';
import type { Source, SourceContext } from './source.js';

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

/** What selectRevisions asks git first, started early (so git answers while the rules load). */
export interface RepositoryFacts {
  shallow: Promise<boolean>;
  stash: Promise<string[]>;
}

export function repositoryFacts(cwd: string): RepositoryFacts {
  const facts = { shallow: isShallow(cwd), stash: stashCommits(cwd) };
  // Awaited when needed; never an unhandled rejection before that.
  facts.shallow.catch(() => undefined);
  facts.stash.catch(() => undefined);
  return facts;
}

/** Every ref (branches, tags, remotes, every stash entry), or what `since` / `range` ask for. */
export async function selectRevisions(cwd: string, ask: { since?: string; range?: string }, facts: RepositoryFacts = repositoryFacts(cwd)): Promise<Revisions> {
  const shallow = await facts.shallow;
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
  const stash = await facts.stash;
  if (ask.since !== undefined) {
    const base = await mustResolve(cwd, ask.since, '--since', shallow);
    return { options: ['--all'], revs: [...stash, `^${base}`], describe: `commits not reachable from ${ask.since}`, shallow };
  }
  return { options: ['--all'], revs: stash, describe: 'every commit on every ref', shallow };
}


export interface Progress {
  commits: number;
  bytes: number;
  blobs: number;
}

export interface HistoryOptions {
  /** Parallel `git log` processes (default: up to 2, one per core). */
  jobs?: number;
  onProgress?: (p: Progress) => void;
  /**
   * The number of commits to scan, once known: from the commit list several git processes share, or from
   * the commit messages, read beside the diffs (no walk of its own either way).
   */
  onTotal?: (commits: number) => void;
  /** Called once every commit was read (for notes about what was read). */
  atEnd?: (commits: number, ctx: SourceContext) => Promise<void> | void;
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

/**
 * `git log -p` over the commits: one process; two over the same commits from opposite ends; or (jobs > 2)
 * the commit list from `git rev-list` cut into contiguous ranges dealt out to `git log --no-walk=unsorted
 * --stdin` processes, so git's diffing uses every core.
 *
 * Two processes: one newest first, one `--reverse` (oldest first, the same list backwards). Each stops
 * at the first commit the other has read (historySource's reader claims a commit at its header), so
 * every commit is read once and both end together, however the diff sizes are spread over the history.
 * Nothing waits for a commit list: the first diff comes as soon as git writes it (`--reverse` walks
 * first, inside git, while the other process streams).
 *
 * Ranges: `--stdin` reads all of its input before it writes anything, so the list is read whole first
 * (41 bytes a commit) and each process gets all of its ranges at once. Ranges, not small batches: a
 * process walking consecutive commits reuses the trees and deltas it just read (batches of 64 cost git
 * ~25 % more CPU than two halves); a few ranges per process, spread over the history, keep the processes
 * about equally busy when one era of the history has bigger diffs. A process starts only with commits
 * to read: with empty input git would walk HEAD.
 */
function diffStreams(o: { cwd: string; revisions: Revisions }, jobs: number, onStream: (git: GitStream) => void, onCount: (commits: number) => void): Promise<void> {
  const log = ['log', '-p', '-U0', '--inter-hunk-context=0', '--cc', '--diff-algorithm=myers', ...DIFF_OPTIONS, `--format=${COMMIT_FORMAT}`];
  const revisions = [...o.revisions.options, '--end-of-options', ...o.revisions.revs, '--'];
  if (jobs <= 2) {
    onStream(streamGit(o.cwd, [...log, ...revisions]));
    if (jobs === 2) onStream(streamGit(o.cwd, [...log, '--reverse', ...revisions]));
    return Promise.resolve();
  }
  return (async () => {
    const list = streamGit(o.cwd, ['rev-list', ...revisions]);
    const parts: Buffer[] = [];
    for await (const chunk of list.stdout as AsyncIterable<Buffer>) parts.push(chunk);
    await list.done;
    const all = Buffer.concat(parts);
    let commits = 0;
    for (let at = all.indexOf(10); at !== -1; at = all.indexOf(10, at + 1)) commits++;
    onCount(commits);
    for (const range of commitRanges(all, jobs)) {
      const git = streamGit(o.cwd, [...log, '--no-walk=unsorted', '--stdin']);
      onStream(git);
      git.stdin.end(range);
    }
  })();
}

/**
 * Bytes of one git process's output read ahead of the parser (Buffers, outside the JS heap): git writes
 * on while a burst of big diffs is scanned, and never holds more than this up in memory.
 */
const READ_AHEAD = 1 << 20;

/**
 * Fragments parsed and not yet scanned: at most 256, or 4 M characters (a few commits that add whole
 * files), so reading ahead never holds much text in the heap.
 */
function fragmentQueue(): Queue<Fragment> {
  return new Queue<Fragment>(256, (f) => f.text.length, 4 << 20);
}

/** Commits parsed before the added text per commit so far is taken to tell the whole (expectedChars). */
const ESTIMATE_AFTER_COMMITS = 200;

/** Ranges per `git log` process (see diffStreams). */
const RANGES_PER_JOB = 3;
/** Fewer commits than this in a range: fewer processes (each costs a start and its own caches). */
const MIN_RANGE = 256;

/** `git rev-list` output cut into at most `jobs` inputs, each a few contiguous ranges of commits. */
export function commitRanges(list: Buffer, jobs: number): Buffer[] {
  const ends: number[] = [];
  for (let at = list.indexOf(10); at !== -1; at = list.indexOf(10, at + 1)) ends.push(at + 1);
  if (ends.length === 0 || ends[ends.length - 1] < list.length) ends.push(list.length);
  const size = Math.max(MIN_RANGE, Math.ceil(ends.length / (jobs * RANGES_PER_JOB)));
  const ranges = Math.ceil(ends.length / size);
  const inputs: Buffer[][] = Array.from({ length: Math.min(jobs, ranges) }, () => []);
  for (let r = 0; r < ranges; r++) {
    const from = r === 0 ? 0 : ends[r * size - 1];
    const to = ends[Math.min(ends.length, (r + 1) * size) - 1];
    inputs[r % inputs.length].push(list.subarray(from, to));
  }
  return inputs
    .map((parts) => {
      const input = Buffer.concat(parts);
      return input.length > 0 && input[input.length - 1] !== 10 ? Buffer.concat([input, Buffer.from('\n')]) : input;
    })
    .filter((input) => input.length > 0);
}

/** The commits that removed lines from each file, as the diff stream showed them (RemovalIndex). */
class Removals implements RemovalIndex {
  private readonly byPath = new Map<string, CommitInfo[]>();
  private head: (() => Promise<Set<string>>) | null = null;
  /** Ask git for the commits HEAD reaches now, while the scan runs. */
  listHead(root: string): void {
    this.head = headCommits(root);
  }
  headCommits(): Promise<ReadonlySet<string>> {
    return this.head ? this.head() : Promise.reject(new Error('the commits HEAD reaches were not asked for'));
  }
  note(path: string, commit: CommitInfo): void {
    const list = this.byPath.get(path);
    if (!list) this.byPath.set(path, [commit]);
    else if (list[list.length - 1] !== commit) list.push(commit);
  }
  commitsRemovingFrom(file: string): readonly CommitInfo[] {
    return this.byPath.get(file) ?? [];
  }
}

/** The commits `revisions` names in the repository at `root`, as a source of fragments. */
export function historySource(root: string, revisions: Revisions, describe: (commits: number) => string, options: HistoryOptions = {}): Source & { commits(): number } {
  let commits = 0;
  // Every commit of every ref read: the stream saw every removal HEAD's history holds.
  const removals = new Removals();
  const everything = revisions.options.includes('--all') && !revisions.revs.some((r) => r.startsWith('^'));
  let finished = false;
  let introductions: BlobReader | null = null;
  // For expectedChars: commits listed (known when several git processes share them), commits parsed and
  // the characters of added lines they held.
  let listed = 0;
  let parsed = 0;
  let chars = 0;
  return {
    root,
    commits: () => commits,
    expectedChars: () => (parsed >= ESTIMATE_AFTER_COMMITS && listed > 0 ? Math.round((chars / parsed) * listed) : 0),
    target: () => describe(commits),
    introductions: () => introductions?.introductions() ?? [],
    removals: () => (everything && finished ? removals : null),
    helperProcesses: () => Math.max(1, Math.min(options.jobs ?? defaultJobs(), 8)),
    async *fragments(ctx: SourceContext): AsyncGenerator<Fragment> {
      const progress: Progress = { commits: 0, bytes: 0, blobs: 0 };
      if (everything) removals.listHead(root);
      let queue = fragmentQueue();
      const blobs = new BlobReader(root, ctx.tally, (f) => queue.push(f));
      introductions = blobs;
      const streams: GitStream[] = [];
      let last = 0;

      const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), 8));
      // Two processes read the commits from opposite ends (diffStreams): the commits read so far, so each
      // stops where the other has been.
      const claimed = jobs === 2 ? new Set<string>() : null;

      const read = async (git: GitStream): Promise<void> => {
        let commit: CommitInfo = { sha: '', author: '', email: '', date: '' };
        let lastFile = '';
        const out: Fragment[] = [];
        const parser = new DiffParser({
          commit(info) {
            if (claimed?.has(info.sha)) return false; // the other process has been here: this one stops
            claimed?.add(info.sha);
            commit = info;
            progress.commits++;
            parsed++;
          },
          added(path, startLine, text) {
            if (ctx.leftOut(path)) return;
            const key = `${commit.sha}\0${path}`;
            if (key !== lastFile) {
              lastFile = key;
              ctx.tally.filesScanned++;
            }
            ctx.tally.bytesScanned += text.length + 1;
            chars += text.length;
            out.push({ text, path, startLine, origin: 'git', commit });
          },
          blob(path, blob, replaced) {
            if (!ctx.leftOut(path)) blobs.introduce(blob, path, commit, replaced);
          },
          removed(path) {
            removals.note(path, commit);
          },
        });
        const splitter = new Splitter(10, (b, start, end) => parser.line(b, start, end));
        const flush = async (): Promise<void> => {
          for (const f of out.splice(0)) await queue.push(f);
        };
        for await (const chunk of readAhead(git.stdout, READ_AHEAD)) {
          progress.bytes += chunk.length;
          splitter.push(chunk);
          if (parser.stopped) {
            git.kill(); // the rest is the other process's
            break;
          }
          await flush();
          await blobs.settle();
          if (options.onProgress) {
            const now = Date.now();
            if (now - last > 250) {
              last = now;
              progress.blobs = blobs.blobsRead;
              options.onProgress(progress);
            }
          }
        }
        splitter.end();
        parser.end();
        await flush();
        await git.done;
      };

      const pending: Promise<void>[] = [];
      let stopped = false;
      const track = (p: Promise<void>): void => {
        p.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
        pending.push(p);
      };
      // Commit messages and identities come from a git process of their own, scanned while the diffs stream.
      // It starts once the diff processes run: scanning messages first delayed the reading of the commit
      // list the diff processes wait for (15,000 commits: first diff output 0.89-0.92 s into the run, now
      // 0.65-0.70 s), and git's diffing is the critical path.
      // A commit a message: where no commit list was read, their number is the total for the progress line
      // and expectedChars (no `rev-list --count` of its own; messages come well before the diffs end).
      const messages = async (): Promise<void> => {
        let n = 0;
        for await (const f of messageFragments(root, revisions, ctx)) {
          if (stopped) break; // the consumer left: stop git too
          n++;
          await queue.push(f);
        }
        if (!stopped && listed === 0) {
          listed = n;
          options.onTotal?.(n);
        }
      };
      const work = (async () => {
        track(
          diffStreams(
            { cwd: root, revisions },
            jobs,
            (git) => {
              streams.push(git);
              track(read(git));
            },
            (n) => {
              listed = n;
              options.onTotal?.(n);
            },
          ).then(() => track(messages())),
        );
        // For the progress line only: a failure here is git's to report in the scan itself.
        // Readers are added while the commit list is dealt out: wait until no new one appears.
        for (let n = 0; n < pending.length; ) {
          n = pending.length;
          await Promise.all(pending);
        }
        await blobs.finish();
      })();
      work.then(
        () => queue.end(),
        (err) => queue.fail(err),
      );
      let done = false;
      try {
        yield* queue.drain();
        // Once every fragment so far is scanned, read what the matching blobs replaced, if never read.
        await ctx.settle?.();
        queue = fragmentQueue();
        blobs.readReplaced(ctx.matchedBlobs).then(
          () => queue.end(),
          (err) => queue.fail(err),
        );
        yield* queue.drain();
        await blobs.close();
        // Tag messages and refs that point straight at a blob.
        yield* refFragments(root, revisions, ctx);
        done = true;
      } finally {
        if (!done) {
          stopped = true;
          queue.end();
          for (const git of streams) git.kill();
          blobs.abort();
          await Promise.allSettled(pending);
        }
      }
      commits = progress.commits;
      finished = true;
      progress.blobs = blobs.blobsRead;
      options.onProgress?.(progress);
      await options.atEnd?.(commits, ctx);
    },
  };
}

/** Both cores by default: git's diffing is the cost, and each `git log` uses one. */
export function defaultJobs(): number {
  return Math.min(2, availableParallelism());
}
