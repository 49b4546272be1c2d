// The blocked commit's way out number 1 offers a command that makes git ignore `.env`. A newcomer
// pastes it as printed: it must work whether `.gitignore` ends with a newline, does not, or is absent.
// `echo '.env' >> .gitignore` on a file without a final newline made `node_modules.env`, which ignores
// neither. The test runs the printed command itself in a shell, in the repository, then asks git.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function blockedIn(gitignore: string | null): { dir: string; text: string } {
  const dir = makeRepo([{ files: { 'README.md': '# app\n', ...(gitignore === null ? {} : { '.gitignore': gitignore }) } }]);
  dirs.push(dir);
  linkKeyscanBin(dir);
  expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
  writeFiles(dir, { 'src/config.js': `export const key = "${openaiProjectKey()}";\n` });
  git(dir, ['add', 'src/config.js']);
  const r = gitTry(dir, ['commit', '-m', 'config']);
  expect(r.code).not.toBe(0);
  return { dir, text: r.stdout + r.stderr };
}

/** The command the message offers, as printed: `git does not ignore .env yet: <command>. Then …`. */
function offeredCommand(text: string): string {
  const m = /git does not ignore \.env yet: (.+?)\. Then git add/.exec(text);
  expect(m, text).not.toBeNull();
  return m![1];
}

function ignored(dir: string, path: string): boolean {
  return gitTry(dir, ['check-ignore', '-q', '--', path]).code === 0;
}

describe("the blocked commit's .gitignore line", () => {
  for (const [name, gitignore] of [
    ['ends with a newline', 'node_modules\n'],
    ['has no final newline', 'node_modules'],
    ['ends with a CRLF line', 'node_modules\r\n'],
    ['is absent', null],
  ] as const) {
    it(`works as printed when .gitignore ${name}`, () => {
      const { dir, text } = blockedIn(gitignore);
      const command = offeredCommand(text);
      if (gitignore === 'node_modules') expect(command).not.toMatch(/^echo/);
      const sh = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
      expect(sh.status, sh.stderr).toBe(0);
      expect(ignored(dir, '.env')).toBe(true);
      if (gitignore !== null) expect(ignored(dir, 'node_modules')).toBe(true);
      // Once .env is ignored, the next blocked commit says so instead of offering the line again.
      const again = gitTry(dir, ['commit', '-m', 'config']);
      expect(again.code).not.toBe(0);
      expect(again.stdout + again.stderr).toMatch(/git already ignores \.env/);
    });
  }
});
