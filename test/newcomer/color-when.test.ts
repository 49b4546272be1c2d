// `--color=always|never|auto`, the way git, grep and ls take it. yargs read any value but `true` on a
// boolean option as false, so `--color=always` turned colour off without a word. Through the CLI, on
// a pipe (where only a forced colour shows), for the default command and for `keyscan staged`.
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const ESC = /\x1b\[/;
const PLAIN_ENV = { NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm' };

describe('--color=WHEN', () => {
  const dir = makeRepo([{ files: { 'README.md': '# app\n' } }]);
  dirs.push(dir);
  writeFiles(dir, { 'src/a.js': `const k = "${openaiProjectKey()}";\n` });

  it.each([
    [['--color=always'], {}, true],
    [['--color=ALWAYS'], {}, true],
    [['--colour=always'], {}, true],
    [['--color=always'], { NO_COLOR: '1' }, true],
    [['--color=never'], { FORCE_COLOR: '1' }, false],
    [['--color=auto'], {}, false],
    [['--color=auto'], { FORCE_COLOR: '1' }, true],
    [['--color=always', '--color=never'], {}, false],
  ] as [string[], Record<string, string>, boolean][])('%o with %o on a pipe: colour %s', (flags, env, on) => {
    const r = keyscan(['src', ...flags], { cwd: dir, env: { ...PLAIN_ENV, ...env } });
    expect(r.code, r.stderr).toBe(1);
    expect(ESC.test(r.stdout)).toBe(on);
  });

  it('another value is one exit-2 line, and no report', () => {
    for (const flag of ['--color=bogus', '--color=']) {
      const r = keyscan(['src', flag], { cwd: dir, env: PLAIN_ENV });
      expect(r.code, flag).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`keyscan: invalid ${flag}: expected --color=always, --color=never or --color=auto\n`);
    }
  });

  it('works for keyscan staged (its own fast parser hands it over) and leaves a file named --color=x after -- alone', () => {
    git(dir, ['add', 'src/a.js']);
    const r = keyscan(['staged', '--verbose', '--color=always'], { cwd: dir, env: PLAIN_ENV });
    expect(r.code).toBe(1);
    expect(ESC.test(r.stdout)).toBe(true);
    writeFiles(dir, { '--color=x': 'nothing here\n' });
    const f = keyscan(['files', '--', '--color=x'], { cwd: dir, env: PLAIN_ENV });
    expect(f.code, f.stderr).toBe(0);
  });
});
