// The pre-push hook says the range it scanned once: notes go to standard error only when the report
// does not show them itself (the human report on standard output shows them in its summary).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const count = (text: string, needle: RegExp) => (text.match(new RegExp(needle.source, 'g')) ?? []).length;
const RANGE = /scanned pre-push to origin: [0-9a-f]{10}\.\.[0-9a-f]{10} \(1 commit\)/;

describe('the range of a push', () => {
  it('is said once through a real pre-push hook', () => {
    const dir = makeRepo([{ files: { '.gitignore': 'node_modules\n', 'README.md': '# app\n' } }]);
    dirs.push(dir);
    linkKeyscanBin(dir);
    const remote = join(tempDir('keyscan-remote-'), 'remote.git');
    dirs.push(remote);
    git(dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);
    expect(keyscan(['install', '--pre-push'], { cwd: dir }).code).toBe(0);
    writeFiles(dir, { 'b.txt': 'clean\n' });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'clean']);
    const pushed = gitTry(dir, ['push', 'origin', 'main']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(count(pushed.stdout + pushed.stderr, RANGE), pushed.stderr).toBe(1);
  });

  it('machine formats keep the notes on standard error', () => {
    const dir = makeRepo([{ files: { 'a.txt': 'one\n' } }, { files: { 'b.txt': 'two\n' } }]);
    dirs.push(dir);
    const r = keyscan(['ci', '--since', 'HEAD~1', '--format', 'json'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^keyscan: scanned .*\(1 commit\)$/m);
    const human = keyscan(['ci', '--since', 'HEAD~1'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
    expect(count(human.stdout + human.stderr, /scanned .*\(1 commit\)/)).toBe(1);
    expect(human.stdout).toMatch(/note: scanned .*\(1 commit\)/);
  });
});
