// Put keyscan into a repository's pre-commit / pre-push hooks and take it out again. A hook that is
// already there keeps running: shell hooks get keyscan's block at the top, other hooks are moved
// aside and run from ours. Running install twice changes nothing; uninstall takes out only what
// install put in.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { KeyscanError } from '../errors.js';
import { addToLefthook, addToPreCommit, modernPreCommit, removeFromConfig, snippet, type StageNames } from './configs.js';
import { spawnSync } from 'node:child_process';
import { allTargets, detectTarget, findLocalBin, lintStagedKeyscan, shown, type HookTarget, type ManagerKind } from './detect.js';
import {
  CHAINED_SUFFIX,
  hookBlock,
  insertBlock,
  isEmptyScript,
  isShellScript,
  newHookFile,
  readBlock,
  removeKeepingLines,
  runsKeyscan,
  startMarker,
  endMarker,
  type HookName,
} from './script.js';

export interface HookOptions {
  cwd: string;
  hooks: HookName[];
  using?: ManagerKind;
  /** The keyscan command to run, relative to the top of the work tree or absolute. */
  bin?: string;
  /** Print what would be added instead of writing anything. */
  print?: boolean;
}

export type ChangeKind =
  | 'created'
  | 'added'
  | 'chained'
  | 'updated'
  | 'unchanged'
  /** install: keyscan's lines were edited by hand and are left as they are. */
  | 'kept-edit'
  | 'printed'
  /** install: lint-staged already runs keyscan on every commit; no second scan added. */
  | 'lint-staged'
  | 'removed'
  | 'restored'
  | 'absent';

export interface HookChange {
  hook: HookName;
  /** Relative to the top of the work tree when inside it. */
  file: string;
  change: ChangeKind;
  /** For `printed`: the lines to add by hand. */
  text?: string;
  /** More to say about the change (lines kept, what was left). */
  detail?: string;
}

export interface HookResult {
  target: HookTarget;
  bin: string;
  changes: HookChange[];
  notes: string[];
  /** uninstall: what it could not take out, each one line: the command then fails (exit 2). */
  problems: string[];
}

const NOT_INSTALLED =
  'keyscan-cli is not installed in this project (no node_modules/.bin/keyscan between here and the top of the repository)';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  ENOENT: 'no such file or folder',
  EEXIST: 'something else is in the way',
  EBUSY: 'the file is busy',
};

/** A file-system error as one clear line (exit 2), never "unexpected error". */
function fsFailure(err: unknown, what: string, file: string): unknown {
  if (err instanceof KeyscanError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = REASONS[code];
  if (!reason) return err;
  const hint =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `check who may write there (ls -ld ${dirname(file)}), or run keyscan ${what === 'remove keyscan from' ? 'uninstall' : 'install'} as the user that owns the repository`
      : undefined;
  return new KeyscanError(`cannot ${what} ${file}: ${reason}`, hint);
}

function guarded<T>(what: string, file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fsFailure(err, what, file);
  }
}

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

/** A hook that is a symbolic link to nothing: writing through it would create a file wherever it points. */
function refuseDanglingLink(path: string, shownPath: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (link && !existsSync(path)) {
    throw new KeyscanError(
      `${shownPath} is a symbolic link to ${readlinkSync(path)}, which does not exist`,
      `restore that file, or remove the link (rm ${shownPath}), then run keyscan install again`,
    );
  }
}

const brokenBlock = (file: string, hook: HookName, line: number) =>
  new KeyscanError(
    `${file} has keyscan's start marker on line ${line} but not its end marker (${endMarker(hook)}), and the lines after it were edited, so keyscan cannot tell its lines from yours`,
    `delete keyscan's lines from line ${line} by hand, then run keyscan install again`,
  );

