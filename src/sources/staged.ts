// What the next commit will contain: the index (the one git names in GIT_INDEX_FILE during a hook,
// so `git commit -a` and `git commit PATH` are judged right) against HEAD, or against nothing before
// the first commit. Only added and changed lines are reported, with line numbers of the staged file;
// the text scanned is the staged blob, never the working tree.
import { createHash } from 'node:crypto';
import type { Fragment } from '../types.js';
import { ARCHIVE_LIMITS, archiveLeaves } from './archive.js';
import { CatFile, repositoryRoot, runGit, streamGit, unquotePath } from './git.js';
import { WHOLE_LIMIT, chunkedFragments } from './read.js';
import type { Source } from './source.js';
import type { Tally } from './tally.js';

/** One entry of `git diff --raw -z`. */
export interface RawEntry {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
  /** A, M, R, C, T, D or U (the score of R/C is dropped). */
  status: string;
  path: string;
  oldPath?: string;
}

/** A staged file with something to scan. */
export interface StagedFile {
  path: string;
  blob: string;
  /** Added lines of the staged file (1-based); null: git shows no text diff for it, so every line counts. */
  lines: Set<number> | null;
  /** The blob it replaces (a change, rename or copy): an archive's unchanged entries are not scanned again. */
  oldBlob?: string;
}

export interface DiffParse {
  entries: RawEntry[];
  /** New path → added line numbers, for every file the patch shows as text. */
  added: Map<string, Set<number>>;
}

const ZERO = /^0+$/;
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** The arguments of the one diff the staged scan runs (raw entries then a zero-context patch). */
export const STAGED_DIFF_ARGS = [
  'diff',
  '--cached',
  '--raw',
  '-p',
  '-U0',
  '--inter-hunk-context=0',
  '-z',
  '--no-abbrev',
  '-M',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--ignore-submodules=none',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

/** Parse `git diff --raw -p -U0 -z` output: NUL-separated raw records, then the patch. */
export function parseStagedDiff(out: string): DiffParse {
  const entries: RawEntry[] = [];
  let p = 0;
  while (p < out.length && out[p] === ':') {
    const headEnd = out.indexOf('\0', p);
    if (headEnd < 0) break;
    const [oldMode, newMode, oldBlob, newBlob, rawStatus] = out.slice(p + 1, headEnd).split(' ');
    const status = rawStatus.charAt(0);
    const firstEnd = out.indexOf('\0', headEnd + 1);
    const first = out.slice(headEnd + 1, firstEnd);
    p = firstEnd + 1;
    if (status === 'R' || status === 'C') {
      const secondEnd = out.indexOf('\0', p);
      entries.push({ oldMode, newMode, oldBlob, newBlob, status, oldPath: first, path: out.slice(p, secondEnd) });
      p = secondEnd + 1;
    } else entries.push({ oldMode, newMode, oldBlob, newBlob, status, path: first });
  }
  if (out[p] === '\0') p++;
  return { entries, added: parseAddedLines(out.slice(p)) };
}

/** New path → added lines, from a zero-context patch. Binary files and pure renames have no `+++` line. */
export function parseAddedLines(patch: string): Map<string, Set<number>> {
  const added = new Map<string, Set<number>>();
  let current: Set<number> | null = null;
  let inHeader = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      inHeader = true;
    } else if (inHeader && line.startsWith('+++ ')) {
      let name = line.slice(4).replace(/\t$/, '');
      if (name === '/dev/null') continue;
      name = unquotePath(name);
      current = new Set<number>();
      added.set(name.startsWith('b/') ? name.slice(2) : name, current);
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = HUNK.exec(line);
      if (!m || !current) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  return added;
}

/** Regular files whose staged content differs: what to read, and which lines of it count. */
export function filesToScan(diff: DiffParse, tally: Tally, exclude?: (path: string) => boolean): StagedFile[] {
  const files: StagedFile[] = [];
  for (const e of diff.entries) {
    if (e.status === 'D') continue;
    if (e.status === 'U') {
      tally.skip(e.path, 'unmerged (resolve the conflict and stage the file)');
      continue;
    }
    // Symlinks (120000) hold a path, submodules (160000) a commit: neither is file content.
    if (e.newMode !== '100644' && e.newMode !== '100755') continue;
    if (ZERO.test(e.newBlob) || e.oldBlob === e.newBlob) continue;
    if (exclude?.(e.path)) {
      tally.skip(e.path, 'left out by allow.paths');
      continue;
    }
    const lines = diff.added.get(e.path);
    if (lines && lines.size === 0) continue; // only deletions
    files.push({ path: e.path, blob: e.newBlob, lines: lines ?? null, ...(ZERO.test(e.oldBlob) ? {} : { oldBlob: e.oldBlob }) });
  }
  return files;
}

/** The staged changes of the repository whose work tree holds `cwd`, as raw entries and added lines. */
export async function stagedDiff(cwd: string): Promise<DiffParse> {
  const { stdout } = await runGit(cwd, STAGED_DIFF_ARGS, { keepIndexFile: true });
  return parseStagedDiff(stdout);
}

/** The git work of a staged scan, started at once so that it runs while the rest of keyscan loads. */
export interface StagedRead {
  repo: Promise<{ root: string; bare: boolean }>;
  diff: Promise<DiffParse>;
  /** Started early too, so that git is ready when the blobs are asked for. */
  cat: CatFile;
}

export function startStagedRead(cwd: string): StagedRead {
  const read = { repo: repositoryRoot(cwd), diff: stagedDiff(cwd), cat: new CatFile(cwd) };
  // Awaited by the caller in turn; until then a failure must not count as unhandled.
  read.repo.catch(() => undefined);
  read.diff.catch(() => undefined);
  return read;
}

/** Requests kept open on `git cat-file --batch` at once. */
const OPEN_REQUESTS = 32;

/** Fragments of the staged files: the whole staged blob, reporting only its added lines. */
/**
 * For an archive that replaces `oldBlob`: whether an entry is byte for byte what the old archive held at
 * the same path. The old blob is read (through the safe git layer) only when an archive asks.
 */
function unchangedIn(root: string, oldBlob: string): (inner: string, bytes: Uint8Array) => Promise<boolean> {
  let old: Promise<Map<string, string>> | null = null;
  const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const load = async () => {
    const git = streamGit(root, ['cat-file', 'blob', oldBlob]);
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of git.stdout as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= ARCHIVE_LIMITS.readBytes) parts.push(chunk);
    }
    await git.done;
    const map = new Map<string, string>();
    if (size <= ARCHIVE_LIMITS.readBytes) for (const leaf of archiveLeaves(Buffer.concat(parts))) map.set(leaf.inner, digest(leaf.bytes));
    return map;
  };
  return async (inner, bytes) => {
    old ??= load().catch(() => new Map<string, string>());
    return (await old).get(inner) === digest(bytes);
  };
}

