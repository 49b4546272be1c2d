// Git facts for advice: how git sees the files a tree scan found keys in (tracked / ignored /
// untracked), whether HEAD already holds a secret, whether the commits that introduced a secret were
// pushed, and which commit deleted a secret from HEAD's history. Advice gets these as plain data.
// Secrets go to git on standard input only, never on a command line where `ps` would show them.
import { createInterface } from 'node:readline';
import type { Tracking } from '../types.js';
import { blobText, diffSidePath, grepTree, isoDate, resolveCommit, runGit, streamGit, treeEntries, workTreeBlob } from './git.js';

const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function literal(path: string): string {
  return `:(literal)${path}`;
}

/** The top of the work tree `dir` is in; null outside a work tree (or when git is missing). */
export async function workTreeTop(dir: string): Promise<string | null> {
  try {
    const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel'], { ok: [0, 128] });
    const [inside, top] = r.stdout.split('\n');
    return r.code === 0 && inside === 'true' && top ? top : null;
  } catch {
    return null;
  }
}

/**
 * How git sees each file (paths relative to `root`, `/` separators): tracked (in the index),
 * ignored (untracked and matched by .gitignore, info/exclude or core.excludesFile) or untracked.
 * Null outside a work tree.
 */
export async function trackingOf(root: string, files: string[], top: Promise<string | null> = workTreeTop(root)): Promise<Record<string, Tracking> | null> {
  if (files.length === 0 || !(await top)) return null;
  const unique = [...new Set(files)].filter((f) => f !== '' && !f.startsWith('../') && !f.startsWith('/'));
  if (unique.length === 0) return null;
  const tracked = new Set<string>();
  for (const part of chunks(unique)) {
    const r = await runGit(root, ['ls-files', '-z', '--cached', '--', ...part.map(literal)]);
    for (const p of r.stdout.split('\0')) if (p) tracked.add(p);
  }
  const rest = unique.filter((f) => !tracked.has(f));
  const ignored = new Set<string>();
  if (rest.length > 0) {
    const r = await runGit(root, ['check-ignore', '-z', '--stdin'], { input: `${rest.join('\0')}\0`, ok: [0, 1] });
    for (const p of r.stdout.split('\0')) if (p) ignored.add(p);
  }
  const out: Record<string, Tracking> = {};
  for (const f of unique) out[f] = tracked.has(f) ? 'tracked' : ignored.has(f) ? 'ignored' : 'untracked';
  return out;
}

/**
 * Which of `secrets` HEAD holds anywhere in its tree, and in which files (paths from the repository's top,
 * sorted). `root` is in a work tree, or (`bare`) is a repository without one. Null when it is neither; an
 * empty map when there is no HEAD commit. One pass over HEAD's text blobs, whatever the number of secrets.
 */
export async function secretsInHead(root: string, secrets: string[], bare = false, workTop: Promise<string | null> = workTreeTop(root)): Promise<Map<string, string[]> | null> {
  const workTree = await workTop;
  const top = workTree ?? (bare ? root : null);
  if (!top) return null;
  const head = await resolveCommit(top, 'HEAD');
  if (!head) return new Map();
  // A bare repository has no work tree to read blobs from.
  const found = await grepTree(top, head, secrets.map(needleOf), workTree ? top : undefined);
  const out = new Map<string, string[]>();
  for (const s of secrets) {
    const paths = found.get(needleOf(s));
    if (paths) out.set(s, [...paths].sort());
  }
  return out;
}

/**
 * The secrets of `asks` that HEAD holds in the ask's own file, told from that file alone: HEAD has the
 * file, its bytes in the work tree are its blob's (git's hash of them is the blob's id), and its text holds
 * the secret as secretsInHead looks for it. A tree scan's findings in a clean checkout all pass, and HEAD's
 * other files need not be read for them. What this cannot tell (an untracked or edited file, a secret
 * found only once decoded) is left out, for secretsInHead to answer.
 */
export async function secretsInPlace(root: string, asks: { secret: string; file: string }[]): Promise<Set<string>> {
  const out = new Set<string>();
  // Sets: findings inside one encoded run all ask for that run.
  const byFile = new Map<string, Set<string>>();
  for (const a of asks) {
    if (a.file === '' || a.file.startsWith('../') || a.file.startsWith('/')) continue;
    const set = byFile.get(a.file);
    if (set) set.add(a.secret);
    else byFile.set(a.file, new Set([a.secret]));
  }
  if (byFile.size === 0) return out;
  const head = await resolveCommit(root, 'HEAD');
  if (!head) return out;
  for (const part of chunks([...byFile.keys()])) {
    // Paths relative to `root`, as the findings name them.
    const r = await runGit(root, ['ls-tree', '-z', head, '--', ...part.map(literal)]);
    for (const { mode, type, sha, path } of treeEntries(r.stdout)) {
      const secrets = byFile.get(path);
      if (type !== 'blob' || mode === '120000' || !secrets) continue;
      const bytes = workTreeBlob(root, path, sha);
      const text = bytes ? blobText(bytes) : null;
      if (!text) continue;
      for (const s of secrets) {
        const needle = needleOf(s);
        if (needle !== '' && text.includes(needle)) out.add(s);
      }
    }
  }
  return out;
}

