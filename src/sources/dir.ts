// Files on disk: walk folders, leave out what .gitignore ignores inside a git work tree (each nested
// repository or submodule by its own rules), never follow a symlink met on the way, never open
// anything but a regular file, skip binary content. Everything passed over is counted in the tally;
// what could not be read costs coverage and is named.
import { readdirSync, type Dirent } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KeyscanError } from '../errors.js';
import type { Fragment } from '../types.js';
import { countFiles, defaultExcludeOf, excludeReason } from './excludes.js';
import { runGit } from './git.js';
import { fileFragments, smallFileText, type ReadContext } from './read.js';
import type { Tally } from './tally.js';

export interface DirOptions {
  /** Honour .gitignore inside a git work tree. */
  gitignore: boolean;
  /** Paths (relative to root) left out by configuration's allow.paths (compiled once by the pipeline). */
  leftOut: (rel: string) => boolean;
  /** Leave out dependency folders and package caches (excludes.ts); default true. */
  defaultExcludes?: boolean;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A path as it can be shown on one line: quoted when it holds control characters or edge spaces. */
export function shownPath(path: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|^\s|\s$/.test(path) ? JSON.stringify(path) : path;
}

export const SKIP = {
  ignored: 'ignored by .gitignore',
  allowPaths: 'left out by allow.paths',
  binary: 'binary',
  special: 'not a regular file (FIFO, socket or device): never opened',
  link: 'symlink (not followed: its target is scanned at its own path)',
  linkOut: 'symlink out of the scanned root (not followed)',
  linkLoop: 'symlink loop (not followed)',
  linkBroken: 'broken symlink',
  unreadable: 'unreadable (permission denied)',
  unreadableFolder: 'unreadable folder (permission denied)',
  vanished: 'removed while scanning',
} as const;

/** Paths git ignores under `dir` (directories end in `/`), relative to `dir`; null outside a work tree. */
async function gitIgnored(dir: string): Promise<string[] | null> {
  // Both asked at once: the list is used only inside a work tree (outside one, ls-files fails).
  const inside = runGit(dir, ['rev-parse', '--is-inside-work-tree']);
  const listing = runGit(dir, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--', '.']);
  listing.catch(() => undefined);
  try {
    if ((await inside).stdout.trim() !== 'true') return null;
    return (await listing).stdout.split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

export interface FileEntry {
  abs: string;
  /** Relative to the scanned root, `/` separators. */
  rel: string;
  /** Size when listed (0 when not known); what was read is counted when it is read. */
  size: number;
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Why a symlink met while walking is not followed. */
async function linkReason(link: string, realRoot: string): Promise<string> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? SKIP.linkLoop : code === 'ENOENT' || code === 'ENOTDIR' ? SKIP.linkBroken : SKIP.linkOut;
  }
  if (!inside(target, realRoot)) return SKIP.linkOut;
  // A link to a folder that holds it would make the walk endless if followed.
  const parent = await realpath(dirname(link)).catch(() => dirname(link));
  if (inside(parent, target)) return SKIP.linkLoop;
  return SKIP.link;
}

function relOf(root: string, abs: string, fallback: string): string {
  return toPosix(relative(root, abs)) || toPosix(fallback);
}

interface Walk {
  root: string;
  realRoot: string;
  options: DirOptions;
  tally: Tally;
  files: FileEntry[];
  /** Paths git ignores, relative to the walked folder (folders end in `/`). */
  ignored: Set<string>;
  unreadable: string[];
}

function leftOut(walk: Walk, rel: string): boolean {
  if (walk.options.leftOut(rel)) {
    walk.tally.skip(rel, SKIP.allowPaths);
    return true;
  }
  return false;
}

function skipIgnored(walk: Walk): void {
  walk.tally.skipped[SKIP.ignored] = (walk.tally.skipped[SKIP.ignored] ?? 0) + 1;
}

async function addIgnored(walk: Walk, dir: string, prefix: string): Promise<void> {
  if (!walk.options.gitignore) return;
  for (const p of (await gitIgnored(dir)) ?? []) walk.ignored.add(prefix + p);
}

/** A dependency folder or package cache left out by default: its files are counted, not read. */
function excluded(walk: Walk, abs: string, wrel: string): boolean {
  if (walk.options.defaultExcludes === false) return false;
  const ex = defaultExcludeOf(abs, wrel);
  if (!ex) return false;
  const reason = excludeReason(ex);
  walk.tally.skipped[reason] = (walk.tally.skipped[reason] ?? 0) + countFiles(abs);
  return true;
}

/**
 * Walk one folder tree without recursion (depth is bounded by nothing but the file system). Folders are
 * read synchronously: through fs/promises each `readdir` is a round trip to the thread pool, and the walk
 * of rails' 1,015 folders took ~90 ms that way against ~15 ms (the scan waits for the whole list anyway).
 */
async function walkFolder(walk: Walk, top: string): Promise<void> {
  await addIgnored(walk, top, '');
  const stack: { abs: string; wrel: string }[] = [{ abs: top, wrel: '' }];
  let nested = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      const rel = relOf(walk.root, dir.abs, '.');
      walk.tally.skip(`${rel}/`, code === 'EACCES' || code === 'EPERM' ? SKIP.unreadableFolder : `unreadable folder (${code ?? 'error'})`);
      walk.unreadable.push(`${rel}/`);
      continue;
    }
    if (dir.wrel !== '' && entries.some((e) => e.name === '.git')) {
      // A submodule or a repository cloned inside this one: its own .gitignore applies.
      nested++;
      await addIgnored(walk, dir.abs, dir.wrel);
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue; // a repository's folder, or a worktree's or submodule's pointer file
      const abs = join(dir.abs, name);
      const wrel = `${dir.wrel}${name}`;
      const rel = relOf(walk.root, abs, name);
      if (entry.isDirectory()) {
        if (walk.ignored.has(`${wrel}/`)) skipIgnored(walk);
        else if (!excluded(walk, abs, wrel)) stack.push({ abs, wrel: `${wrel}/` });
      } else if (walk.ignored.has(wrel)) {
        skipIgnored(walk);
      } else if (entry.isFile()) {
        if (!leftOut(walk, rel)) walk.files.push({ abs, rel, size: 0 });
      } else if (entry.isSymbolicLink()) {
        if (!leftOut(walk, rel)) walk.tally.skip(rel, await linkReason(abs, walk.realRoot));
      } else if (!leftOut(walk, rel)) {
        walk.tally.skip(rel, SKIP.special);
      }
    }
  }
  if (nested > 0) {
    walk.tally.note(
      `${nested} nested repositor${nested === 1 ? 'y' : 'ies'} (submodules or clones inside the tree) scanned as files on disk, each with its own .gitignore; their history is not scanned (keyscan git in each)`,
    );
  }
}

/** A folder that holds git's own files rather than a work tree. */
async function looksLikeGitDir(dir: string): Promise<boolean> {
  const probes = await Promise.all(['HEAD', 'objects', 'refs'].map((n) => lstat(join(dir, n)).then(() => true, () => false)));
  return probes.every(Boolean);
}

/**
 * The files under `target` to scan. `root` is what reported paths are relative to. A path named here
 * is followed if it is a symlink (as grep and ripgrep do); links met while walking are not.
 */
export async function listFiles(root: string, target: string, options: DirOptions, tally: Tally): Promise<FileEntry[]> {
  const abs = resolve(root, target);
  const rel = relOf(root, abs, target);
  let st;
  try {
    st = await stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symlink loop' : code === 'EACCES' ? 'permission denied' : (code ?? 'error');
    throw new KeyscanError(`cannot read ${shownPath(target)}: ${why}`);
  }
  if (st.isFile()) {
    if (options.leftOut(rel)) {
      tally.skip(rel, SKIP.allowPaths);
      return [];
    }
    // Opened without following links: name the file itself.
    return [{ abs: await realpath(abs).catch(() => abs), rel, size: st.size }];
  }
  if (!st.isDirectory()) throw new KeyscanError(`cannot scan ${shownPath(target)}: not a regular file or directory (FIFOs, sockets and devices are never opened)`);
  const walk: Walk = {
    root,
    realRoot: await realpath(root).catch(() => root),
    options,
    tally,
    files: [],
    ignored: new Set(),
    unreadable: [],
  };
  await walkFolder(walk, abs);
  if (walk.unreadable.length > 0) {
    const names = walk.unreadable.slice(0, 10).map(shownPath).join(', ');
    const more = walk.unreadable.length > 10 ? ` and ${walk.unreadable.length - 10} more` : '';
    tally.lost(`${walk.unreadable.length} folder(s) could not be read, so nothing in them was scanned: ${names}${more}`);
  }
  if (await looksLikeGitDir(abs)) {
    // Named as the user would type it from where keyscan runs (the scanned root may be the folder itself).
    const named = toPosix(relative(process.cwd(), abs)) || '.';
    const shown = named.startsWith('../') ? abs : named;
    // The command comes first, so the human report's line wrapping never splits it.
    tally.note(`keyscan git ${shellWord(shown)} scans the history of ${shownPath(shown)}, a bare git repository (the files scanned here are git's own, mostly compressed)`);
  }
  walk.files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return walk.files;
}

/** A path as a shell word: quoted when it holds anything but plain characters. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Fragments of the given files; binary, special and unreadable files are counted, not scanned. */
export async function* filesToFragments(files: FileEntry[], tally: Tally, leftOut?: (path: string) => boolean): AsyncGenerator<Fragment> {
  const unreadable: string[] = [];
  const read: ReadContext = { tally, leftOut };
  for (const file of files) {
    const small = smallFileText(file.abs);
    if (small === 'binary') {
      tally.skip(file.rel, SKIP.binary);
      continue;
    }
    if (small !== null) {
      yield { path: file.rel, origin: 'file', text: small.text, startLine: 1 };
      tally.filesScanned++;
      tally.bytesScanned += small.bytes;
      continue;
    }
    let outcome;
    try {
      const gen = fileFragments(file.abs, { path: file.rel, origin: 'file' }, {}, read);
      let step = await gen.next();
      while (!step.done) {
        yield step.value;
        step = await gen.next();
      }
      outcome = step.value;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') tally.skip(file.rel, SKIP.vanished);
      else if (code === 'ELOOP') tally.skip(file.rel, SKIP.link); // became a symlink after the walk
      else {
        tally.skip(file.rel, code === 'EACCES' || code === 'EPERM' ? SKIP.unreadable : `unreadable (${code ?? 'error'})`);
        unreadable.push(file.rel);
      }
      continue;
    }
    if (outcome.kind === 'binary') tally.skip(file.rel, SKIP.binary);
    else if (outcome.kind === 'not-a-file') tally.skip(file.rel, SKIP.special);
    else if (outcome.kind === 'text') {
      tally.filesScanned++;
      tally.bytesScanned += outcome.bytes;
    }
  }
  if (unreadable.length > 0) {
    const names = unreadable.slice(0, 10).map(shownPath).join(', ');
    const more = unreadable.length > 10 ? ` and ${unreadable.length - 10} more` : '';
    tally.lost(`${unreadable.length} file(s) could not be read and were not scanned: ${names}${more}`);
  }
}
