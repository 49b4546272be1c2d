// keyscan baseline and how scans use it: written by fingerprint only, sorted, stable under edits,
// used at the root or with --baseline, reasons kept, unused entries listed, spread secrets reported.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, minted, MINTED, openaiProjectKey, secretsIn } from '../helpers/fakes.js';
import { commit, filesUnder, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

afterAll(() => {
  // Every baseline this suite wrote: fingerprints, rule ids and paths only, never a secret or part of one.
  const written = dirs.flatMap((d) => filesUnder(d, (name) => name.endsWith('.json') && name.includes('baseline')));
  expect(written.length).toBeGreaterThan(0); // every test here writes one
  for (const file of written) {
    const text = readFileSync(file, 'utf8');
    expect(secretsIn(text, MINTED), file).toEqual([]);
    const doc = JSON.parse(text) as { version: number; entries: Record<string, string>[] };
    expect(Object.keys(doc)).toEqual(['version', 'entries']);
    for (const e of doc.entries) {
      expect(Object.keys(e).every((k) => ['fingerprint', 'rule', 'file', 'reason'].includes(k)), file).toBe(true);
      expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
  }
  dirs.forEach(removeDir);
});

interface JsonReport {
  findings: { rule: string; file: string; line: number; fingerprint: string }[];
  summary: {
    notes: string[];
    suppressed: { allowSecrets: number; baseline: number };
    unused?: { from: string; fingerprint: string; file?: string }[];
    spread?: { file: string; baselinedIn: string }[];
  };
}
function scan(dir: string, args: string[] = []): { code: number; report: JsonReport; stderr: string } {
  const r = keyscan([...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBeLessThan(2);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}
const baselineOf = (dir: string, name = '.keyscan-baseline.json') => readFileSync(join(dir, name), 'utf8');
const k = () => minted(openaiProjectKey());

describe('keyscan baseline', () => {
  it('writes every finding as fingerprint, rule and file, sorted; scans then report nothing', () => {
    const [a, b, c] = [k(), k(), minted(githubToken())];
    const dir = project({ 'z/app.ts': `const a = "${a}";\n`, 'lib/b.py': `B = "${b}"\nG = "${c}"\n`, 'docs/x.md': `key: \`${a}\`\n` });
    const before = scan(dir);
    expect(before.code).toBe(1);
    const w = keyscan(['baseline'], { cwd: dir });
    expect(w.code).toBe(0);
    expect(w.stderr).toBe('keyscan: wrote 4 fingerprint(s) to .keyscan-baseline.json (4 added, 0 removed)\n');
    const text = baselineOf(dir);
    const doc = JSON.parse(text);
    expect(doc.version).toBe(1);
    expect(doc.entries.map((e: { file: string; rule: string }) => `${e.file} ${e.rule}`)).toEqual([
      'docs/x.md openai-project-key',
      'lib/b.py github-pat-classic',
      'lib/b.py openai-project-key',
      'z/app.ts openai-project-key',
    ]);
    expect(new Set(doc.entries.map((e: { fingerprint: string }) => e.fingerprint))).toEqual(new Set(before.report.findings.map((f) => f.fingerprint)));
    expect(text).not.toMatch(/"line"|"column"|"commit"|"date"|\d{4}-\d{2}-\d{2}/);
    const after = scan(dir);
    expect(after.code).toBe(0);
    expect(after.report.findings).toEqual([]);
    expect(after.report.summary.suppressed).toEqual({ allowSecrets: 0, baseline: 4 });
    expect(after.stderr).toContain('keyscan: 4 finding(s) suppressed by the baseline .keyscan-baseline.json\n');
  });

  it('does not churn: lines inserted above a baselined key leave the file byte-identical', () => {
    const key = k();
    const dir = project({ 'src/app.ts': `import x from "y";\nconst key = "${key}";\n` });
    expect(keyscan(['baseline'], { cwd: dir }).code).toBe(0);
    const first = baselineOf(dir);
    writeFiles(dir, { 'src/app.ts': `// a licence header\n// of several lines\n\nimport x from "y";\nimport z from "w";\n\n\nconst key = "${key}";\n` });
    expect(scan(dir).code).toBe(0);
    const again = keyscan(['baseline'], { cwd: dir });
    expect(again.stderr).toContain('(0 added, 0 removed)');
    expect(baselineOf(dir)).toBe(first);
  });

  it('keeps reasons when updated, adds new findings and drops entries that no longer match', () => {
    const [a, b, c] = [k(), k(), k()];
    const dir = project({ 'a.ts': `const a = "${a}";\n`, 'b.ts': `const b = "${b}";\n` });
    keyscan(['baseline'], { cwd: dir });
    const doc = JSON.parse(baselineOf(dir));
    doc.entries[0].reason = 'revoked 2024-03-01, kept in the fixture';
    writeFileSync(join(dir, '.keyscan-baseline.json'), JSON.stringify(doc, null, 2));
    writeFiles(dir, { 'b.ts': null, 'c.ts': `const c = "${c}";\n` });
    const w = keyscan(['baseline'], { cwd: dir });
    expect(w.stderr).toContain('wrote 2 fingerprint(s) to .keyscan-baseline.json (1 added, 1 removed)');
    const next = JSON.parse(baselineOf(dir));
    expect(next.entries.map((e: { file: string; reason?: string }) => [e.file, e.reason])).toEqual([
      ['a.ts', 'revoked 2024-03-01, kept in the fixture'],
      ['c.ts', undefined],
    ]);
    expect(baselineOf(dir)).toContain('"file": "a.ts", "reason": "revoked 2024-03-01, kept in the fixture"}');
  });

  it('reports a new secret, and a baselined secret that spread to another file', () => {
    const key = k();
    const dir = project({ 'src/a.ts': `const k = "${key}";\n` });
    keyscan(['baseline'], { cwd: dir });
    const fresh = k();
    writeFiles(dir, { 'src/b.ts': `export const k = "${key}";\n`, 'src/c.ts': `const n = "${fresh}";\n` });
    const r = scan(dir);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file).sort()).toEqual(['src/b.ts', 'src/c.ts']);
    expect(r.report.summary.spread).toEqual([expect.objectContaining({ file: 'src/b.ts', baselinedIn: 'src/a.ts' })]);
    expect(r.stderr).toContain('keyscan: a secret baselined in src/a.ts (openai-project-key) now also stands in src/b.ts: it spread, so it is reported\n');
  });

  it('lists entries that match nothing with --report-unused, on stderr and in the summary, without failing', () => {
    const [a, b] = [k(), k()];
    const dir = project({ 'a.ts': `const a = "${a}";\n`, 'b.ts': `const b = "${b}";\n` });
    keyscan(['baseline'], { cwd: dir });
    const gone = JSON.parse(baselineOf(dir)).entries.find((e: { file: string }) => e.file === 'b.ts');
    writeFiles(dir, { 'b.ts': 'const b = process.env.B;\n' });
    const quiet = scan(dir);
    expect(quiet.code).toBe(0);
    expect(quiet.report.summary.unused).toBeUndefined();
    const r = scan(dir, ['--report-unused']);
    expect(r.code).toBe(0);
    expect(r.report.summary.unused).toEqual([{ from: 'baseline', fingerprint: gone.fingerprint, rule: 'openai-project-key', file: 'b.ts' }]);
    expect(r.stderr).toContain(`keyscan: unused baseline entry ${gone.fingerprint} (openai-project-key in b.ts): it matches nothing (keyscan baseline drops it)\n`);
    const human = keyscan(['--report-unused'], { cwd: dir });
    expect(human.stdout.replace(/\s+/g, ' ')).toContain(`unused baseline entry ${gone.fingerprint}`);
  });

  it('is used at the scanned root, or wherever --baseline FILE says', () => {
    const key = k();
    const dir = project({ 'svc/app.ts': `const k = "${key}";\n` });
    expect(keyscan(['baseline', 'svc'], { cwd: dir }).stderr).toContain('to svc/.keyscan-baseline.json');
    expect(scan(dir, ['svc']).code).toBe(0);
    expect(scan(dir, ['files', 'svc/app.ts']).code).toBe(1); // root is the working directory: no baseline there
    copyFileSync(join(dir, 'svc/.keyscan-baseline.json'), join(dir, 'svc/ci-baseline.json'));
    writeFiles(dir, { 'svc/.keyscan-baseline.json': null });
    expect(scan(dir, ['svc']).code).toBe(1);
    expect(scan(dir, ['svc', '--baseline', 'svc/ci-baseline.json']).code).toBe(0);
    expect(keyscan(['baseline', 'svc', '--baseline', 'svc/ci-baseline.json'], { cwd: dir }).stderr).toContain('to svc/ci-baseline.json (0 added, 0 removed)');
  });

  it('fails with exit 2 and one line on a broken baseline', () => {
    const dir = project({ 'a.ts': `const a = "${k()}";\n`, '.keyscan-baseline.json': '{"version": 1, "entries": [{"fingerprint": 12}]}' });
    const r = keyscan([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyscan: invalid baseline .keyscan-baseline.json: entries[0]: "fingerprint" must be 32 hexadecimal characters\n');
    expect(keyscan(['baseline'], { cwd: dir }).code).toBe(2);
    expect(keyscan(['--baseline', 'nope.json'], { cwd: dir }).stderr).toBe('keyscan: cannot read baseline nope.json: no such file or folder\n');
    writeFiles(dir, { '.keyscan-baseline.json': null }); // hand-written and broken: not one keyscan wrote
  });
});

describe('keyscan baseline --git', () => {
  it('covers secrets that only history holds, at the repository root', () => {
    const [a, b] = [k(), k()];
    const dir = makeRepo([{ files: { 'src/old.ts': `const a = "${a}";\n`, 'src/app.ts': `const b = "${b}";\n` } }]);
    dirs.push(dir);
    commit(dir, { files: { 'src/old.ts': null } }, 1);
    expect(scan(dir, ['git']).code).toBe(1);
    const tree = keyscan(['baseline'], { cwd: dir });
    expect(tree.code).toBe(0);
    expect(scan(dir, ['git']).report.findings.map((f) => f.file)).toEqual(['src/old.ts']);
    const w = keyscan(['baseline', '--git'], { cwd: join(dir, 'src') });
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('wrote 2 fingerprint(s) to ../.keyscan-baseline.json (1 added, 0 removed)');
    expect(JSON.parse(baselineOf(dir)).entries.map((e: { file: string }) => e.file)).toEqual(['src/app.ts', 'src/old.ts']);
    expect(scan(dir, ['git']).code).toBe(0);
    expect(scan(dir).code).toBe(0);
  });
});
