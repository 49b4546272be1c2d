import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey, randomString } from '../helpers/fakes.js';
import { keyscan, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('--profile-rules', () => {
  it('prints the costliest rules to stderr, on one thread, without secrets, and leaves the report as it was', () => {
    const key = openaiProjectKey();
    const files: Record<string, string> = { 'app.js': `const key = "${key}";\n` };
    for (let i = 0; i < 30; i++) files[`src/f${i}.js`] = `const token = "${randomString(24)}"; // api key ${i}\n`;
    const dir = tempDir();
    dirs.push(dir);
    writeFiles(dir, files);
    const env = { KEYSCAN_THREADS_AFTER: '0' };
    const plain = keyscan(['dir', '.', '--format', 'json', '--threads', '2'], { cwd: dir, env });
    const profiled = keyscan(['dir', '.', '--format', 'json', '--threads', '2', '--profile-rules'], { cwd: dir, env });
    expect(profiled.code).toBe(1);
    const strip = (s: string) => {
      const r = JSON.parse(s);
      delete r.summary.durationMs;
      delete r.summary.threads;
      return r;
    };
    expect(strip(profiled.stdout)).toEqual(strip(plain.stdout));
    expect(JSON.parse(profiled.stdout).summary.threads).toBeUndefined();
    const lines = profiled.stderr.split('\n');
    const head = lines.findIndex((l) => l.startsWith('keyscan: rule profile (top 20 by time'));
    expect(head).toBeGreaterThanOrEqual(0);
    const rows = lines.slice(head + 1).filter((l) => /^ {2}\S+\s+[\d.]+ ms /.test(l));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThanOrEqual(20);
    expect(profiled.stderr).toContain('openai');
    expect(profiled.stderr).not.toContain(key.slice(8, 30));
    expect(plain.stderr).not.toContain('rule profile');
  });
});
