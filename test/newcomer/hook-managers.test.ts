// Every hook manager a newcomer may already use, for real: each test makes real commits through the
// real manager. The pre-commit framework is Debian's `pre-commit` (3.0.4 here; .ci/run installs it);
// lefthook is the npm package, installed without install scripts (its binary comes in an optional
// per-platform package); husky 9 and lint-staged 16 are this project's devDependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { keyscanProject, git, GIT_ENV, gitTry, keyscan, linkKeyscanBin, linkPackages, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const project = (files: Record<string, string> = {}): string => keyscanProject(dirs, files);

function commitAll(dir: string, files: Record<string, string>, env: Record<string, string> = {}) {
  writeFiles(dir, files);
  git(dir, ['add', '-A']);
  return gitTry(dir, ['commit', '-m', 'change'], env);
}

const count = (dir: string) => Number(git(dir, ['rev-list', '--count', 'HEAD']).trim());
const pkg = (extra: Record<string, unknown> = {}) => `${JSON.stringify({ name: 'app', private: true, ...extra }, null, 2)}\n`;
/** A file whose key was committed before any hook: the hook judges what a commit adds, so editing elsewhere passes. */
const OLD_KEY_FILE = (key: string, n: number) => `const key = "${key}";\nconst n = ${n};\n`;

const preCommitVersion = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const hasPreCommit = preCommitVersion.status === 0;
const PRE_COMMIT_TITLE = hasPreCommit
  ? `the pre-commit framework (${preCommitVersion.stdout.trim()})`
  : 'the pre-commit framework: SKIPPED, the pre-commit program is not on PATH (apt-get install pre-commit; .ci/run installs it)';

describe.skipIf(!hasPreCommit)(PRE_COMMIT_TITLE, () => {
  const home = tempDir('keyscan-pre-commit-home-');
  dirs.push(home);
  const env = {
    PRE_COMMIT_HOME: home,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };

  it('keyscan install --using pre-commit writes a stage this pre-commit accepts: a key is blocked, a clean commit passes', () => {
    const dir = project({ '.pre-commit-config.yaml': 'repos: []\n' });
    writeFileSync(join(dir, '.pre-commit-config.yaml'), '');
    const printed = keyscan(['install', '--using', 'pre-commit', '--print'], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toBe('');
    const r = keyscan(['install', '--using', 'pre-commit'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const config = readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8');
    expect(config).toMatch(/stages: \[(commit|pre-commit)\]/);
    const install = spawnSync('pre-commit', ['install'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env } });
    expect(install.status, install.stderr).toBe(0);
    const blocked = commitAll(dir, { 'src/a.js': `export const k = "${openaiProjectKey()}";\n` }, env);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/src\/a\.js:1:19/);
    expect(count(dir)).toBe(1);
    const clean = commitAll(dir, { 'src/a.js': 'export const k = process.env.KEY;\n' }, env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(count(dir)).toBe(2);
  });

  it('installs this project as a remote hook repository (a local clone, its prepare build and npm pack) and runs it', () => {
    const src = join(tempDir('keyscan-src-'), 'keyscan');
    dirs.push(src);
    execFileSync('git', ['clone', '-q', '--no-hardlinks', ROOT, src], { env: { ...process.env, ...GIT_ENV } });
    // npm pack's standard output must be the tarball's name alone: pre-commit reads it as a path.
    const sha = git(src, ['rev-parse', 'HEAD']).trim();
    const key = openaiProjectKey();
    const dir = makeRepo([{ files: { 'old.js': OLD_KEY_FILE(key, 1) } }]);
    dirs.push(dir);
    writeFiles(dir, { '.pre-commit-config.yaml': `repos:\n- repo: ${src}\n  rev: ${sha}\n  hooks:\n  - id: keyscan\n` });
    const run = (args: string[]) => spawnSync('pre-commit', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env } });
    expect(run(['install']).status).toBe(0);
    const hooks = run(['install-hooks']);
    expect(hooks.status, hooks.stdout + hooks.stderr).toBe(0);
    const blocked = commitAll(dir, { 'src/b.js': `export const k = "${openaiProjectKey()}";\n` }, env);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/src\/b\.js:1:19/);
    // One policy for commits: what the commit adds. An old key in a file edited elsewhere does not block.
    const edited = commitAll(dir, { 'src/b.js': 'export const k = 1;\n', 'old.js': OLD_KEY_FILE(key, 2) }, env);
    expect(edited.code, edited.stdout + edited.stderr).toBe(0);

    // The pre-push hook from the same manifest (stage `push`): a pushed commit that adds a key is refused.
    const remote = join(tempDir('keyscan-remote-'), 'remote.git');
    dirs.push(remote);
    git(dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    git(dir, ['remote', 'add', 'origin', remote]);
    writeFiles(dir, { '.pre-commit-config.yaml': `repos:\n- repo: ${src}\n  rev: ${sha}\n  hooks:\n  - id: keyscan\n  - id: keyscan-pre-push\n` });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'pre-push hook']);
    expect(gitTry(dir, ['push', '-q', 'origin', 'main'], env).code).toBe(0);
    expect(run(['install', '--hook-type', 'pre-push']).status).toBe(0);
    writeFiles(dir, { 'leak.js': `export const k = "${openaiProjectKey()}";\n` });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'leak']);
    const push = gitTry(dir, ['push', 'origin', 'main'], env);
    expect(push.code).not.toBe(0);
    expect(push.stdout + push.stderr).toMatch(/leak\.js:1:19/);
  }, 600_000);
});

