// Silent misses in history and secrets printed whole: commit messages, annotated tag messages and
// refs that point straight at a blob are scanned; a key used as an author name is reported and
// redacted; a file named after its key never prints the key; --config at a token file never echoes it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

const FORMATS = ['human', 'json', 'sarif', 'junit'];

describe('keyscan git reads more than added lines', () => {
  it('a key in a commit message is reported, naming the commit', () => {
    const key = openaiProjectKey();
    const repo = track(makeRepo([{ files: { 'a.txt': 'a\n' }, message: `fix client\n\nOPENAI_API_KEY=${key}\n` }]));
    const sha = git(repo, ['rev-parse', 'HEAD']).trim();
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const [f] = json(r.stdout).findings;
    expect(f.commit).toBe(sha);
    expect(f.file).toMatch(/commit message/);
    expect(r.stdout).not.toContain(key);
  });

  it('a key in an annotated tag message, and a tag pointing straight at a blob', () => {
    const inTag = openaiProjectKey();
    const inBlob = openaiProjectKey();
    const repo = track(makeRepo([{ files: { 'a.txt': 'a\n' } }]));
    git(repo, ['tag', '-a', 'v1', '-m', `release\n\nOPENAI_API_KEY=${inTag}`]);
    const blob = gitTry(repo, ['hash-object', '-w', '--stdin'], {}, `OPENAI_API_KEY=${inBlob}\n`).stdout.trim();
    git(repo, ['tag', 'loose', blob]);
    git(repo, ['tag', '-a', 'wrapped', '-m', 'a blob', blob]);
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const files = json(r.stdout).findings.map((f) => f.file).sort();
    expect(files.some((f) => /v1/.test(f))).toBe(true);
    expect(files.some((f) => /loose/.test(f))).toBe(true);
    expect(files.some((f) => /wrapped/.test(f))).toBe(true);
  });

  it('a key used as an author name is reported and printed redacted in every format', () => {
    const key = githubToken();
    const repo = track(makeRepo());
    writeFiles(repo, { 'a.txt': 'a\n' });
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'x'], { GIT_AUTHOR_NAME: key, GIT_COMMITTER_NAME: key });
    for (const format of FORMATS) {
      const r = cli(['git', '--format', format], { cwd: repo });
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(key);
    }
  });
});

describe('secrets in names and errors are never printed whole', () => {
  it('a file named after its key: no format prints the key in the path', () => {
    const key = githubToken();
    const dir = track(tempDir('keyscan-hostile-'));
    // `_` and `-` beside the key are name separators too: `dir_<key>.txt`, `<key>_old`, `a-<key>-b`.
    writeFiles(dir, {
      [`keys/${key}.txt`]: `GITHUB_TOKEN=${key}\n`,
      [`${key}/b.env`]: `TOKEN=${key}\n`,
      [`dir_${key}.txt`]: `TOKEN=${key}\n`,
      [`${key}_old`]: `TOKEN=${key}\n`,
      [`a-${key}-b/c.env`]: `TOKEN=${key}\n`,
    });
    for (const format of FORMATS) {
      const r = cli(['dir', '.', '--format', format], { cwd: dir });
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(key);
    }
    expect(cli(['dir', '.', '--format', 'json', '--no-redact'], { cwd: dir }).stdout).toContain(key);
    const named = cli(['dir', '.', '--config', `dir_${key}.yaml`], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).not.toContain(key);
  });

  it('--config pointed at a file that holds a token does not echo it', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const gh = githubToken();
    const oa = openaiProjectKey();
    writeFileSync(join(dir, 'token.txt'), `${gh}\n`);
    writeFileSync(join(dir, 'env.txt'), `OPENAI_API_KEY=${oa}\n`);
    writeFileSync(join(dir, 'map.yaml'), `${gh}: 1\n`);
    for (const file of ['token.txt', 'env.txt', 'map.yaml']) {
      const r = cli(['dir', '.', '--config', file], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toContain(gh);
      expect(r.stderr).not.toContain(oa);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