/** A hook file (git's hooks folder, or husky's folder when `husky`) with keyscan's block in it. */
function installScript(path: string, hook: HookName, bin: string, shownPath: string, husky: boolean): HookChange {
  refuseDanglingLink(path, shownPath);
  const text = read(path);
  const base = { hook, bin };
  const change = (c: ChangeKind, detail?: string): HookChange => ({ hook, file: shownPath, change: c, detail });
  if (text === null) {
    if (husky) writeFileSync(path, hookBlock({ ...base, created: true }));
    else writeScript(path, newHookFile(base));
    return change('created');
  }
  const state = readBlock(text, hook);
  if (state.kind === 'edited') {
    return change('kept-edit', `to get this version's lines instead, delete the lines from ${startMarker(hook)} to ${endMarker(hook)} and run keyscan install again`);
  }
  if (state.kind === 'broken' && !state.whole) throw brokenBlock(shownPath, hook, state.startLine);
  if (state.kind === 'pristine' || state.kind === 'broken') {
    const was = state.options;
    const block = hookBlock({ ...base, created: was?.created, chained: was?.chained });
    const updated = text.slice(0, state.span.start) + block + text.slice(state.span.end);
    if (updated === text) return change('unchanged');
    writeFileSync(path, updated);
    return change('updated', state.kind === 'broken' ? `put back its end marker (${endMarker(hook)}), which was missing` : undefined);
  }
  if (husky || isShellScript(text)) {
    if (!husky && !executable(path)) {
      throw new KeyscanError(`${shownPath} is there but not executable, so git does not run it`, 'make it executable (chmod +x) or delete it, then run keyscan install again');
    }
    writeFileSync(path, insertBlock(text, hookBlock(base), hook));
    return change('added');
  }
  // Not a shell script: move it aside and run it from a hook of ours, with the same arguments and input.
  const aside = `${path}${CHAINED_SUFFIX}`;
  if (existsSync(aside)) throw new KeyscanError(`cannot chain ${shownPath}: ${shown(dirname(path), aside)} is in the way`, 'move one of them away first');
  renameSync(path, aside);
  writeScript(path, newHookFile({ ...base, chained: basename(aside) }));
  return change('chained');
}

/** Lines of `text` outside keyscan's blocks that still run keyscan (1-based). */
function keyscanLines(text: string): number[] {
  const inside = (['pre-commit', 'pre-push'] as const).flatMap((h) => {
    const b = readBlock(text, h);
    if (b.kind === 'none') return [];
    const first = text.slice(0, b.span.start).split('\n').length;
    return [[first, first + b.span.text.split('\n').length - 2]];
  });
  return text
    .split('\n')
    .map((l, i) => (runsKeyscan(l) && !inside.some(([a, z]) => i + 1 >= a && i + 1 <= z) ? i + 1 : 0))
    .filter((n) => n > 0);
}

const lineList = (lines: number[]) => `line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''}`;

function stillRuns(file: string, lines: number[]): string {
  return `${file} still runs keyscan (${lineList(lines)}), in lines keyscan install did not add: remove them by hand if keyscan should not run there`;
}