describe('lefthook (npm package, no install scripts)', () => {
  it('keyscan install adds its command to lefthook.yml; lefthook blocks a key and lets a clean commit through', () => {
    const dir = project({ 'package.json': pkg(), 'lefthook.yml': 'pre-commit:\n  commands:\n    other:\n      run: echo other >> other-ran.txt\n' });
    const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', 'lefthook@2.2.4'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(npm.status, npm.stderr).toBe(0);
    linkKeyscanBin(dir);
    const version = spawnSync(join(dir, 'node_modules/.bin/lefthook'), ['version'], { encoding: 'utf8' });
    expect(version.stdout.trim(), version.stderr).toBe('2.2.4');
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/added keyscan to lefthook\.yml/);
    const lh = spawnSync(join(dir, 'node_modules/.bin/lefthook'), ['install'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    expect(lh.status, lh.stdout + lh.stderr).toBe(0);
    const blocked = commitAll(dir, { 'src/c.js': `export const k = "${openaiProjectKey()}";\n` });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/src\/c\.js:1:19/);
    const clean = commitAll(dir, { 'src/c.js': 'export const k = 2;\n' });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(existsSync(join(dir, 'other-ran.txt'))).toBe(true);
  });
});

describe('husky 9 with lint-staged 16: one scan per commit, one policy', () => {
  function huskyLintStaged(lintStaged: Record<string, string>, key: string) {
    const dir = project({ 'package.json': pkg({ scripts: { prepare: 'husky' }, 'lint-staged': lintStaged }), 'old.js': OLD_KEY_FILE(key, 1) });
    linkPackages(dir, { husky: 'bin.js', 'lint-staged': 'bin/lint-staged.js' });
    expect(spawnSync(process.execPath, ['node_modules/husky/bin.js'], { cwd: dir, env: { ...process.env, ...GIT_ENV } }).status).toBe(0);
    writeFiles(dir, { '.husky/pre-commit': 'npx --no-install lint-staged\n' });
    return dir;
  }

  it('lint-staged runs keyscan staged: what the commit adds; install notices and adds no second scan', () => {
    const key = openaiProjectKey();
    const dir = huskyLintStaged({ '*': 'keyscan staged' }, key);
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/lint-staged already runs keyscan on every commit \(package\.json\): not adding a second scan/);
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('npx --no-install lint-staged\n');
    const blocked = commitAll(dir, { 'src/d.js': `export const k = "${openaiProjectKey()}";\n` });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/src\/d\.js:1:19/);
    expect((blocked.stdout + blocked.stderr).match(/commit blocked/g)).toHaveLength(1);
    // The committed key in old.js is not what this commit adds: editing the file elsewhere passes.
    const edited = commitAll(dir, { 'src/d.js': 'export const k = 3;\n', 'old.js': OLD_KEY_FILE(key, 2) });
    expect(edited.code, edited.stdout + edited.stderr).toBe(0);
    // uninstall does not claim keyscan is gone while lint-staged still runs it.
    const out = keyscan(['uninstall'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/lint-staged still runs keyscan on every commit \(package\.json\)/);
    expect(out.stderr).not.toMatch(/nothing to remove/);
  });

  it('an older recipe (keyscan files in lint-staged): install still adds no second scan and says which command to run', () => {
    const dir = huskyLintStaged({ '*.js': 'keyscan files' }, openaiProjectKey());
    const r = keyscan(['install'], { cwd: dir });
    expect(r.stderr).toMatch(/not adding a second scan/);
    expect(r.stderr).toMatch(/lint-staged runs keyscan files: .*run keyscan staged there/);
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).not.toContain('keyscan');
  });
});

describe('a hook in plain .git/hooks, and --print', () => {
  it('install --print prints the hook and writes nothing', () => {
    const dir = project();
    const r = keyscan(['install', '--print'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# add to \.git\/hooks\/pre-commit:\n#!\/bin\/sh\n# >>> keyscan pre-commit >>>/);
    expect(existsSync(join(dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('hints "prepare": "keyscan install" so every clone gets the hook, and that prepare works in a fresh clone', () => {
    const dir = project({ 'package.json': pkg({ scripts: { prepare: 'echo built' } }) });
    const r = keyscan(['install'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('.git/hooks belongs to this clone only: so that every clone gets the hook on npm install, add to package.json "scripts": "prepare":"echo built && keyscan install"');
    writeFiles(dir, { 'package.json': pkg({ scripts: { prepare: 'echo built && keyscan install' } }) });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'prepare installs the hook']);
    expect(keyscan(['install'], { cwd: dir }).stderr).not.toMatch(/belongs to this clone only/);

    const clone = join(tempDir('keyscan-clone-'), 'app');
    dirs.push(clone);
    git(dir, ['clone', '-q', dir, clone]);
    linkKeyscanBin(clone);
    const prepare = spawnSync('npm', ['run', 'prepare'], { cwd: clone, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    expect(prepare.status, prepare.stderr).toBe(0);
    const blocked = commitAll(clone, { 'e.env': `KEY=${openaiProjectKey()}\n` });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/commit blocked/);
    // npm runs prepare outside a clone too (a tarball, a Docker build): no hook, no failure.
    const loose = tempDir('keyscan-loose-');
    dirs.push(loose);
    const outside = keyscan(['install'], { cwd: loose, env: { npm_lifecycle_event: 'prepare' } });
    expect(outside.code).toBe(0);
    expect(outside.stderr).toMatch(/not in a git work tree: no hook installed/);
  });
});
