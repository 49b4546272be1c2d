// keyscan install / uninstall against real repositories, real `git commit` and `git push`, and the
// real husky 9 and lint-staged 16 from this project's node_modules.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { keyscanProject, git, gitTry, keyscan, linkKeyscanBin, linkPackages, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const project = (files: Record<string, string> = {}): string => keyscanProject(dirs, files);

function commitAll(dir: string, files: Record<string, string>, args: string[] = []) {
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return gitTry(dir, ['commit', '-m', 'change', ...args]);
}

const hookPath = (dir: string, name = 'pre-commit') => join(dir, '.git', 'hooks', name);

function runNode(dir: string, args: string[]) {
  return spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
}

describe('keyscan install into git hooks', () => {
  it('keeps an existing hook running, blocks a key, lets a clean commit through, and uninstalls to the same bytes', () => {
    const dir = project();
    const existing = '#!/bin/sh\necho "existing hook ran" > existing-hook-ran.txt\n';
    writeFileSync(hookPath(dir), existing, { mode: 0o755 });

    const first = keyscan(['install'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/added keyscan to the top of \.git\/hooks\/pre-commit/);
    const installed = readFileSync(hookPath(dir), 'utf8');
    expect(keyscan(['install'], { cwd: dir }).stderr).toMatch(/already runs keyscan/);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(installed);

    const key = openaiProjectKey();
    const blocked = commitAll(dir, { 'src/config.js': `export const key = "${key}";\n` });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/commit blocked/);
    expect(blocked.stderr).toMatch(/src\/config\.js:1:21/);
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(git(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');

    const clean = commitAll(dir, { 'src/config.js': 'export const key = process.env.OPENAI_API_KEY;\n' });
    expect(clean.code).toBe(0);
    expect(existsSync(join(dir, 'existing-hook-ran.txt'))).toBe(true);
    expect(git(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('2');

    expect(keyscan(['uninstall'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(existing);
  });

  it('creates the hook when there is none, and uninstall deletes it', () => {
    const dir = project();
    expect(keyscan(['install'], { cwd: dir }).stderr).toMatch(/created \.git\/hooks\/pre-commit/);
    expect(statSync(hookPath(dir)).mode & 0o111).not.toBe(0);
    expect(commitAll(dir, { 'a.env': `KEY=${openaiProjectKey()}\n` }).code).not.toBe(0);
    keyscan(['uninstall'], { cwd: dir });
    expect(existsSync(hookPath(dir))).toBe(false);
  });

  it('judges `git commit -a` by what it commits', () => {
    const dir = project({ 'settings.py': 'DEBUG = True\n' });
    keyscan(['install'], { cwd: dir });
    writeFiles(dir, { 'settings.py': `DEBUG = True\nKEY = "${openaiProjectKey()}"\n` });
    const r = gitTry(dir, ['commit', '-a', '-m', 'all']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/settings\.py:2:8/);
  });

  it('chains a hook that is not a shell script and puts it back on uninstall', () => {
    const dir = project();
    const nodeHook = "#!/usr/bin/env node\nrequire('fs').writeFileSync('node-hook-ran.txt', 'yes');\n";
    writeFileSync(hookPath(dir), nodeHook, { mode: 0o755 });
    expect(keyscan(['install'], { cwd: dir }).stderr).toMatch(/not a shell script/);
    expect(commitAll(dir, { 'k.txt': `k=${openaiProjectKey()}\n` }).code).not.toBe(0);
    expect(existsSync(join(dir, 'node-hook-ran.txt'))).toBe(false);
    expect(commitAll(dir, { 'k.txt': 'nothing secret\n' }).code).toBe(0);
    expect(existsSync(join(dir, 'node-hook-ran.txt'))).toBe(true);
    keyscan(['uninstall'], { cwd: dir });
    expect(readFileSync(hookPath(dir), 'utf8')).toBe(nodeHook);
    expect(existsSync(`${hookPath(dir)}.keyscan-chained`)).toBe(false);
  });

  it('fails loudly when keyscan is gone', () => {
    const dir = project();
    keyscan(['install'], { cwd: dir });
    rmSync(join(dir, 'node_modules'), { recursive: true });
    const r = commitAll(dir, { 'a.txt': 'harmless\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/node_modules\/\.bin\/keyscan is missing, so this commit was NOT checked for secrets/);
    expect(r.stderr).toMatch(/--no-verify/);
  });

  it('refuses to install when keyscan-cli is not installed in the project', () => {
    const dir = makeRepo([{ files: { 'a.txt': 'a\n' } }]);
    dirs.push(dir);
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/keyscan-cli is not installed in this project/);
    expect(r.stderr).toMatch(/npx --no-install keyscan install/);
    expect(existsSync(hookPath(dir))).toBe(false);
  });

  it('refuses a hook git would not run', () => {
    const dir = project();
    writeFileSync(hookPath(dir), '#!/bin/sh\necho off\n');
    chmodSync(hookPath(dir), 0o644);
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not executable/);
  });

  it('honours core.hooksPath', () => {
    const dir = project();
    git(dir, ['config', 'core.hooksPath', '.githooks']);
    expect(keyscan(['install'], { cwd: dir }).stderr).toMatch(/created \.githooks\/pre-commit/);
    expect(commitAll(dir, { 'x.txt': `x=${openaiProjectKey()}\n` }).code).not.toBe(0);
  });

  it('leaves a hooks folder shared with other repositories alone', () => {
    const dir = project();
    const shared = tempDir();
    dirs.push(shared);
    git(dir, ['config', 'core.hooksPath', shared]);
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside this repository/);
    expect(existsSync(join(shared, 'pre-commit'))).toBe(false);
  });

  it('installs from a linked worktree into the shared hooks', () => {
    const dir = project();
    const wt = join(tempDir(), 'wt');
    dirs.push(wt);
    git(dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
    linkKeyscanBin(wt);
    expect(keyscan(['install'], { cwd: wt }).code).toBe(0);
    expect(existsSync(hookPath(dir))).toBe(true);
    expect(commitAll(wt, { 'w.txt': `w=${openaiProjectKey()}\n` }).code).not.toBe(0);
    expect(commitAll(wt, { 'w.txt': 'fine\n' }).code).toBe(0);
  });
});

describe('keyscan install --pre-push', () => {
  function withRemote() {
    const dir = project();
    const remote = join(tempDir(), 'remote.git');
    dirs.push(remote);
    git(dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);
    return dir;
  }

  it('scans the commits being pushed and hands the refs on to an existing hook', () => {
    const dir = withRemote();
    writeFileSync(hookPath(dir, 'pre-push'), '#!/bin/sh\ncat > pushed-refs.txt\n', { mode: 0o755 });
    expect(keyscan(['install', '--pre-push'], { cwd: dir }).code).toBe(0);

    git(dir, ['checkout', '-q', '-b', 'feature']);
    expect(commitAll(dir, { 'a.txt': `k=${openaiProjectKey()}\n` }, ['--no-verify']).code).toBe(0);
    expect(commitAll(dir, { 'b.txt': 'later\n' }).code).toBe(0);
    const blocked = gitTry(dir, ['push', 'origin', 'feature']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/push blocked/);
    expect(blocked.stderr).toMatch(/a\.txt:1:3 .* in [0-9a-f]{10}/);
    // The range is in the report's summary (standard output of the hook), said once.
    expect(blocked.stdout + blocked.stderr).toMatch(/not on origin \(2 commits\)/);

    git(dir, ['checkout', '-q', 'main']);
    expect(commitAll(dir, { 'c.txt': 'clean\n' }).code).toBe(0);
    const pushed = gitTry(dir, ['push', 'origin', 'main']);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout + pushed.stderr).toMatch(/scanned pre-push to origin: [0-9a-f]{10}\.\.[0-9a-f]{10} \(1 commit\)/);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    expect(readFileSync(join(dir, 'pushed-refs.txt'), 'utf8')).toMatch(new RegExp(`^refs/heads/main ${head} refs/heads/main [0-9a-f]{40}\\n$`));

    keyscan(['uninstall'], { cwd: dir });
    expect(readFileSync(hookPath(dir, 'pre-push'), 'utf8')).toBe('#!/bin/sh\ncat > pushed-refs.txt\n');
  });
});

describe('with husky 9 and lint-staged 16', () => {
  function huskyProject(packageJson: Record<string, unknown>) {
    const dir = project({ 'package.json': `${JSON.stringify({ name: 'app', private: true, ...packageJson }, null, 2)}\n` });
    linkPackages(dir, { husky: 'bin.js', 'lint-staged': 'bin/lint-staged.js' });
    const init = runNode(dir, ['node_modules/husky/bin.js']); // what `npx husky` (the prepare script) runs
    expect(init.status).toBe(0);
    expect(git(dir, ['config', 'core.hooksPath']).trim()).toBe('.husky/_');
    return dir;
  }

  it('adds itself to .husky/pre-commit, keeps what is there, and blocks a key', () => {
    const dir = huskyProject({ scripts: { prepare: 'husky' } });
    writeFiles(dir, { '.husky/pre-commit': 'echo husky-ran > husky-ran.txt\n' });
    const r = keyscan(['install'], { cwd: dir });
    expect(r.stderr).toMatch(/added keyscan to \.husky\/pre-commit/);
    expect(existsSync(hookPath(dir))).toBe(false);
    expect(commitAll(dir, { 'src/a.ts': `const k = "${openaiProjectKey()}";\n` }).stderr).toMatch(/commit blocked/);
    expect(existsSync(join(dir, 'husky-ran.txt'))).toBe(false);
    const clean = commitAll(dir, { 'src/a.ts': 'const k = process.env.KEY;\n' });
    expect(clean.code).toBe(0);
    expect(existsSync(join(dir, 'husky-ran.txt'))).toBe(true);
    keyscan(['uninstall'], { cwd: dir });
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('echo husky-ran > husky-ran.txt\n');
  });

  it('runs as the README recipe says through lint-staged', () => {
    const dir = huskyProject({ 'lint-staged': { '*': 'keyscan files' } });
    writeFiles(dir, { '.husky/pre-commit': 'npx --no-install lint-staged\n' });
    const blocked = commitAll(dir, { 'src/b.ts': `export const k = "${openaiProjectKey()}";\n`, 'logo.png': '\x89PNG\0\0' });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/src\/b\.ts:1:19/);
    const clean = commitAll(dir, { 'src/b.ts': 'export const k = 1;\n' });
    expect(clean.code).toBe(0);
  });
});

describe('keyscan install with lefthook or the pre-commit framework', () => {
  it('adds the entry to lefthook.yml and takes it out again', () => {
    const original = 'pre-commit:\n  commands:\n    lint:\n      run: echo lint\n';
    const dir = project({ 'lefthook.yml': original });
    const r = keyscan(['install', '--pre-push'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'lefthook.yml'), 'utf8');
    expect(text).toContain('run: node_modules/.bin/keyscan staged');
    expect(text).toContain('run: node_modules/.bin/keyscan ci --pre-push {1}');
    keyscan(['uninstall'], { cwd: dir });
    expect(readFileSync(join(dir, 'lefthook.yml'), 'utf8')).toBe(original);
  });

  it('adds a local hook to .pre-commit-config.yaml, or only prints it with --print', () => {
    const original = 'repos: []\n';
    const dir = project({ '.pre-commit-config.yaml': 'repos:\n- repo: local\n  hooks:\n  - id: other\n    name: other\n    entry: "true"\n    language: system\n' });
    const printed = keyscan(['install', '--print'], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('entry: node_modules/.bin/keyscan staged');
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).not.toContain('keyscan');
    expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toContain('id: keyscan');
    const flow = project({ '.pre-commit-config.yaml': original });
    const refused = keyscan(['install'], { cwd: flow });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('- repo: local');
  });
});

