// Build real git repositories at test time from commit recipes, and run the built CLI against them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function tempDir(prefix = 'keyscan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Write files (path → content; null deletes) under dir. */
export function writeFiles(dir: string, files: Record<string, string | Buffer | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function git(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CommitRecipe {
  files: Record<string, string | Buffer | null>;
  message?: string;
  /** ISO date for author and committer. */
  date?: string;
}

/** A new repository (default branch main) with the given commits; returns its path. */
export function makeRepo(commits: CommitRecipe[] = [], dir = tempDir()): string {
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [i, c] of commits.entries()) commit(dir, c, i);
  return dir;
}

export function commit(dir: string, c: CommitRecipe, i = 0): string {
  writeFiles(dir, c.files);
  git(dir, ['add', '-A']);
  const date = c.date ?? new Date(Date.UTC(2020, 0, 1 + i)).toISOString();
  git(dir, ['commit', '-q', '--allow-empty', '-m', c.message ?? `commit ${i + 1}`], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built keyscan CLI as a child process. */
export function keyscan(args: string[], options: { cwd: string; input?: string | Buffer; env?: Record<string, string> }): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input,
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// ── For hook, staged and CI tests ──

/** Run git without throwing: for commits and pushes that a hook is expected to refuse. */
export function gitTry(dir: string, args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync('git', args, {
    cwd: dir,
    input,
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Put the built CLI where `npm i -D keyscan-cli` puts it: node_modules/.bin/keyscan (a symlink). */
export function linkKeyscanBin(dir: string): string {
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, 'keyscan'), { force: true });
  chmodSync(BIN, 0o755); // as npm does for a package's bin on install
  symlinkSync(BIN, join(bin, 'keyscan'));
  return join(bin, 'keyscan');
}

/** This project's node_modules (husky, lint-staged and their dependencies are devDependencies). */
export const PROJECT_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** Link packages from this project's node_modules into dir/node_modules, with their bins, as npm would. */
export function linkPackages(dir: string, packages: Record<string, string>): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const [name, binPath] of Object.entries(packages)) {
    rmSync(join(modules, name), { force: true, recursive: true });
    symlinkSync(join(PROJECT_MODULES, name), join(modules, name));
    rmSync(join(modules, '.bin', name), { force: true });
    symlinkSync(join('..', name, binPath), join(modules, '.bin', name));
  }
}

// ── For suppression and baseline tests ──
import { readdirSync } from 'node:fs';

/** Every file under dir (not inside .git) whose name passes `keep`, as absolute paths. */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') out.push(...filesUnder(full, keep));
    } else if (entry.isFile() && keep(entry.name)) out.push(full);
  }
  return out;
}

// ── For history tests ──

/** Feed a `git fast-import` stream to the repository at dir (for histories too long to commit one by one). */
export function fastImport(dir: string, stream: string | Buffer): void {
  execFileSync('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    input: stream,
    env: { ...process.env, ...GIT_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A repository with one commit (README, a .gitignore for node_modules) and keyscan-cli "installed" in node_modules; recorded in `dirs` for clean-up. */
export function keyscanProject(dirs: string[], files: Record<string, string> = {}): string {
  const dir = makeRepo([{ files: { '.gitignore': 'node_modules\n', 'README.md': '# app\n', ...files } }]);
  dirs.push(dir);
  linkKeyscanBin(dir);
  return dir;
}
