// A blocked commit, through the real pre-commit hook: at most 12 lines saying what was found, where,
// and the three ways out; the .gitignore line for .env is offered only when git does not ignore it.
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function repo(gitignore: string): string {
  const dir = makeRepo([{ files: { '.gitignore': gitignore, 'README.md': '# app\n' } }]);
  dirs.push(dir);
  linkKeyscanBin(dir);
  expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
  return dir;
}

function commit(dir: string, files: Record<string, string>) {
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return gitTry(dir, ['commit', '-m', 'change']);
}

describe('a blocked commit', () => {
  it('says what and where in at most 12 lines, with the three ways out and the .gitignore line', () => {
    const dir = repo('node_modules\n');
    const key = openaiProjectKey();
    const r = commit(dir, { 'src/config.js': `export const key = "${key}";\n` });
    expect(r.code).not.toBe(0);
    const out = (r.stdout + r.stderr).trimEnd().split('\n');
    expect(out.length).toBeLessThanOrEqual(12);
    const text = out.join('\n');
    expect(text).toMatch(/commit blocked/);
    expect(text).toMatch(/src\/config\.js:1:21 +critical · likely real +openai +sk-proj-/);
    expect(text).toMatch(/environment variable \(e\.g\. OPENAI_API_KEY\)/);
    expect(text).toContain("echo '.env' >> .gitignore");
    expect(text).toContain('keyscan:allow');
    expect(text).toContain('git commit --no-verify');
    expect(text).not.toContain(key);
    expect(git(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  });

  it('does not offer the .gitignore line when git already ignores .env, and counts what it does not list', () => {
    const dir = repo('node_modules\n.env\n');
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`src/k${i}.js`] = `token = "${githubToken()}"\n`;
    const r = commit(dir, files);
    expect(r.code).not.toBe(0);
    const out = (r.stdout + r.stderr).trimEnd().split('\n');
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out.join('\n')).not.toContain("echo '.env'");
    expect(out.join('\n')).toMatch(/git already ignores \.env/);
    expect(out.join('\n')).toMatch(/… and 2 more \(keyscan staged --verbose/);
  });
});
