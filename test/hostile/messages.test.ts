// Poor messages that mislead: an incomplete scan must not open like a clean one, and a bare
// repository scanned as a folder is named as the user typed it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const runAs = isRoot ? { uid: NOBODY } : {};
const canDrop = !isRoot || spawnSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY }).status === 0;

describe('an incomplete scan does not read as clean', () => {
  it.skipIf(!canDrop)('an unreadable file: exit 2, and the human report never says "No secrets found" first', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    chmodSync(dir, 0o755);
    writeFiles(dir, { 'a.txt': 'fine\n', 'locked.env': 'A=1\n' });
    chmodSync(join(dir, 'a.txt'), 0o644);
    chmodSync(join(dir, 'locked.env'), 0o000);
    const r = cli(['dir', '.'], { cwd: dir, ...runAs });
    expect(r.code).toBe(2);
    expect(r.stdout.trimStart()).not.toMatch(/^No secrets found/);
    expect(r.stdout).toMatch(/incomplete/i);
  });

  it.skipIf(!canDrop)('an unreadable file: JUnit has an error case and SARIF a failed run, not a clean pass', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    chmodSync(dir, 0o755);
    writeFiles(dir, { 'a.txt': 'fine\n', 'locked.env': 'A=1\n' });
    chmodSync(join(dir, 'a.txt'), 0o644);
    chmodSync(join(dir, 'locked.env'), 0o000);
    const junit = cli(['dir', '.', '--format', 'junit'], { cwd: dir, ...runAs });
    expect(junit.code).toBe(2);
    expect(junit.stdout).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit.stdout).toMatch(/<error message="incomplete scan: [^"]*locked\.env/);
    expect(junit.stdout).not.toContain('no secrets found');
    const sarif = cli(['dir', '.', '--format', 'sarif'], { cwd: dir, ...runAs });
    expect(sarif.code).toBe(2);
    const [run] = JSON.parse(sarif.stdout).runs;
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/locked\.env/);
    // A complete scan claims nothing of the kind.
    chmodSync(join(dir, 'locked.env'), 0o644);
    const clean = JSON.parse(cli(['dir', '.', '--format', 'sarif'], { cwd: dir, ...runAs }).stdout).runs[0];
    expect(clean.invocations).toBeUndefined();
  });
});

describe('keyscan dir on a bare repository', () => {
  it('suggests keyscan git with the path the user gave, not "."', () => {
    const parent = track(tempDir('keyscan-hostile-'));
    git(parent, ['init', '-q', '--bare', 'r.git']);
    mkdirSync(join(parent, 'sub'));
    const r = cli(['dir', 'r.git'], { cwd: parent });
    expect(r.stderr + r.stdout).toMatch(/keyscan git r\.git/);
    expect(r.stderr + r.stdout).not.toMatch(/keyscan git \.(\s|$)/);
    const inside = cli(['dir'], { cwd: join(parent, 'r.git') });
    expect(inside.stderr + inside.stdout).toMatch(/keyscan git \.(\s|$)/);
  });
});