function uninstallScript(path: string, hook: HookName, shownPath: string, problems: string[]): HookChange {
  const change = (c: ChangeKind, detail?: string): HookChange => ({ hook, file: shownPath, change: c, detail });
  const text = read(path);
  if (text === null) return change('absent');
  const state = readBlock(text, hook);
  let rest: string;
  let detail: string | undefined;
  switch (state.kind) {
    case 'none': {
      const left = keyscanLines(text);
      if (left.length > 0) problems.push(stillRuns(shownPath, left));
      return change('absent');
    }
    case 'broken':
      if (!state.whole) {
        problems.push(
          `${shownPath} has keyscan's start marker on line ${state.startLine} but not its end marker, and the lines after it were edited, so keyscan uninstall left it as it is: delete keyscan's lines from line ${state.startLine} by hand`,
        );
        return change('absent');
      }
      rest = text.slice(0, state.span.start) + text.slice(state.span.end);
      detail = `its end marker was missing; removed the keyscan lines from line ${state.startLine}`;
      break;
    case 'edited':
      if (state.editedKeyscanLines.length > 0) {
        problems.push(
          `${shownPath}: keyscan's lines were edited by hand (${lineList(state.editedKeyscanLines)}), so keyscan uninstall left them as they are: delete the lines from ${startMarker(hook)} to ${endMarker(hook)} by hand, keeping your own`,
        );
        return change('absent');
      }
      rest = removeKeepingLines(text, state.span, state.userLines);
      if (state.userLines.length > 0) detail = `kept the ${state.userLines.length === 1 ? 'line' : `${state.userLines.length} lines`} you added inside keyscan's block (${lineList(state.userLines)})`;
      break;
    default:
      rest = text.slice(0, state.span.start) + text.slice(state.span.end);
  }
  const created = state.options?.created === true;
  let result: HookChange;
  if (created && isEmptyScript(rest)) {
    unlinkSync(path);
    const aside = `${path}${CHAINED_SUFFIX}`;
    if (existsSync(aside)) {
      renameSync(aside, path);
      result = change('restored', detail);
    } else result = change('removed', detail);
  } else {
    writeFileSync(path, rest);
    result = change('removed', detail);
  }
  const left = keyscanLines(rest);
  if (left.length > 0) problems.push(stillRuns(shownPath, left));
  return result;
}

