import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey, randomString } from '../helpers/fakes.js';
import { keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** The report without what differs between runs by nature (timings). */
function stable(stdout: string): unknown {
  const report = JSON.parse(stdout);
  delete report.summary.durationMs;
  delete report.summary.threads;
  return report;
}

describe('scanning threads', () => {
  it('give byte-identical reports whatever their number, for trees and history', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) {
      const filler = Array.from({ length: 60 }, (_, j) => `const v${j} = "${randomString(24)}"; // line ${j}`).join('\n');
      const secret = i % 7 === 0 ? `\nconst key = "${openaiProjectKey()}";\n` : i % 11 === 0 ? `\nGITHUB_TOKEN=${githubToken()}\n` : '';
      // The same key in several files: attribution and "found in N files" must not depend on threads.
      files[`src/m${i}/f${i}.js`] = `${filler}${secret}${i % 13 === 0 ? `\nshared = "${'sk-proj-'}${'x'}"\n` : ''}`;
    }
    const dir = tempDir();
    dirs.push(dir);
    writeFiles(dir, files);
    const env = { KEYSCAN_THREADS_AFTER: '0' };
    const one = keyscan(['dir', '.', '--format', 'json', '--threads', '1'], { cwd: dir, env });
    const many = keyscan(['dir', '.', '--format', 'json', '--threads', '3'], { cwd: dir, env });
    expect(one.code).toBe(1);
    expect(many.code).toBe(1);
    expect(stable(many.stdout)).toEqual(stable(one.stdout));
    expect(JSON.parse(one.stdout).summary.threads).toBeUndefined();
    expect(JSON.parse(many.stdout).summary.threads).toBe(3);

    const repo = makeRepo([
      { files: Object.fromEntries(Object.entries(files).slice(0, 60)) },
      { files: Object.fromEntries(Object.entries(files).slice(60)) },
      { files: { 'src/m0/f0.js': null, 'late.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } },
    ]);
    dirs.push(repo);
    const h1 = keyscan(['git', '--format', 'json', '--threads', '1'], { cwd: repo, env });
    const h2 = keyscan(['git', '--format', 'json', '--threads', '2'], { cwd: repo, env });
    expect(h1.code).toBe(1);
    expect(stable(h2.stdout)).toEqual(stable(h1.stdout));
    expect(JSON.parse(h2.stdout).summary.threads).toBe(2);
  });

  it('refuses a --threads that is not a whole number from 1 to 64', () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = keyscan(['dir', '.', '--threads', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyscan: invalid --threads 0/);
  });
});
