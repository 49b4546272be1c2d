import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey, randomString } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function json(stdout: string) {
  return JSON.parse(stdout) as { version: number; findings: Record<string, unknown>[]; summary: Record<string, unknown> };
}

describe('keyscan dir', () => {
  it('exits 0 with an empty findings list on a clean tree', () => {
    const dir = project({ 'src/a.ts': 'export const x = 1;\n' });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings).toEqual([]);
  });

  it('reports a key with the contract fields and exits 1', () => {
    const key = openaiProjectKey();
    const dir = project({ 'src/client.ts': `import OpenAI from "openai";\n\nconst c = new OpenAI({ apiKey: "${key}" });\n` });
    const r = keyscan(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.version).toBe(1);
    const [f] = report.findings;
    expect(f).toMatchObject({
      rule: 'openai-project-key',
      provider: 'openai',
      severity: 'critical',
      confidence: 'high',
      file: 'src/client.ts',
      line: 3,
      column: 33,
    });
    expect(f.mistakes).toEqual(['stored-insecurely', 'usage-not-monitored']);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(f.secret).toBeUndefined();
    expect(String(f.redacted).startsWith('sk-proj-')).toBe(true);
    expect(r.stdout).not.toContain(key);
    expect(r.stderr).not.toContain(key);
  });

  it('gives the same fingerprint on every run and after lines move', () => {
    const key = openaiProjectKey();
    const dir = project({ 'a.py': `KEY = "${key}"\n` });
    const first = json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings[0].fingerprint;
    writeFiles(dir, { 'a.py': `# header\n\n\nKEY = "${key}"\n` });
    const second = json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings[0].fingerprint;
    expect(second).toBe(first);
  });

  it('prints secrets only with --no-redact', () => {
    const key = openaiProjectKey();
    const dir = project({ '.env': `OPENAI_API_KEY=${key}\n` });
    for (const format of ['human', 'json', 'sarif', 'junit']) {
      const hidden = keyscan(['--format', format], { cwd: dir });
      expect(hidden.code, format).toBe(1);
      expect(hidden.stdout + hidden.stderr, format).not.toContain(key);
      const shown = keyscan(['--format', format, '--no-redact'], { cwd: dir });
      expect(shown.stdout, format).toContain(key);
    }
  });

  it('writes the report to --output and keeps stdout empty', () => {
    const key = openaiProjectKey();
    const dir = project({ 'a.js': `const k = "${key}";\n` });
    const r = keyscan(['--format', 'json', '--output', 'out/report.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(json(readFileSync(join(dir, 'out/report.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('skips what .gitignore ignores inside a git work tree, unless --no-gitignore', () => {
    const key = openaiProjectKey();
    const dir = makeRepo();
    dirs.push(dir);
    writeFiles(dir, { '.gitignore': 'secrets/\n*.log\n', 'secrets/.env': `K=${key}\n`, 'app.log': `K=${key}\n`, 'ok.txt': 'hello\n' });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.stringify(json(r.stdout).summary)).toContain('ignored by .gitignore');
    const all = keyscan(['--format', 'json', '--no-gitignore'], { cwd: dir });
    expect(all.code).toBe(1);
    expect(json(all.stdout).findings.map((f) => f.file).sort()).toEqual(['app.log', 'secrets/.env']);
  });

  it('skips binary files by content and says so in the summary', () => {
    const key = openaiProjectKey();
    // Mostly NUL and control bytes (one stray NUL alone is text: see test/hostile/encodings.test.ts).
    const dir = project({ 'blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.alloc(512), Buffer.from(key)]), 'a.txt': 'fine\n' });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.skipped).toMatchObject({ binary: 1 });
  });

  it('decodes UTF-16 files with a BOM', () => {
    const key = openaiProjectKey();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\nkey=${key}\n`, 'utf16le')]);
    const dir = project({ 'win.txt': le });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]).toMatchObject({ file: 'win.txt', line: 2, column: 5 });
  });

  it('finds a key past the first chunk of a large file, with the right line', () => {
    const key = openaiProjectKey();
    const filler = `${'// filler line of ordinary code, nothing to see here\n'.repeat(200_000)}`;
    const dir = project({ 'big.js': `${filler}const k = "${key}";\n` });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]).toMatchObject({ file: 'big.js', line: 200_001, column: 12 });
  });

  it('leaves out paths and rules named in .keyscan.yaml', () => {
    const key = openaiProjectKey();
    const dir = project({
      'vendor/lib.js': `k="${key}"\n`,
      'src/app.js': `k="${githubToken()}"\n`,
      '.keyscan.yaml': 'allow:\n  paths: ["vendor/**"]\n  rules: ["github-pat-classic"]\n',
    });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    const rules = json(r.stdout).findings.map((f) => `${f.file}:${f.rule}`);
    expect(rules.some((x) => x.startsWith('vendor/'))).toBe(false);
    expect(rules.some((x) => x.endsWith(":github-pat-classic"))).toBe(false);
  });

  it('exits 2 with one line for a missing path, a bad option, a broken config', () => {
    const dir = project({ 'a.txt': 'x\n', 'bad.yaml': 'allow: [unclosed\n', 'badrule.yaml': 'rules:\n  - id: custom-x\n    provider: custom\n    title: t\n    description: d\n    severity: high\n    keywords: [x]\n    pattern: "(?<secret>(a+)+)"\n' });
    for (const args of [['nope'], ['--bogus'], ['--config', 'missing.yaml'], ['--config', 'bad.yaml'], ['--config', 'badrule.yaml'], ['--format', 'xml']]) {
      const r = keyscan(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^keyscan: /);
      expect(r.stdout).toBe('');
    }
  });
});

describe('keyscan files and stdin', () => {
  it('scans exactly the named files', () => {
    const key = openaiProjectKey();
    const dir = project({ 'a.env': `K=${key}\n`, 'b.env': `K=${key}\n` });
    const r = keyscan(['files', 'a.env', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
    expect(keyscan(['files', 'missing.env'], { cwd: dir }).code).toBe(2);
  });

  it('scans standard input under --label', () => {
    const key = openaiProjectKey();
    const dir = project({});
    const r = keyscan(['stdin', '--label', 'pasted.txt', '--format', 'json'], { cwd: dir, input: `hello\n${key}\n` });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]).toMatchObject({ file: 'pasted.txt', line: 2, column: 1 });
    expect(keyscan(['stdin'], { cwd: dir, input: 'nothing here\n' }).code).toBe(0);
  });

  it('says when the same secret stands in two files (multiple-keys-no-purpose)', () => {
    const key = openaiProjectKey();
    const dir = project({ 'a.py': `K="${key}"\n`, 'docs/README.md': `export OPENAI_API_KEY=${key}\n` });
    const findings = json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings;
    expect(findings).toHaveLength(2);
    for (const f of findings) expect(f.mistakes).toContain('multiple-keys-no-purpose');
    const doc = findings.find((f) => f.file === 'docs/README.md')!;
    expect(doc.mistakes).toContain('shared-with-others');
    expect(doc.confidence).toBe('low');
  });

  it('never shows a whole secret in the human report, even for short ones', () => {
    const password = randomString(14);
    const dir = project({ 'db.env': `DB_PASSWORD=${password}\n` });
    const r = keyscan([], { cwd: dir });
    expect(r.stdout).not.toContain(password);
  });

  it('works in a repository with a .git folder without scanning it', () => {
    const dir = makeRepo([{ files: { 'a.txt': 'x\n' } }]);
    dirs.push(dir);
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.filesScanned).toBe(1);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });
});