/** What secretsInHead looks for: a secret over several lines (a PEM block) by its longest line. */
function needleOf(secret: string): string {
  return secret.includes('\n') ? longestLine(secret) : secret;
}

function longestLine(secret: string): string {
  return secret.split(/\r?\n/).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/**
 * For each commit, whether a remote-tracking ref or a tag reaches it (it was pushed, or came from a
 * remote). A repository without either has pushed nothing.
 */
export async function pushedCommits(root: string, shas: string[]): Promise<Record<string, boolean>> {
  const unique = [...new Set(shas)];
  const out: Record<string, boolean> = {};
  if (unique.length === 0) return out;
  const refs = await runGit(root, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/remotes', 'refs/tags']);
  if (refs.stdout.trim() === '') {
    for (const c of unique) out[c] = false;
    return out;
  }
  const unpushed = new Set<string>();
  const git = streamGit(root, ['rev-list', '--stdin', '--not', '--remotes', '--tags']);
  git.stdin.end(`${unique.join('\n')}\n`);
  for await (const line of createInterface({ input: git.stdout, crlfDelay: Infinity })) if (line) unpushed.add(line.trim());
  await git.done;
  for (const c of unique) out[c] = !unpushed.has(c);
  return out;
}

export interface RemovalAsk {
  /** Returned as the key of the answer (e.g. a fingerprint). */
  key: string;
  /** Path relative to the repository's top. */
  file: string;
  secret: string;
}

/** `git log` processes removalCommits runs at once, and the files each one follows. */
const REMOVAL_LOGS_AT_ONCE = 3;
const REMOVAL_FILES_PER_LOG = 200;

/** Options of every diff read for removed lines: git's own diff, paths as a/ b/, no renames. */
const REMOVAL_DIFF = ['-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];

/**
 * Read diffs from git (`args`, commits on `input`) for the asks' files: for each ask, the first commit (in
 * git's order) whose diff removed a line holding its secret from its file. `commitAt` recognises the line
 * that starts a commit's diff (never one inside a hunk, whose lines start with their sign). Stops once
 * every ask has an answer.
 */
async function removalsInDiffs(
  root: string,
  asks: RemovalAsk[],
  args: string[],
  commitAt: (line: string) => { sha: string; date: string } | null,
  input?: string,
): Promise<Map<string, { sha: string; date: string }>> {
  const out = new Map<string, { sha: string; date: string }>();
  const byFile = new Map<string, { key: string; text: string }[]>();
  for (const a of asks) {
    const needle = { key: a.key, text: a.secret.includes('\n') ? longestLine(a.secret) : a.secret };
    byFile.set(a.file, [...(byFile.get(a.file) ?? []), needle]);
  }
  const git = streamGit(root, [...args, '--', ...[...byFile.keys()].map(literal)]);
  if (input !== undefined) git.stdin.end(input);
  const keys = new Set(asks.map((a) => a.key)).size;
  let commit = { sha: '', date: '' };
  let needles: { key: string; text: string }[] = [];
  let inHunk = false;
  try {
    for await (const line of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
      const next = commitAt(line);
      if (next) {
        commit = next;
        inHunk = false;
        needles = [];
      } else if (line.startsWith('diff ')) {
        inHunk = false;
        needles = [];
      } else if (!inHunk && line.startsWith('--- ')) {
        const path = diffSidePath(line.slice(4));
        needles = (path !== null && byFile.get(path)) || [];
      } else if (line.startsWith('@@')) inHunk = true;
      else if (inHunk && line.startsWith('-') && needles.length > 0) {
        for (const n of needles) if (!out.has(n.key) && line.includes(n.text)) out.set(n.key, { ...commit });
        if (out.size === keys) {
          git.kill();
          break;
        }
      }
    }
    await git.done;
  } catch {
    git.kill();
  }
  return out;
}

/** One walk of HEAD's history limited to the asks' files (git log). */
function removalsInFiles(root: string, asks: RemovalAsk[]): Promise<Map<string, { sha: string; date: string }>> {
  return removalsInDiffs(root, asks, ['log', '--format=%x00%H%x00%at', ...REMOVAL_DIFF, '--end-of-options', 'HEAD'], (line) => {
    if (!line.startsWith('\0')) return null;
    const [, sha, at] = line.split('\0');
    return { sha, date: isoDate(at) };
  });
}

/**
 * The commits a history scan saw remove lines from each file (old path), as the scan's own stream of diffs
 * showed them: non-merge commits whose diff removed a line, or renamed the file away. Complete only when
 * the scan read every commit of every ref.
 */
export interface RemovalIndex {
  commitsRemovingFrom(file: string): readonly { sha: string; date: string }[];
  /** The commits HEAD reaches (headCommits). */
  headCommits(): Promise<ReadonlySet<string>>;
}

/**
 * Every commit HEAD reaches, for removalCommits with an index. Asked when the history scan starts: git
 * lists them while the diffs stream (kept as git writes them, 41 bytes a commit), and the set is made
 * only when a deleted secret asks for it.
 */
export function headCommits(root: string): () => Promise<Set<string>> {
  const git = streamGit(root, ['rev-list', '--end-of-options', 'HEAD', '--']);
  const parts: Buffer[] = [];
  git.stdout.on('data', (b: Buffer) => parts.push(b));
  let reachable: Promise<Set<string>> | null = null;
  return () =>
    (reachable ??= git.done.then(() => {
      const set = new Set<string>();
      for (const line of Buffer.concat(parts).toString('latin1').split('\n')) if (line) set.add(line);
      return set;
    }));
}

/**
 * The same answers from the commits `index` names: those HEAD reaches are diffed again for the asks' files
 * (`git diff-tree --stdin`), newest first, instead of walking HEAD's history once more.
 */
async function removalsFromIndex(
  root: string,
  asks: RemovalAsk[],
  index: RemovalIndex,
  reachable: ReadonlySet<string>,
): Promise<Map<string, { sha: string; date: string }>> {
  const dates = new Map<string, string>();
  for (const file of new Set(asks.map((a) => a.file)))
    for (const c of index.commitsRemovingFrom(file)) if (reachable.has(c.sha)) dates.set(c.sha, c.date);
  if (dates.size === 0) return new Map();
  // Newest first (dates as the findings give them, then commit id): the first answer for an ask is the newest.
  const order = [...dates].sort((a, b) => (a[1] !== b[1] ? (a[1] < b[1] ? 1 : -1) : a[0] < b[0] ? -1 : 1)).map(([sha]) => sha);
  return removalsInDiffs(
    root,
    asks,
    ['diff-tree', '--stdin', '-r', ...REMOVAL_DIFF],
    // A line inside a hunk starts with its sign: a bare commit id is the next commit.
    (line) => (dates.has(line) ? { sha: line, date: dates.get(line)! } : null),
    `${order.join('\n')}\n`,
  );
}

/**
 * For secrets deleted from HEAD: the newest commit on HEAD's history that removed a line holding the
 * secret from the file (its author date, as history findings use). Absent when none did (for example
 * when the secret only ever lived on another branch). With the `index` of a history scan that read every
 * commit (and the commits HEAD reaches, headCommits), only the commits it saw remove lines from those
 * files are diffed again; without, git walks HEAD's history of the files.
 */
export async function removalCommits(
  root: string,
  asks: RemovalAsk[],
  index?: RemovalIndex,
): Promise<Record<string, { sha: string; date: string }>> {
  const out: Record<string, { sha: string; date: string }> = {};
  // With an index, the commits HEAD reaches were listed already (that list fails where there is no HEAD).
  if (asks.length === 0 || (!index && !(await resolveCommit(root, 'HEAD')))) return out;
  // A `git log` walks the history for several files at once: a walk per file cost a full walk each. The
  // files are dealt out to REMOVAL_LOGS_AT_ONCE walks that run together (five files in 15,000 commits: five
  // walks 0.45-0.62 s, one walk of all five 0.66-0.70 s, three walks 0.3x s). With several paths git
  // simplifies the history at merges by all of them together, so where a merge took one file from each
  // side the walk may pass through another parent than a walk for that file alone, and name another
  // commit that removed it (from HEAD's history too).
  const files = [...new Set(asks.map((a) => a.file))];
  const count = Math.max(Math.min(REMOVAL_LOGS_AT_ONCE, files.length), Math.ceil(files.length / REMOVAL_FILES_PER_LOG));
  const groups = Array.from({ length: count }, () => new Set<string>());
  files.forEach((file, i) => groups[i % count].add(file));
  const reachable = index ? await index.headCommits() : null;
  const answers: Map<string, { sha: string; date: string }>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const i = next++;
      const share = asks.filter((a) => groups[i].has(a.file));
      answers[i] = await (reachable && index ? removalsFromIndex(root, share, index, reachable) : removalsInFiles(root, share));
    }
  };
  await Promise.all(Array.from({ length: Math.min(REMOVAL_LOGS_AT_ONCE, groups.length) }, worker));
  const found = new Map(answers.flatMap((a) => [...a]));
  // In the order asked, whichever walk finished first.
  for (const a of asks) {
    const removal = found.get(a.key);
    if (removal && !(a.key in out)) out[a.key] = removal;
  }
  return out;
}
