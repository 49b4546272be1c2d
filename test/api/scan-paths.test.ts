// The programmatic API runs the CLI's pipeline: configuration, baseline and default excludes apply,
// and it reports what `keyscan dir` reports for the same folder.
import { afterAll, describe, expect, it } from 'vitest';
import { scanPaths, scanText } from '../../src/index.js';
import { openaiProjectKey, randomString } from '../helpers/fakes.js';
import { keyscan, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

describe('scanPaths', () => {
  it('honours .keyscan.yaml at the root: allow.paths and allow.rules', async () => {
    const dir = folder({
      '.keyscan.yaml': 'allow:\n  paths: ["vendor/**"]\n  rules: ["generic-password"]\n',
      'src/a.js': `const k = "${openaiProjectKey()}";\nconst password = "${randomString(18)}";\n`,
      'vendor/b.js': `const k = "${openaiProjectKey()}";\n`,
    });
    const report = await scanPaths([], { root: dir });
    expect(report.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['src/a.js openai-project-key']);
    expect(report.summary.skipped['left out by allow.paths']).toBe(1);
  });

  it('honours the baseline at the root, and an explicit one', async () => {
    const dir = folder({ 'a.js': `const k = "${openaiProjectKey()}";\n`, 'b.js': `const k = "${openaiProjectKey()}";\n` });
    const first = await scanPaths([], { root: dir });
    expect(first.findings).toHaveLength(2);
    const accepted = first.findings.find((f) => f.file === 'a.js')!;
    const baseline = JSON.stringify({ version: 1, entries: [{ fingerprint: accepted.fingerprint, rule: accepted.rule, file: accepted.file }] });
    writeFiles(dir, { 'accepted.json': baseline });
    const explicit = await scanPaths([], { root: dir, baseline: 'accepted.json' });
    expect(explicit.findings.map((f) => f.file)).toEqual(['b.js']);
    writeFiles(dir, { '.keyscan-baseline.json': baseline });
    const implicit = await scanPaths([], { root: dir });
    expect(implicit.findings.map((f) => f.file)).toEqual(['b.js']);
  });

  it('gives the findings keyscan dir gives, with their mistakes and confidence by path', async () => {
    const key = openaiProjectKey();
    const dir = folder({ 'src/a.js': `const k = "${key}";\n`, 'test/fixtures/b.js': `const k = "${key}";\n` });
    const api = await scanPaths([], { root: dir });
    const cli = JSON.parse(keyscan(['dir', '--format', 'json'], { cwd: dir }).stdout) as { findings: Record<string, unknown>[] };
    const shape = (f: Record<string, unknown>) => [f.file, f.rule, f.confidence, f.fingerprint, (f.mistakes as string[]).join(',')].join(' ');
    expect(api.findings.map((f) => shape(f as unknown as Record<string, unknown>))).toEqual(cli.findings.map(shape));
    expect(api.findings.map((f) => f.confidence)).toEqual(['high', 'low']);
  });
});

describe('scanText', () => {
  it('decides confidence by path as the pipeline does', () => {
    const key = openaiProjectKey();
    expect(scanText(`k = "${key}"`, 'docs/setup.md')[0].confidence).toBe('low');
    expect(scanText(`k = "${key}"`, 'src/app.ts')[0]).toMatchObject({ confidence: 'high', mistakes: expect.arrayContaining(['stored-insecurely']) });
  });
});
