// keyscan install / uninstall against hooks a person (or a hostile checkout) left in odd states:
// a link to nothing, a read-only hooks folder, keyscan's block edited by hand or cut short, a hook
// that is a link to a tracked script. Real repositories, real `git commit` through the hook.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const canDrop = !isRoot || spawnSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY }).status === 0;

function project(files: Record<string, string> = {}): string {
  const dir = makeRepo([{ files: { '.gitignore': 'node_modules\n', 'README.md': '# app\n', ...files } }]);
  dirs.push(dir);
  linkKeyscanBin(dir);
  return dir;
}

function commitAll(dir: string, files: Record<string, string>) {
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return gitTry(dir, ['commit', '-m', 'change']);
}

const hookPath = (dir: string, name = 'pre-commit') => join(dir, '.git', 'hooks', name);
const count = (dir: string) => git(dir, ['rev-list', '--count', 'HEAD']).trim();

/** One line on stderr, exit 2, never the crash text. */
function expectClearFailure(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/unexpected error|please report/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('install where it cannot write', () => {
  it('a hook that is a symbolic link to nothing: one clear line, and nothing is created where it points', () => {
    const dir = project();
    const target = join(dir, 'elsewhere', 'pre-commit');
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(target, hookPath(dir));
    const r = keyscan(['install'], { cwd: dir });
    expectClearFailure(r, /\.git\/hooks\/pre-commit is a symbolic link to .*elsewhere\/pre-commit, which does not exist \(restore that file, or remove the link/);
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(hookPath(dir)).isSymbolicLink()).toBe(true);
    // Following the advice: the link goes, install works, the commit is checked.
    spawnSync('rm', [hookPath(dir)]);
    expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
    expect(commitAll(dir, { 'a.env': `KEY=${openaiProjectKey()}\n` }).code).not.toBe(0);
    expect(count(dir)).toBe('1');
  });

  it.skipIf(!canDrop)('a read-only hooks folder: one clear line naming the file and the reason', () => {
    const dir = project();
    // chmod does not stop root: the repository belongs to nobody, and keyscan runs as nobody.
    const all = (d: string): string[] => [d, ...readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(d, e.name)) : [join(d, e.name)]))];
    if (isRoot) for (const p of all(dir)) chownSync(p, NOBODY, NOBODY);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, '.git', 'hooks'), 0o555);
    const r = cli(['install'], { cwd: dir, ...(isRoot ? { uid: NOBODY } : {}) });
    expectClearFailure(r, /^keyscan: cannot add keyscan to \.git\/hooks\/pre-commit: permission denied \(check who may write there/);
    expect(existsSync(hookPath(dir))).toBe(false);
    chmodSync(join(dir, '.git', 'hooks'), 0o755);
    const ok = cli(['install'], { cwd: dir, ...(isRoot ? { uid: NOBODY } : {}) });
    expect(ok.code).toBe(0);
    if (isRoot) for (const p of all(dir)) chownSync(p, 0, 0);
    expect(commitAll(dir, { 'b.env': `KEY=${openaiProjectKey()}\n` }).code).not.toBe(0);
  });
});

