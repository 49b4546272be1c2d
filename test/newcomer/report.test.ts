// The compact default report through the CLI: --quiet, --verbose, colour by the usual conventions.
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { keyscan, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('the human report through the CLI', () => {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, {
    'src/a.js': `const k = "${openaiProjectKey()}";\n`,
    'test/fixtures/b.js': `token = "${githubToken()}"\n`,
  });

  it('--quiet prints the finding lines only, most serious first', () => {
    const r = keyscan(['.', '--quiet'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^src\/a\.js:1:12 +critical · likely real +openai +openai-project-key +sk-proj-\S+…\S+$/);
    expect(lines[1]).toMatch(/^test\/fixtures\/b\.js:1:10 +\w+ · (may be real|looks like an example) +github +github-pat-classic +ghp_/);
  });

  it('the default adds what to do and the summary; --verbose gives the blocks', () => {
    const r = keyscan(['.'], { cwd: dir });
    expect(r.stdout).toMatch(/^What to do:$/m);
    expect(r.stdout).toMatch(/^2 secrets found in 2 files scanned/m);
    const v = keyscan(['.', '--verbose'], { cwd: dir });
    expect(v.stdout).toMatch(/^critical · likely real {2}openai · /m);
    expect(v.stdout).toMatch(/^ {2}to do +1\. /m);
  });

  it('--quiet and --verbose together is a usage error', () => {
    const r = keyscan(['.', '--quiet', '--verbose'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [{ FORCE_COLOR: '1' }, [], true],
    [{ FORCE_COLOR: '0' }, ['--color'], true],
    [{ FORCE_COLOR: '1' }, ['--no-color'], false],
    [{ FORCE_COLOR: '0' }, [], false],
    [{}, [], false],
  ] as [Record<string, string>, string[], boolean][])('colour on a pipe with %o %o: %s', (env, flags, on) => {
    const r = keyscan(['.', ...flags], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm', ...env } });
    expect(/\x1b\[/.test(r.stdout)).toBe(on);
  });
});
