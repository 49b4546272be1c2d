// Put keyscan into a repository's pre-commit / pre-push hooks and take it out again. A hook that is
// already there keeps running: shell hooks get keyscan's block at the top, other hooks are moved
// aside and run from ours. Running install twice changes nothing; uninstall takes out only what
// install put in.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KeyscanError } from '../errors.js';
import { addToLefthook, addToPreCommit, removeFromConfig, snippet } from './configs.js';
import { allTargets, detectTarget, findLocalBin, shown, type HookTarget, type ManagerKind } from './detect.js';
import {
  CHAINED_SUFFIX,
  CREATED,
  findBlock,
  hookBlock,
  insertBlock,
  isEmptyScript,
  isShellScript,
  newHookFile,
  removeBlock,
  type HookName,
} from './script.js';

export interface HookOptions {
  cwd: string;
  hooks: HookName[];
  using?: ManagerKind;
  /** The keyscan command to run, relative to the top of the work tree or absolute. */
  bin?: string;
  /** Lefthook / pre-commit framework: print the entry instead of editing the configuration. */
  print?: boolean;
}

export type ChangeKind = 'created' | 'added' | 'chained' | 'updated' | 'unchanged' | 'printed' | 'removed' | 'restored' | 'absent';

export interface HookChange {
  hook: HookName;
  /** Relative to the top of the work tree when inside it. */
  file: string;
  change: ChangeKind;
  /** For `printed`: the lines to add by hand. */
  text?: string;
}

export interface HookResult {
  target: HookTarget;
  bin: string;
  changes: HookChange[];
  notes: string[];
}

const NOT_INSTALLED =
  'keyscan-cli is not installed in this project (no node_modules/.bin/keyscan between here and the top of the repository)';

function read(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function executable(path: string): boolean {
  return process.platform === 'win32' || (statSync(path).mode & 0o111) !== 0;
}

function writeScript(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, statSync(path).mode | 0o755);
}

/** A hook file (git's hooks folder, or husky's folder when `husky`) with keyscan's block in it. */
function installScript(path: string, hook: HookName, bin: string, shownPath: string, husky: boolean): ChangeKind {
  const text = read(path);
  const base = { hook, bin, file: shownPath };
  if (text === null) {
    if (husky) writeFileSync(path, hookBlock({ ...base, created: true }));
    else writeScript(path, newHookFile(base));
    return 'created';
  }
  const existing = findBlock(text, hook);
  if (existing) {
    const chainedName = existing.text.includes(CHAINED_SUFFIX) ? `${basename(path)}${CHAINED_SUFFIX}` : undefined;
    const updated = insertBlock(text, hookBlock({ ...base, created: existing.text.includes(CREATED), chained: chainedName }), hook);
    if (updated === text) return 'unchanged';
    writeFileSync(path, updated);
    return 'updated';
  }
  if (husky || isShellScript(text)) {
    if (!husky && !executable(path)) {
      throw new KeyscanError(`${shownPath} is there but not executable, so git does not run it`, 'make it executable (chmod +x) or delete it, then run keyscan install again');
    }
    writeFileSync(path, insertBlock(text, hookBlock(base), hook));
    return 'added';
  }
  // Not a shell script: move it aside and run it from a hook of ours, with the same arguments and input.
  const aside = `${path}${CHAINED_SUFFIX}`;
  if (existsSync(aside)) throw new KeyscanError(`cannot chain ${shownPath}: ${shown(dirname(path), aside)} is in the way`, 'move one of them away first');
  renameSync(path, aside);
  writeScript(path, newHookFile({ ...base, chained: basename(aside) }));
  return 'chained';
}

function uninstallScript(path: string, hook: HookName): ChangeKind {
  const text = read(path);
  const block = text === null ? null : findBlock(text, hook);
  if (text === null || !block) return 'absent';
  const rest = removeBlock(text, hook);
  if (block.text.includes(CREATED) && isEmptyScript(rest)) {
    unlinkSync(path);
    const aside = `${path}${CHAINED_SUFFIX}`;
    if (existsSync(aside)) {
      renameSync(aside, path);
      return 'restored';
    }
    return 'removed';
  }
  writeFileSync(path, rest);
  return 'removed';
}

function resolveBin(options: HookOptions, top: string): string {
  if (options.bin) return options.bin;
  const bin = findLocalBin(options.cwd, top);
  if (!bin) throw new KeyscanError(NOT_INSTALLED, 'npm install --save-dev keyscan-cli, then npx --no-install keyscan install (or name the command with --bin)');
  return bin;
}

export async function installHooks(options: HookOptions): Promise<HookResult> {
  const target = await detectTarget(options.cwd, options.using);
  const bin = resolveBin(options, target.top);
  const changes: HookChange[] = [];
  const notes: string[] = [];
  const file = shown(target.top, target.path);
  for (const hook of options.hooks) {
    if (target.kind === 'git' || target.kind === 'husky') {
      const path = join(target.path, hook);
      mkdirSync(target.path, { recursive: true });
      changes.push({ hook, file: shown(target.top, path), change: installScript(path, hook, bin, shown(target.top, path), target.kind === 'husky') });
      continue;
    }
    if (options.print) {
      changes.push({ hook, file, change: 'printed', text: snippet(target.kind, bin, hook) });
      continue;
    }
    const text = read(target.path) ?? '';
    const updated = target.kind === 'lefthook' ? addToLefthook(text, file, bin, hook) : addToPreCommit(text, file, bin, hook);
    if (updated !== text) writeFileSync(target.path, updated);
    changes.push({ hook, file, change: updated === text ? 'unchanged' : 'added' });
  }
  if (target.kind === 'husky' && target.inactive) {
    notes.push(`git does not use ${file} in this clone yet: run npx husky (npm install does it when package.json has "prepare": "husky")`);
  }
  if (target.kind === 'lefthook') notes.push('lefthook reads its configuration on every run; run npx lefthook install if its hooks are not installed in this clone');
  if (target.kind === 'pre-commit') {
    const types = options.hooks.map((h) => `--hook-type ${h}`).join(' ');
    notes.push(`run pre-commit install ${types} if those hooks are not installed in this clone`);
  }
  return { target, bin, changes, notes };
}

/** Take keyscan out of every place install may have put it (git's hooks, husky, lefthook, pre-commit). */
export async function uninstallHooks(options: HookOptions): Promise<HookResult[]> {
  const targets = options.using ? [await detectTarget(options.cwd, options.using)] : await allTargets(options.cwd);
  return targets.map((target) => {
    const changes: HookChange[] = [];
    const file = shown(target.top, target.path);
    for (const hook of options.hooks) {
      if (target.kind === 'git' || target.kind === 'husky') {
        const path = join(target.path, hook);
        changes.push({ hook, file: shown(target.top, path), change: uninstallScript(path, hook) });
        continue;
      }
      const text = read(target.path);
      const updated = text === null ? null : removeFromConfig(text, hook);
      if (updated !== null) writeFileSync(target.path, updated);
      changes.push({ hook, file, change: updated === null ? 'absent' : 'removed' });
    }
    return { target, bin: '', changes, notes: [] };
  });
}
