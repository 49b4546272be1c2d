// keyscan git: real repositories built at test time, the built CLI, real git.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function repo(commits: Parameters<typeof makeRepo>[0] = []): string {
  const dir = makeRepo(commits);
  dirs.push(dir);
  return dir;
}

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  mistakes: string[];
  occurrences: { file: string; line: number; column: number; commit?: string }[];
  stillInHead?: boolean;
  history?: string;
}

function scan(dir: string, args: string[] = []) {
  const r = keyscan(['git', '--format', 'json', ...args], { cwd: dir });
  const report = r.stdout ? (JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { notes: string[]; target: string } }) : null;
  return { ...r, report, findings: report?.findings ?? [] };
}

/**
 * The same scan with every file over `threshold` bytes read as whole blobs (git shows such files no
 * diff): 256k as big files are, 1 for every file, so the whole-blob reader and attribution run.
 */
function scanWhole(dir: string, threshold: string, args: string[] = []) {
  git(dir, ['config', 'core.bigFileThreshold', threshold]);
  try {
    return scan(dir, args);
  } finally {
    git(dir, ['config', '--unset', 'core.bigFileThreshold']);
  }
}

const head = (dir: string) => git(dir, ['rev-parse', 'HEAD']).trim();
const key = () => openaiProjectKey(24);
/** What each way of reading reports, reduced to what must agree. */
const essence = (findings: JsonFinding[]) =>
  findings.map((f) => `${f.file}:${f.line}:${f.column}@${f.commit} ${f.fingerprint} ${f.stillInHead}`).sort();

