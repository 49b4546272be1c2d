// Cliffs: inputs large enough to overflow a stack or turn a quadratic step into minutes.
// Tests never assert on time: they assert that the run finishes (a time limit kills a hang) and is right.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers/repo.js';
import { cli, json, report } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

describe('very many files', () => {
  it('200,000 files: no "Maximum call stack size exceeded" (push(...list))', { timeout: 400_000 }, () => {
    const dir = track(tempDir('keyscan-hostile-'));
    for (let d = 0; d < 200; d++) {
      mkdirSync(join(dir, `d${d}`));
      for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `d${d}`, `f${i}.txt`), 'x\n');
    }
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir, timeoutMs: 380_000 });
    report('200,000 files', r);
    expect(r.stderr).not.toMatch(/call stack|unexpected error/);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).summary.filesScanned).toBe(200_000);
  });
});

describe('large baselines', () => {
  it('--report-unused with 40,000 baseline entries finishes and names each unused one', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFileSync(join(dir, 'a.txt'), 'nothing\n');
    const entries = Array.from({ length: 40_000 }, (_, i) => ({ fingerprint: i.toString(16).padStart(32, '0'), rule: 'openai-project-key', file: `f${i}.env` }));
    writeFileSync(join(dir, '.keyscan-baseline.json'), JSON.stringify({ version: 1, entries }));
    const r = cli(['dir', '.', '--report-unused', '--format', 'json'], { cwd: dir, timeoutMs: 110_000 });
    report('--report-unused, 40,000 entries', r);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(json(r.stdout).summary.unused).toHaveLength(40_000);
  });
});
