// Hostile repositories: not one, empty, corrupt or missing objects, shallow, submodules, worktrees,
// bare, and a checkout whose own config names a program for git to run.
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, inProcess, json } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^keyscan: /);
  return lines[0];
}

/** A repository whose first commit adds a key in a.env, and a second commit that changes nothing secret. */
function repoWithKey(key: string): string {
  return track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${key}\n` } }, { files: { 'b.txt': 'two\n' } }]));
}

function objectPath(repo: string, sha: string): string {
  return join(repo, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
}

describe('keyscan git on hostile repositories', () => {
  it('exits 2 with one line outside a repository', async () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const r = await inProcess(['git'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/not a git repository/);
    expect(r.stdout).toBe('');
  });

  it('says so when the repository has no commits', async () => {
    const dir = track(makeRepo());
    const r = await inProcess(['git', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no commits/);
    expect(json(r.stdout).summary.notes.join(' ')).toMatch(/no commits/);
  });

  it('exits 2 naming a missing object', async () => {
    const dir = repoWithKey(openaiProjectKey());
    const blob = git(dir, ['rev-parse', 'HEAD~1:a.env']).trim();
    rmSync(objectPath(dir, blob));
    const r = await inProcess(['git'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(blob);
    expect(r.stdout).toBe('');
  });

  it('exits 2 with one line naming a corrupt object, and no report', async () => {
    const key = openaiProjectKey();
    const dir = repoWithKey(key);
    const blob = git(dir, ['rev-parse', 'HEAD~1:a.env']).trim();
    chmodSync(objectPath(dir, blob), 0o644);
    writeFileSync(objectPath(dir, blob), 'not zlib at all');
    const r = await inProcess(['git'], { cwd: dir });
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain(blob);
    expect(line).not.toContain(key);
    expect(r.stdout).toBe('');
  });

  it('scans a shallow clone and says the history is partial', async () => {
    const key = openaiProjectKey();
    const origin = repoWithKey(key);
    const clone = track(tempDir('keyscan-hostile-'));
    git(clone, ['clone', '-q', '--depth', '1', `file://${origin}`, '.']);
    const r = await inProcess(['git', '--format', 'json'], { cwd: clone });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
    expect(r.stderr).toMatch(/shallow/);
  });

  it('scans from a linked worktree, and keyscan dir works inside it', async () => {
    const key = openaiProjectKey();
    const main = repoWithKey(key);
    const wt = track(tempDir('keyscan-hostile-'));
    rmSync(wt, { recursive: true });
    git(main, ['worktree', 'add', '-q', '-b', 'side', wt]);
    commit(wt, { files: { 'side.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } }, 3);
    const history = await inProcess(['git', '--format', 'json'], { cwd: wt });
    expect(history.code).toBe(1);
    expect(json(history.stdout).findings.map((f) => f.file).sort()).toEqual(['a.env', 'side.env']);
    const tree = await inProcess(['dir', '--format', 'json'], { cwd: wt });
    expect(tree.code).toBe(1);
    expect(json(tree.stdout).findings.map((f) => f.file).sort()).toEqual(['a.env', 'side.env']);
    // The worktree's .git is a file pointing at the main repository: neither scanned nor counted.
    expect(json(tree.stdout).summary.filesScanned).toBe(3);
  });

  it('keyscan dir on a bare repository points to keyscan git', async () => {
    const origin = repoWithKey(openaiProjectKey());
    const bare = track(tempDir('keyscan-hostile-'));
    git(bare, ['clone', '-q', '--bare', origin, '.']);
    const r = await inProcess(['dir', '--format', 'json'], { cwd: bare });
    expect([0, 1]).toContain(r.code);
    expect(json(r.stdout).summary.notes.join(' ')).toMatch(/keyscan git \S+ scans the history of \S+, a bare git repository/);
  });

  it('scans a bare repository', async () => {
    const key = openaiProjectKey();
    const origin = repoWithKey(key);
    const bare = track(tempDir('keyscan-hostile-'));
    git(bare, ['clone', '-q', '--bare', origin, '.']);
    const r = await inProcess(['git', '--format', 'json'], { cwd: bare });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
  });
});

describe('submodules', () => {
  function superWithSub(key: string): { top: string; sub: string } {
    const sub = repoWithKey(key);
    const top = track(makeRepo([{ files: { 'top.txt': 'top\n' } }]));
    git(top, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor/sub']);
    git(top, ['commit', '-q', '-m', 'add submodule']);
    // The submodule's own .gitignore: its ignored files stay out of `keyscan dir` from the top.
    writeFiles(join(top, 'vendor/sub'), { '.gitignore': 'local.env\n', 'local.env': `OPENAI_API_KEY=${key}\n` });
    return { top, sub };
  }

  it('keyscan dir from the superproject scans the submodule checkout by its own .gitignore, and says its history is not scanned', async () => {
    const key = openaiProjectKey();
    const { top } = superWithSub(key);
    const r = await inProcess(['dir', '--format', 'json'], { cwd: top });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.findings.map((f) => f.file)).toEqual(['vendor/sub/a.env']);
    expect(report.summary.notes.join(' ')).toMatch(/nested repositor.*history is not scanned/);
    expect(report.summary.skipped).toMatchObject({ 'ignored by .gitignore': 1 });
  });

  it('keyscan dir works inside a submodule checkout', async () => {
    const key = openaiProjectKey();
    const { top } = superWithSub(key);
    const r = await inProcess(['dir', '--format', 'json'], { cwd: join(top, 'vendor/sub') });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
  });

  it('keyscan git does not follow a submodule into its history', async () => {
    const key = openaiProjectKey();
    const { top } = superWithSub(key);
    const r = await inProcess(['git', '--format', 'json'], { cwd: top });
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings).toEqual([]);
  });

  it('keyscan git says that it left submodules out', async () => {
    const { top } = superWithSub(openaiProjectKey());
    const r = await inProcess(['git', '--format', 'json'], { cwd: top });
    expect(json(r.stdout).summary.notes.join(' ')).toMatch(/submodule/);
  });
});

describe('a checkout whose .git/config names a program', () => {
  it('never runs core.fsmonitor from the scanned repository (keyscan dir, keyscan git)', () => {
    const repo = track(makeRepo([{ files: { 'a.txt': 'a\n' } }]));
    const marker = join(track(tempDir('keyscan-hostile-')), 'fsmonitor-ran');
    const hook = join(repo, '.git', 'fsmonitor.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    git(repo, ['config', 'core.fsmonitor', hook]);
    // Sanity: git itself runs it.
    git(repo, ['status', '--porcelain']);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    expect(cli(['dir'], { cwd: repo }).code).toBe(0);
    expect(cli(['git'], { cwd: repo }).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

// Every git call runs with -c core.fsmonitor=false (src/sources/git.ts), the ones that describe findings too.
describe('a checkout whose .git/config names a program, when there are findings', () => {
  it('never runs core.fsmonitor while describing findings', () => {
    const repo = track(makeRepo([{ files: { 'a.txt': 'a\n' } }]));
    const marker = join(track(tempDir('keyscan-hostile-')), 'fsmonitor-ran');
    const hook = join(repo, '.git', 'fsmonitor.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    git(repo, ['config', 'core.fsmonitor', hook]);
    writeFiles(repo, { 's.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` });
    expect(cli(['dir'], { cwd: repo }).code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});