describe("edits inside keyscan's block", () => {
  it('install keeps a hand edit to its lines and says so; uninstall then leaves them and says what to do', () => {
    const dir = project();
    keyscan(['install'], { cwd: dir });
    const edited = readFileSync(hookPath(dir), 'utf8').replace('"$keyscan_bin" staged ||', '"$keyscan_bin" staged --fail-on high ||');
    writeFileSync(hookPath(dir), edited);
    const again = keyscan(['install'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/keyscan's lines in \.git\/hooks\/pre-commit were edited by hand: left them as they are, with your edit/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(edited);
    // The edit is in force: a commit still runs keyscan with it.
    expect(commitAll(dir, { 'c.env': `KEY=${openaiProjectKey()}\n` }).stderr).toMatch(/commit blocked/);

    const out = keyscan(['uninstall'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/keyscan's lines were edited by hand \(line 11\), so keyscan uninstall left them as they are/);
    expect(out.stderr).not.toMatch(/nothing to remove/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(edited);
  });

  it("uninstall keeps a line the user added inside keyscan's block, and the hook goes on running it", () => {
    const dir = project();
    keyscan(['install'], { cwd: dir });
    const text = readFileSync(hookPath(dir), 'utf8');
    const mine = 'echo mine >> user-line-ran.txt';
    writeFileSync(hookPath(dir), text.replace('"$keyscan_bin" staged || exit $?\n', `"$keyscan_bin" staged || exit $?\n${mine}\n`));
    const r = keyscan(['uninstall'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/removed keyscan from \.git\/hooks\/pre-commit \(kept the line you added inside keyscan's block \(line 12\)\)/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(`#!/bin/sh\n${mine}\n`);
    const c = commitAll(dir, { 'd.env': `KEY=${openaiProjectKey()}\n` });
    expect(c.code).toBe(0); // keyscan is out
    expect(readFileSync(join(dir, 'user-line-ran.txt'), 'utf8')).toBe('mine\n');
  });

  it('the end marker gone: uninstall removes exactly keyscan lines, never "nothing to remove" while keyscan runs', () => {
    const existing = '#!/bin/sh\necho existing >> existing-ran.txt\n';
    const dir = project();
    writeFileSync(hookPath(dir), existing, { mode: 0o755 });
    keyscan(['install'], { cwd: dir });
    const cut = readFileSync(hookPath(dir), 'utf8').replace(/# <<< keyscan pre-commit <<<.*\n/, '');
    writeFileSync(hookPath(dir), cut);
    expect(commitAll(dir, { 'e.env': `KEY=${openaiProjectKey()}\n` }).code).not.toBe(0); // it still runs keyscan

    // install puts the marker back instead of adding a second block.
    const fixed = keyscan(['install'], { cwd: dir });
    expect(fixed.stderr).toMatch(/put back its end marker/);
    expect(readFileSync(hookPath(dir), 'utf8').match(/>>> keyscan pre-commit >>>/g)).toHaveLength(1);

    writeFileSync(hookPath(dir), cut);
    const r = keyscan(['uninstall'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/removed keyscan from \.git\/hooks\/pre-commit \(its end marker was missing/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(existing);
    expect(commitAll(dir, { 'e.env': 'KEY=from-the-environment\n' }).code).toBe(0);
  });

  it('the end marker gone and keyscan lines edited: uninstall says what to do by hand and exits 2', () => {
    const dir = project();
    keyscan(['install'], { cwd: dir });
    const broken = readFileSync(hookPath(dir), 'utf8')
      .replace(/# <<< keyscan pre-commit <<<.*\n/, '')
      .replace('"$keyscan_bin" staged ||', '"$keyscan_bin" staged --verbose ||');
    writeFileSync(hookPath(dir), broken);
    const r = keyscan(['uninstall'], { cwd: dir });
    expectClearFailure(r, /start marker on line 2 but not its end marker.*delete keyscan's lines from line 2 by hand/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(broken);
    const i = keyscan(['install'], { cwd: dir });
    expectClearFailure(i, /start marker on line 2 but not its end marker/);
  });

  it("a hook that runs keyscan in lines of the user's own: uninstall names them instead of 'nothing to remove'", () => {
    const dir = project();
    writeFileSync(hookPath(dir), '#!/bin/sh\nnode_modules/.bin/keyscan staged\n', { mode: 0o755 });
    const r = keyscan(['uninstall'], { cwd: dir });
    expectClearFailure(r, /\.git\/hooks\/pre-commit still runs keyscan \(line 2\), in lines keyscan install did not add: remove them by hand/);
  });
});

describe('a hook that is a link to a tracked script', () => {
  it('never gets a path of this machine written into it, installed from a linked worktree', () => {
    const dir = project({ 'scripts/pre-commit': '#!/bin/sh\necho shared >> shared-ran.txt\n' });
    chmodSync(join(dir, 'scripts/pre-commit'), 0o755);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'shared hook']);
    symlinkSync('../../scripts/pre-commit', hookPath(dir));
    const wt = join(tempDir(), 'wt');
    dirs.push(wt);
    git(dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
    linkKeyscanBin(wt);
    const r = keyscan(['install'], { cwd: wt });
    expect(r.code).toBe(0);
    const tracked = readFileSync(join(dir, 'scripts/pre-commit'), 'utf8');
    expect(tracked).toContain('>>> keyscan pre-commit >>>');
    expect(tracked).not.toMatch(/\/tmp\/|keyscan-test-/);
    for (const line of tracked.split('\n')) expect(line).not.toMatch(/(^|[\s'"=])\/(?!dev\/null)[\w.-]+\//);
    // It works from both checkouts (the relative bin is found from each one's top).
    const blocked = commitAll(wt, { 'f.env': `KEY=${openaiProjectKey()}\n` });
    expect(blocked.code).not.toBe(0);
    expect(commitAll(wt, { 'f.env': 'KEY=\n' }).code).toBe(0);
    expect(commitAll(dir, { 'g.env': `KEY=${openaiProjectKey()}\n` }).code).not.toBe(0);
  });
});