/** The stage names the installed pre-commit framework takes (`pre-commit --version`; legacy when unknown). */
function preCommitStageNames(cwd: string): StageNames {
  const r = spawnSync('pre-commit', ['--version'], { cwd, encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 && modernPreCommit(r.stdout) ? 'modern' : 'legacy';
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
  const lint = options.hooks.includes('pre-commit') ? lintStagedKeyscan(target.top) : null;
  for (const hook of options.hooks) {
    if (hook === 'pre-commit' && lint) {
      changes.push({ hook, file: lint.file, change: 'lint-staged' });
      if (lint.command !== 'staged') {
        notes.push(
          `lint-staged runs keyscan ${lint.command || '…'}: for commits keyscan judges what the commit adds, so run keyscan staged there (lint-staged passes the file names and keyscan staged keeps to them)`,
        );
      }
      const hookText = target.kind === 'git' || target.kind === 'husky' ? read(join(target.path, hook)) : read(target.path);
      if (!options.print && !(hookText ?? '').includes('lint-staged')) {
        notes.push(`nothing in ${target.kind === 'git' || target.kind === 'husky' ? shown(target.top, join(target.path, hook)) : file} runs lint-staged yet: add npx --no-install lint-staged to the pre-commit hook`);
      }
      continue;
    }
    if (target.kind === 'git' || target.kind === 'husky') {
      const path = join(target.path, hook);
      const shownPath = shown(target.top, path);
      if (options.print) {
        changes.push({ hook, file: shownPath, change: 'printed', text: target.kind === 'husky' ? hookBlock({ hook, bin }) : newHookFile({ hook, bin }) });
        continue;
      }
      changes.push(
        guarded('add keyscan to', shownPath, () => {
          mkdirSync(target.path, { recursive: true });
          return installScript(path, hook, bin, shownPath, target.kind === 'husky');
        }),
      );
      continue;
    }
    const names = target.kind === 'pre-commit' ? preCommitStageNames(target.top) : 'legacy';
    if (options.print) {
      changes.push({ hook, file, change: 'printed', text: snippet(target.kind, bin, hook, names) });
      continue;
    }
    refuseDanglingLink(target.path, file);
    const text = guarded('read', file, () => read(target.path) ?? '');
    const updated = target.kind === 'lefthook' ? addToLefthook(text, file, bin, hook) : addToPreCommit(text, file, bin, hook, names);
    if (updated !== text) guarded('add keyscan to', file, () => writeFileSync(target.path, updated));
    changes.push({ hook, file, change: updated === text ? 'unchanged' : 'added' });
  }
  if (options.print) return { target, bin, changes, notes, problems: [] };
  if (target.kind === 'husky' && target.inactive) {
    notes.push(`git does not use ${file} in this clone yet: run npx husky (npm install does it when package.json has "prepare": "husky")`);
  }
  if (target.kind === 'git' && changes.some((c) => ['created', 'added', 'chained'].includes(c.change))) {
    const hint = shareHint(target.top, target.path);
    if (hint) notes.push(hint);
  }
  if (target.kind === 'lefthook') notes.push('lefthook reads its configuration on every run; run npx lefthook install if its hooks are not installed in this clone');
  if (target.kind === 'pre-commit') {
    const types = options.hooks.map((h) => `--hook-type ${h}`).join(' ');
    notes.push(`run pre-commit install ${types} if those hooks are not installed in this clone`);
  }
  return { target, bin, changes, notes, problems: [] };
}

/**
 * A hook in git's own hooks folder lives in this clone only: say how every clone gets it (npm's
 * prepare script runs on npm install). Null when package.json already does it.
 */
function shareHint(top: string, hooksDir: string): string | null {
  const rel = relative(top, hooksDir);
  const plain = rel.startsWith('..') || rel === '.git' || rel.startsWith(`.git${sep}`);
  if (!plain) return null; // core.hooksPath into the work tree: the hooks are committed with it
  const pkgPath = join(top, 'package.json');
  let prepare: string | undefined;
  if (existsSync(pkgPath)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { scripts?: Record<string, string> };
      prepare = pkg.scripts?.prepare;
    } catch {
      return null;
    }
    if (prepare?.includes('keyscan install')) return null;
    const value = prepare ? `${prepare} && keyscan install` : 'keyscan install';
    return `${shown(top, hooksDir)} belongs to this clone only: so that every clone gets the hook on npm install, add to package.json "scripts": ${JSON.stringify({ prepare: value }).slice(1, -1)}`;
  }
  return `${shown(top, hooksDir)} belongs to this clone only: every other clone needs keyscan install too (or commit a hooks folder and point core.hooksPath at it)`;
}

/** Take keyscan out of every place install may have put it (git's hooks, husky, lefthook, pre-commit). */
export async function uninstallHooks(options: HookOptions): Promise<HookResult[]> {
  const targets = options.using ? [await detectTarget(options.cwd, options.using)] : await allTargets(options.cwd);
  return targets.map((target) => {
    const changes: HookChange[] = [];
    const problems: string[] = [];
    const file = shown(target.top, target.path);
    for (const hook of options.hooks) {
      if (target.kind === 'git' || target.kind === 'husky') {
        const path = join(target.path, hook);
        const shownPath = shown(target.top, path);
        changes.push(guarded('remove keyscan from', shownPath, () => uninstallScript(path, hook, shownPath, problems)));
        continue;
      }
      const text = guarded('read', file, () => read(target.path));
      const updated = text === null ? null : removeFromConfig(text, hook);
      if (updated !== null) guarded('remove keyscan from', file, () => writeFileSync(target.path, updated));
      changes.push({ hook, file, change: updated === null ? 'absent' : 'removed' });
    }
    if (target.kind === 'lefthook' || target.kind === 'pre-commit') {
      const text = read(target.path);
      const left = text === null ? [] : keyscanLines(text);
      if (left.length > 0) problems.push(stillRuns(file, left));
    }
    const lint = target.kind === 'git' && options.hooks.includes('pre-commit') ? lintStagedKeyscan(target.top) : null;
    if (lint) problems.push(`lint-staged still runs keyscan on every commit (${lint.file}), which keyscan install did not add: remove it from lint-staged's configuration by hand`);
    return { target, bin: '', changes, notes: [], problems };
  });
}
