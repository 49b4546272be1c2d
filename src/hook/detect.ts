// Which hook manager a repository uses, so that `keyscan install` adds itself there and not beside it:
// husky 9, lefthook, the pre-commit framework, else git's own hooks directory (core.hooksPath or
// `git rev-parse --git-path hooks`, which also finds the shared hooks of a linked worktree).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KeyscanError } from '../errors.js';
import { configValue, gitPath, repositoryRoot } from '../sources/git.js';

export type ManagerKind = 'husky' | 'lefthook' | 'pre-commit' | 'git';
export const MANAGERS: ManagerKind[] = ['husky', 'lefthook', 'pre-commit', 'git'];

export interface HookTarget {
  kind: ManagerKind;
  /** The top of the work tree. */
  top: string;
  /** husky: the .husky folder; git: the hooks folder; lefthook / pre-commit: the config file. */
  path: string;
  /** husky only: git does not use .husky in this clone yet (core.hooksPath is not set to it). */
  inactive?: boolean;
}

const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];
const PRE_COMMIT_FILES = ['.pre-commit-config.yaml', '.pre-commit-config.yml'];

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The husky folder core.hooksPath points into (`<dir>/_`, with husky's `h` runner), or null. */
function huskyFromHooksPath(top: string, hooksPath: string | null): string | null {
  if (!hooksPath) return null;
  const abs = resolve(top, hooksPath.replace(/[/\\]+$/, ''));
  if (!abs.endsWith(`${sep}_`) || !existsSync(join(abs, 'h'))) return null;
  return dirname(abs);
}

interface Found {
  top: string;
  huskyActive: string | null;
  huskyDir: string | null;
  hooksPath: string | null;
  lefthook: string | null;
  preCommit: string | null;
  gitHooks: string;
}

async function survey(cwd: string): Promise<Found> {
  const { root: top, bare } = await repositoryRoot(cwd);
  if (bare) throw new KeyscanError('git hooks need a work tree: this is a bare repository');
  const [hooksPath, gitHooks] = await Promise.all([configValue(top, 'core.hooksPath'), gitPath(top, 'hooks')]);
  const huskyActive = huskyFromHooksPath(top, hooksPath);
  return {
    top,
    hooksPath,
    huskyActive,
    huskyDir: huskyActive ?? [join(cwd, '.husky'), join(top, '.husky')].find(isDir) ?? null,
    lefthook: LEFTHOOK_FILES.map((f) => join(top, f)).find((f) => existsSync(f)) ?? null,
    preCommit: PRE_COMMIT_FILES.map((f) => join(top, f)).find((f) => existsSync(f)) ?? null,
    gitHooks: resolve(top, gitHooks),
  };
}

/** Find where hooks go in the repository holding `cwd`; `using` forces a manager. */
export async function detectTarget(cwd: string, using?: ManagerKind): Promise<HookTarget> {
  const f = await survey(cwd);
  const { top } = f;
  const git: HookTarget = { kind: 'git', top, path: f.gitHooks };
  // A core.hooksPath outside the work tree (often set globally) serves other repositories too.
  const shared = f.hooksPath !== null && !f.huskyActive && relative(top, f.gitHooks).startsWith('..');
  const husky = (dir: string): HookTarget => ({ kind: 'husky', top, path: dir, inactive: !f.huskyActive });
  switch (using) {
    case 'husky':
      return husky(f.huskyDir ?? join(top, '.husky'));
    case 'lefthook':
      return { kind: 'lefthook', top, path: f.lefthook ?? join(top, 'lefthook.yml') };
    case 'pre-commit':
      return { kind: 'pre-commit', top, path: f.preCommit ?? join(top, '.pre-commit-config.yaml') };
    case 'git':
      return git;
  }
  if (f.huskyActive) return husky(f.huskyActive);
  if (f.lefthook) return { kind: 'lefthook', top, path: f.lefthook };
  if (f.preCommit) return { kind: 'pre-commit', top, path: f.preCommit };
  if (f.huskyDir && !f.hooksPath) return husky(f.huskyDir);
  if (shared) {
    throw new KeyscanError(
      `core.hooksPath is ${f.hooksPath}, outside this repository, so its hooks run for other repositories too`,
      'add keyscan to those hooks by hand, or give this repository its own hooks (git config core.hooksPath .githooks) and run keyscan install again',
    );
  }
  return git;
}

/** Every place keyscan install may have written to in this repository (for uninstall). */
export async function allTargets(cwd: string): Promise<HookTarget[]> {
  const f = await survey(cwd);
  const { top } = f;
  const targets: HookTarget[] = [{ kind: 'git', top, path: f.gitHooks }];
  if (f.huskyDir) targets.push({ kind: 'husky', top, path: f.huskyDir });
  if (f.lefthook) targets.push({ kind: 'lefthook', top, path: f.lefthook });
  if (f.preCommit) targets.push({ kind: 'pre-commit', top, path: f.preCommit });
  return targets;
}

/**
 * The keyscan bin the hook should run, relative to the top of the work tree: the nearest
 * node_modules/.bin/keyscan from `cwd` up to the top. Never a bare `npx keyscan`, which would fetch
 * an unrelated package of that name.
 */
export function findLocalBin(cwd: string, top: string): string | null {
  let dir = realpathSync(cwd);
  for (;;) {
    const bin = join(dir, 'node_modules', '.bin', 'keyscan');
    if (existsSync(bin)) return toPosix(relative(top, bin));
    if (dir === top || dirname(dir) === dir || relative(top, dir).startsWith('..')) return null;
    dir = dirname(dir);
  }
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A path for messages: relative to the top of the work tree when inside it. */
export function shown(top: string, path: string): string {
  const rel = relative(top, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? toPosix(rel) : toPosix(path);
}

const LINT_STAGED_FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.cjs',
  '.lintstagedrc.js',
  'lint-staged.config.js',
  'lint-staged.config.mjs',
  'lint-staged.config.cjs',
  'lint-staged.config.ts',
];

/** Where lint-staged is told to run keyscan (its config file, or package.json), and the command it runs; null if nowhere. */
export function lintStagedKeyscan(top: string): { file: string; command: string } | null {
  const found = (file: string, text: string) => {
    const m = /keyscan(?:-cli)?\s+([a-z-]+)/.exec(text) ?? /keyscan/.exec(text);
    return m ? { file, command: m[1] ?? '' } : null;
  };
  const pkgPath = join(top, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
      if (pkg['lint-staged'] !== undefined) {
        const hit = found('package.json', JSON.stringify(pkg['lint-staged']));
        if (hit) return hit;
      }
    } catch {
      // an unreadable package.json is not ours to judge here
    }
  }
  for (const name of LINT_STAGED_FILES) {
    const path = join(top, name);
    if (!existsSync(path)) continue;
    try {
      const hit = found(name, readFileSync(path, 'utf8'));
      if (hit) return hit;
    } catch {
      // a folder or an unreadable file: lint-staged would fail on it too
    }
  }
  return null;
}