export async function* stagedFragments(cat: CatFile, files: StagedFile[], tally: Tally, root?: string): AsyncGenerator<Fragment> {
  let requested = 0;
  let finished = false;
  try {
    for (const file of files) {
      while (requested < files.length && cat.open < OPEN_REQUESTS) await cat.request(files[requested++].blob);
      const header = await cat.header();
      if ('missing' in header) {
        tally.skip(file.path, 'staged blob missing from the object store');
        continue;
      }
      const large = header.size > WHOLE_LIMIT ? cat.chunks(header.size) : null;
      const content = large ? unclosable(large) : oneChunk(await cat.content(header.size));
      const unchanged = root !== undefined && file.oldBlob && !file.lines ? unchangedIn(root, file.oldBlob) : undefined;
      const gen = chunkedFragments(content, { path: file.path, origin: 'staged', lines: file.lines ?? undefined }, {}, { tally, ...(unchanged ? { unchanged } : {}) });
      let step = await gen.next();
      while (!step.done) {
        yield step.value;
        step = await gen.next();
      }
      if (large) {
        // A binary blob stops the decoder early: read the rest so the next answer lines up.
        while (!(await large.next()).done);
        await cat.newline();
      }
      if (step.value === 'binary') tally.skip(file.path, 'binary');
      else if (step.value === 'text') {
        tally.filesScanned++;
        tally.bytesScanned += header.size;
        if (!file.lines) tally.note(`${file.path}: git shows no text diff for it (binary to git or a "-diff" attribute), so all of it was scanned`);
      }
    }
    finished = true;
  } finally {
    // Stopped early or failed: end git at once; else let it exit and check how it did.
    if (finished) await cat.close();
    else cat.kill();
  }
}

/** Iterate without closing the source when the consumer stops early. */
function unclosable<T>(it: AsyncIterator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => ({ next: () => it.next() }) };
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** What the next commit adds, as a source; `read` is the git work started early. */
/**
 * The staged changes; with `only` (paths relative to the root, as lint-staged and the pre-commit
 * framework name them), just those files' staged changes.
 */
export function stagedSource(root: string, read: StagedRead, only?: string[]): Source {
  return {
    root,
    target: () => 'staged changes',
    async *fragments(ctx) {
      const diff = await read.diff;
      let files = filesToScan(diff, ctx.tally, ctx.allowPaths.length > 0 ? ctx.leftOut : undefined);
      if (only) {
        const named = new Set(only);
        files = files.filter((f) => named.has(f.path));
        const staged = new Set(diff.entries.map((e) => e.path));
        const unstaged = only.filter((p) => !staged.has(p));
        if (unstaged.length > 0) {
          ctx.tally.note(
            `${unstaged.length} named file${unstaged.length === 1 ? ' is' : 's are'} not staged, so this commit adds nothing to ${unstaged.length === 1 ? 'it' : 'them'} (keyscan files scans files whole)`,
          );
        }
      }
      if (diff.entries.length === 0) ctx.tally.note('nothing is staged');
      yield* stagedFragments(read.cat, files, ctx.tally, (await read.repo).root);
    },
  };
}
