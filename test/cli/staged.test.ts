import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
function repo(commits: Parameters<typeof makeRepo>[0] = []): string {
  const dir = makeRepo(commits);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

interface JsonReport {
  findings: { file: string; line: number; column: number; redacted: string; provider: string; rule: string }[];
  summary: { target: string; skipped: Record<string, number>; notes: string[]; filesScanned: number };
}
function staged(dir: string, extra: string[] = []) {
  const r = keyscan(['staged', '--format', 'json', ...extra], { cwd: dir });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : null };
}
const places = (r: JsonReport | null) => r?.findings.map((f) => `${f.file}:${f.line}:${f.column}`) ?? [];

describe('keyscan staged', () => {
  it('reports only added and changed lines, with line numbers of the staged file', () => {
    const old = openaiProjectKey();
    const added = openaiProjectKey();
    const dir = repo([{ files: { 'src/config.ts': `export const a = 1;\nconst old = "${old}";\n` } }]);
    writeFiles(dir, { 'src/config.ts': `// header\nexport const a = 2;\nconst old = "${old}";\n\nconst key = "${added}";\n` });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(r.code).toBe(1);
    expect(places(r.report)).toEqual(['src/config.ts:5:14']);
    expect(r.report!.summary.target).toBe('staged changes');
  });

  it('judges the index, not the working tree', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'a.txt': 'one\n' } }]);
    // A key only in the working tree: not part of the commit.
    writeFiles(dir, { 'a.txt': `one\nkey=${key}\n` });
    expect(staged(dir).code).toBe(0);
    // A key staged, then removed from the working tree: still part of the commit.
    git(dir, ['add', 'a.txt']);
    writeFiles(dir, { 'a.txt': 'one\n' });
    const r = staged(dir);
    expect(r.code).toBe(1);
    expect(places(r.report)).toEqual(['a.txt:2:5']);
  });

  it('judges a partially staged file by its staged lines only', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'app.py': 'a = 1\nb = 2\nc = 3\n' } }]);
    writeFiles(dir, { 'app.py': `a = 1\nb = 2\nc = 3\nd = "${key}"\n` });
    git(dir, ['add', 'app.py']);
    // A later, unstaged edit shifts lines in the working tree; the report keeps the staged numbers.
    writeFiles(dir, { 'app.py': `# new\n# lines\na = 1\nb = 2\nc = 3\nd = "${key}"\n` });
    expect(places(staged(dir).report)).toEqual(['app.py:4:6']);
  });

  it('follows renames: a moved key is not new, a key added while moving is', () => {
    const old = openaiProjectKey();
    const dir = repo([{ files: { 'old/name.env': `A=1\nKEY=${old}\nB=2\nC=3\nD=4\n` } }]);
    mkdirSync(join(dir, 'new'));
    git(dir, ['mv', 'old/name.env', 'new/name.env']);
    expect(staged(dir).code).toBe(0);
    const added = openaiProjectKey();
    writeFiles(dir, { 'new/name.env': `A=1\nKEY=${old}\nB=2\nC=3\nD=4\nNEW=${added}\n` });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(git(dir, ['diff', '--cached', '--name-status', '-M'])).toMatch(/^R\d+/);
    expect(places(r.report)).toEqual(['new/name.env:6:5']);
  });

  it('passes deletions and binary files, and says what it skipped', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'secrets.txt': `k=${key}\n` } }]);
    git(dir, ['rm', '-q', 'secrets.txt']);
    writeFiles(dir, { 'logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.alloc(512, 1), Buffer.from(`k=${key}`)]) });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.report!.summary.skipped).toEqual({ binary: 1 });
  });

  it('scans UTF-16 text that git treats as binary, whole', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'README.md': 'hi\n' } }]);
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\nkey = ${key}\r\n`, 'utf16le')]);
    writeFiles(dir, { 'settings.ini': text });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(r.code).toBe(1);
    expect(places(r.report)).toEqual(['settings.ini:2:7']);
    expect(r.stderr).toMatch(/settings\.ini: git shows no text diff/);
  });

  it('works before the first commit', () => {
    const key = openaiProjectKey();
    const dir = repo();
    writeFiles(dir, { 'first.js': `const k = "${key}";\n` });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(r.code).toBe(1);
    expect(places(r.report)).toEqual(['first.js:1:12']);
  });

  it('keeps odd file names exact', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'x.txt': 'x\n' } }]);
    writeFiles(dir, { 'dir with space/fïlé "q".txt': `k=${key}\n`, 'tab\there.txt': `k=${key}\n` });
    git(dir, ['add', '-A']);
    expect(places(staged(dir).report).sort()).toEqual(['dir with space/fïlé "q".txt:1:3', 'tab\there.txt:1:3']);
  });

  it('honours keyscan:allow and allow.paths', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { '.keyscan.yaml': 'allow:\n  paths: ["fixtures/**"]\n' } }]);
    writeFiles(dir, { 'fixtures/fake.txt': `k=${key}\n`, 'src/a.ts': `const k = "${key}"; // keyscan:allow\n` });
    git(dir, ['add', '-A']);
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.report!.summary.skipped).toEqual({ 'left out by allow.paths': 1 });
  });

  it('says when nothing is staged', () => {
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    const r = staged(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/nothing is staged/);
  });

  it('blocks with a message a person can act on, and never prints the whole key', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    writeFiles(dir, { 'src/client.ts': `\nconst client = new OpenAI({ apiKey: "${key}" });\n` });
    git(dir, ['add', '-A']);
    const r = keyscan(['staged'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain(key);
    expect(r.stderr).toMatch(/commit blocked/);
    expect(r.stderr).toMatch(/src\/client\.ts:2:38 {2}critical · likely real {2}openai {2}sk-proj-\S+…\S+/);
    expect(r.stderr).toMatch(/environment variable \(e\.g\. OPENAI_API_KEY\)/);
    expect(r.stderr).toContain('keyscan:allow');
    expect(r.stderr).toContain('git commit --no-verify');
  });

  it('exits 2 with one line outside a repository, and on a bad option', () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = keyscan(['staged'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a git repository/);
    const bad = keyscan(['staged', '--no-such-option'], { cwd: repo([{ files: { 'a': 'a' } }]) });
    expect(bad.code).toBe(2);
    const help = keyscan(['staged', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/staged/);
  });

  it('exits 2 on a broken configuration instead of passing the commit', () => {
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    writeFiles(dir, { '.keyscan.yaml': 'allow: [\n', 'b.txt': 'b\n' });
    git(dir, ['add', 'b.txt']);
    const r = keyscan(['staged'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid YAML in config/);
  });

  it('takes the common options on the hook path', () => {
    const key = openaiProjectKey();
    const dir = repo([{ files: { 'a.txt': 'a\n' } }]);
    writeFiles(dir, { 'b.txt': `k=${key}\n` });
    git(dir, ['add', '-A']);
    const full = keyscan(['staged', '--format=json', '--no-redact', '--no-color', '--output', 'out/report.json'], { cwd: dir });
    expect(full.code).toBe(1);
    expect(full.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).findings[0].secret).toBe(key);
    const sarif = keyscan(['staged', '-f', 'sarif'], { cwd: dir });
    expect(sarif.code).toBe(1);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
  });
});
