// --min-confidence and --fail-on, and the default policy: the hook and CI show low findings (tests,
// docs, examples) but block only on medium and high; a directory scan fails on every finding.
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface JsonReport {
  findings: { file: string; confidence: string; rule: string }[];
}

function repoWith(files: Record<string, string>): string {
  const dir = makeRepo([{ files: { 'README.txt': 'hello\n' } }]);
  dirs.push(dir);
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return dir;
}

describe('confidence policy', () => {
  const testKey = openaiProjectKey();
  const liveKey = openaiProjectKey();

  it('keyscan staged reports a low finding but does not block; a live one blocks', () => {
    const low = repoWith({ 'test/fixtures/client.test.ts': `const key = "${testKey}";\n` });
    const r = keyscan(['staged', '--format', 'json'], { cwd: low });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => f.confidence)).toEqual(['low']);
    expect(r.stderr).toContain('do not block');
    expect(r.stderr).not.toContain('commit blocked');

    const live = repoWith({ 'src/client.ts': `const key = "${liveKey}";\n` });
    const blocked = keyscan(['staged'], { cwd: live });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('commit blocked');
  });

  it('--fail-on low makes the hook block on a low finding', () => {
    const dir = repoWith({ 'test/client.test.ts': `const key = "${testKey}";\n` });
    expect(keyscan(['staged', '--fail-on', 'low'], { cwd: dir }).code).toBe(1);
  });

  it('a directory scan fails on a low finding; --min-confidence leaves it out of the report', () => {
    const dir = repoWith({ 'test/client.test.ts': `const key = "${testKey}";\n`, 'src/client.ts': `const key = "${liveKey}";\n` });
    const all = keyscan(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(all.code).toBe(1);
    expect((JSON.parse(all.stdout) as JsonReport).findings.map((f) => f.confidence).sort()).toEqual(['high', 'low']);
    const high = keyscan(['dir', '.', '--format', 'json', '--min-confidence', 'high'], { cwd: dir });
    expect((JSON.parse(high.stdout) as JsonReport).findings.map((f) => f.file)).toEqual(['src/client.ts']);
    expect(high.stderr).toContain('below --min-confidence high');
    const onlyLow = repoWith({ 'docs/setup.md': `OPENAI_API_KEY=${testKey}\n` });
    expect(keyscan(['dir', '.', '--min-confidence', 'medium'], { cwd: onlyLow }).code).toBe(0);
  });

  it('a low finding advises marking the example, not treating it as leaked', () => {
    const dir = repoWith({ 'test/client.test.ts': `const key = "${testKey}";\n` });
    git(dir, ['commit', '-qm', 'fixture']);
    const r = keyscan(['dir', '.', '--no-color', '--verbose'], { cwd: dir });
    expect(r.stdout).toContain('looks like an example');
    expect(r.stdout).toContain('keyscan:allow');
    expect(r.stdout).not.toContain('treat it as leaked');
  });

  it('rejects an unknown level with exit 2', () => {
    const dir = repoWith({});
    const r = keyscan(['dir', '.', '--min-confidence', 'certain'], { cwd: dir });
    expect(r.code).toBe(2);
  });
});