describe('keyscan git', () => {
  it('reports a key deleted later once, with the commit that introduced it, as deleted but still in history', () => {
    const k = key();
    const dir = repo([
      { files: { 'README.txt': 'hello\n' } },
      { files: { 'src/config.js': `// settings\nexport const openai = "${k}";\n` } },
      { files: { 'src/config.js': '// settings\nexport const openai = process.env.OPENAI_API_KEY;\n' } },
    ]);
    const introduced = git(dir, ['rev-parse', 'HEAD~1']).trim();
    const r = scan(dir);
    expect(r.code).toBe(1);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].date).toBe('2020-01-02T00:00:00Z');
    expect(r.findings[0]).toMatchObject({
      rule: 'openai-project-key',
      file: 'src/config.js',
      line: 2,
      column: 24,
      commit: introduced,
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      date: '2020-01-02T00:00:00Z',
      stillInHead: false,
      history: 'deleted but still in history',
    });
    expect(r.findings[0].mistakes).toContain('not-revoked');
    expect(r.stderr).toMatch(/deleted but still in history/);
    expect(r.stdout).not.toContain(k);
  });

  it('says a key that HEAD still holds is still in HEAD', () => {
    const dir = repo([{ files: { '.env': `OPENAI_API_KEY=${key()}\n` } }]);
    const r = scan(dir);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ file: '.env', stillInHead: true, history: 'still in HEAD' });
  });

  it('finds a key that lives only on an unmerged branch', () => {
    const dir = repo([{ files: { 'a.txt': 'base\n' } }]);
    git(dir, ['checkout', '-q', '-b', 'feature']);
    const sha = commit(dir, { files: { 'feature.py': `KEY = "${key()}"\n` } }, 5);
    git(dir, ['checkout', '-q', 'main']);
    const r = scan(dir);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ file: 'feature.py', commit: sha, stillInHead: false });
  });

  it('scans a bare repository', () => {
    const origin = repo([{ files: { 'a.txt': `${key()}\n` } }]);
    const bare = tempDir();
    dirs.push(bare);
    git(bare, ['clone', '-q', '--bare', origin, '.']);
    const r = scan(bare);
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => f.file)).toEqual(['a.txt']);
  });

  it('follows renames: one finding at the path where the key was introduced, still in HEAD', () => {
    const dir = repo([{ files: { 'old name.js': `const k = "${key()}";\n` } }]);
    const first = head(dir);
    git(dir, ['mv', 'old name.js', 'new-name.js']);
    commit(dir, { files: {} }, 3);
    const r = scan(dir);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ file: 'old name.js', commit: first, stillInHead: true });
    expect(r.findings[0].mistakes).not.toContain('multiple-keys-no-purpose');
  });

  it('credits a merged key to the branch commit, and finds a key that only the merge resolution added', () => {
    const branchKey = key();
    const evilKey = key();
    const dir = repo([{ files: { 'app.txt': 'one\ntwo\nthree\n', 'other.txt': 'x\n' } }]);
    git(dir, ['checkout', '-q', '-b', 'topic']);
    const branchSha = commit(dir, { files: { 'topic.txt': `token ${branchKey}\n`, 'app.txt': 'one\ntwo\nthree\nfour\n' } }, 2);
    git(dir, ['checkout', '-q', 'main']);
    commit(dir, { files: { 'other.txt': 'x\ny\n' } }, 3);
    git(dir, ['merge', '-q', '--no-commit', '--no-ff', 'topic']);
    writeFiles(dir, { 'app.txt': `one\ntwo\nKEY=${evilKey}\nthree\nfour\n` });
    const mergeSha = commit(dir, { files: {} }, 4);
    expect(git(dir, ['rev-list', '--parents', '-n', '1', 'HEAD']).trim().split(' ')).toHaveLength(3);
    const r = scan(dir, ['--no-redact']);
    expect(r.stderr).toBe('');
    expect(r.findings).toHaveLength(2);
    const byFile = Object.fromEntries(r.findings.map((f) => [f.file, f]));
    expect(byFile['topic.txt']).toMatchObject({ commit: branchSha, line: 1 });
    expect(byFile['app.txt']).toMatchObject({ commit: mergeSha, line: 3, column: 5 });
    for (const threshold of ['256k', '1']) expect(essence(scanWhole(dir, threshold).findings)).toEqual(essence(r.findings));
  });

  it('skips binary blobs, but reads text that .gitattributes hides from diffs', () => {
    const k = key();
    const hidden = key();
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`key=${k}\n`), Buffer.alloc(64)]);
    const dir = repo([
      { files: { 'image.bin': binary, '.gitattributes': 'bundle.min.js -diff\n' } },
      { files: { 'bundle.min.js': `var a=1;var k="${hidden}";\n` } },
    ]);
    const r = scan(dir);
    expect(r.findings.map((f) => f.file)).toEqual(['bundle.min.js']);
    expect(r.findings[0]).toMatchObject({ line: 1, column: 16, commit: head(dir) });
    expect(r.stdout).toMatch(/"binary": 1/);
  });

  it('passes over submodule entries without reading them as blobs', () => {
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    const gitlink = 'f'.repeat(40);
    writeFiles(dir, { '.gitmodules': '[submodule "lib"]\n\tpath = lib\n\turl = https://example.com/lib.git\n' });
    git(dir, ['update-index', '--add', '--cacheinfo', `160000,${gitlink},lib`]);
    git(dir, ['add', '.gitmodules']);
    commit(dir, { files: {} }, 2);
    const r = scan(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.findings).toEqual([]);
  });

  it('reports a key edited in many commits once, credited to the first, with every commit that re-added its line', () => {
    const k = key();
    const dir = repo([{ files: { 'settings.ini': `[openai]\nkey = ${k} ; v0\n` } }]);
    const first = head(dir);
    for (let i = 1; i <= 12; i++) commit(dir, { files: { 'settings.ini': `[openai]\nkey = ${k} ; v${i}\n` } }, i);
    const r = scan(dir);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].commit).toBe(first);
    expect(r.findings[0].occurrences).toHaveLength(13);
    expect(new Set(r.findings[0].occurrences.map((o) => o.commit)).size).toBe(13);
    // Read as whole blobs, the same commit is credited and the key is reported once per file.
    expect(scanWhole(dir, '1').findings.map((f) => f.commit)).toEqual([first]);
  });

  it('finds content reachable only from a tag, and from every stash entry', () => {
    const tagged = key();
    const stashedOld = key();
    const stashedNew = key();
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    git(dir, ['checkout', '-q', '--detach']);
    const tagSha = commit(dir, { files: { 'release.txt': `key ${tagged}\n` } }, 2);
    git(dir, ['tag', 'v1']);
    git(dir, ['checkout', '-q', 'main']);
    writeFiles(dir, { 'a.txt': `a\n${stashedOld}\n` });
    git(dir, ['stash', '-q']);
    writeFiles(dir, { 'a.txt': `a\n${stashedNew}\n` });
    git(dir, ['stash', '-q']);
    expect(git(dir, ['stash', 'list']).trim().split('\n')).toHaveLength(2);
    const r = scan(dir, ['--no-redact']);
    expect(r.findings).toHaveLength(3);
    expect(r.findings.find((f) => f.file === 'release.txt')?.commit).toBe(tagSha);
    expect(r.stdout).toContain(stashedOld);
    expect(r.stdout).toContain(stashedNew);
  });

  it('--since and --range choose commits; a revision the repository lacks exits 2 with the fix', () => {
    const a = key();
    const b = key();
    const dir = repo([{ files: { 'a.txt': `${a}\n` } }, { files: { 'b.txt': `${b}\n` } }]);
    const [second, first] = git(dir, ['rev-list', 'HEAD']).trim().split('\n');
    expect(scan(dir, ['--since', first]).findings.map((f) => f.file)).toEqual(['b.txt']);
    expect(scan(dir, ['--range', `${first}..${second}`]).findings.map((f) => f.file)).toEqual(['b.txt']);
    expect(scan(dir, ['--range', `${first}..`]).findings.map((f) => f.file)).toEqual(['b.txt']);
    expect(scan(dir, ['--range', first]).findings.map((f) => f.file)).toEqual(['a.txt']);
    expect(scan(dir, ['--since', second]).code).toBe(0);
    const missing = scan(dir, ['--since', '1234567890abcdef1234567890abcdef12345678']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^keyscan: --since 1234567890abcdef1234567890abcdef12345678: no such commit.*fetch-depth: 0/);
    const option = scan(dir, ['--range', '--output=/tmp/x']);
    expect(option.code).toBe(2);
  });

  it('scans a shallow clone, says history is partial, and explains how to fetch a missing --since', () => {
    const old = key();
    const recent = key();
    const origin = repo([{ files: { 'a.txt': `${old}\n` } }, { files: { 'b.txt': 'b\n' } }, { files: { 'c.txt': `${recent}\n` } }]);
    const firstSha = git(origin, ['rev-list', '--max-parents=0', 'HEAD']).trim();
    const clone = tempDir();
    dirs.push(clone);
    git(clone, ['clone', '-q', '--depth', '1', `file://${origin}`, '.']);
    const r = scan(clone);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/history is partial/);
    expect(r.report?.summary.notes.join(' ')).toMatch(/history is partial/);
    expect(r.findings.map((f) => f.file).sort()).toEqual(['a.txt', 'c.txt']);
    const since = scan(clone, ['--since', firstSha]);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/shallow.*git fetch --deepen=.*fetch-depth: 0/);
  });

  it('exits 2 naming a missing object, and on a corrupt one, never 0', () => {
    const dir = repo([{ files: { 'a.txt': 'alpha\n' } }, { files: { 'a.txt': 'alpha\nbeta\n' } }]);
    const blob = git(dir, ['rev-parse', 'HEAD:a.txt']).trim();
    const loose = join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    writeFileSync(loose, Buffer.from('this is not zlib data'));
    const corrupt = scan(dir);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stdout).toBe('');
    expect(corrupt.stderr).toMatch(new RegExp(`^keyscan: .*${blob}`));
    rmSync(loose);
    const missing = scan(dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(new RegExp(`^keyscan: .*${blob.slice(0, 7)}`));
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(scanWhole(dir, '1').code).toBe(2);
  });

  it('exits 2 outside a repository and 0 with "no commits" in an empty one', () => {
    const plain = tempDir();
    dirs.push(plain);
    const r = scan(plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyscan: not a git repository/);
    expect(r.stdout).toBe('');
    const empty = repo();
    const e = scan(empty);
    expect(e.code).toBe(0);
    expect(e.stderr).toMatch(/no commits/);
    expect(e.findings).toEqual([]);
  });

  it('reads odd file names as names, never as options', () => {
    const dir = repo([
      { files: { '--output=pwned': `${key()}\n`, 'dir with space/ça "quoted".txt': `x ${key()}\n`, '-n': `${key()}\n` } },
    ]);
    const r = scan(dir);
    expect(r.findings.map((f) => f.file).sort()).toEqual(['--output=pwned', '-n', 'dir with space/ça "quoted".txt']);
    expect(readdirSync(dir)).not.toContain('pwned');
    for (const threshold of ['1', '256k']) expect(essence(scanWhole(dir, threshold).findings)).toEqual(essence(r.findings));
  });

  it('prints no progress line when stderr is not a terminal', () => {
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    const r = scan(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
