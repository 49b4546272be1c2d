// Files on disk: walk with fast-glob, leave out what .gitignore ignores inside a git work tree,
// never follow symlinks, skip binary content.
import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import fg from 'fast-glob';
import micromatch from 'micromatch';
import { KeyscanError } from '../errors.js';
import type { Fragment } from '../types.js';
import { fileFragments } from './read.js';
import type { Tally } from './tally.js';

const exec = promisify(execFile);

export interface DirOptions {
  /** Honour .gitignore inside a git work tree. */
  gitignore: boolean;
  /** Globs (relative to root) left out by configuration. */
  allowPaths: string[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Paths git ignores under `dir` (directories end in `/`), relative to `dir`; null outside a work tree. */
async function gitIgnored(dir: string): Promise<string[] | null> {
  try {
    const { stdout: inside } = await exec('git', ['-C', dir, 'rev-parse', '--is-inside-work-tree']);
    if (inside.trim() !== 'true') return null;
    const { stdout } = await exec(
      'git',
      ['-C', dir, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--', '.'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    return stdout.split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!@+\\]/g, '\\$&');
}

export interface FileEntry {
  abs: string;
  /** Relative to the scanned root, `/` separators. */
  rel: string;
  size: number;
}

/** The files under `target` to scan. `root` is what reported paths are relative to. */
export async function listFiles(root: string, target: string, options: DirOptions, tally: Tally): Promise<FileEntry[]> {
  const abs = resolve(root, target);
  let stat;
  try {
    stat = await lstat(abs);
  } catch (err) {
    throw new KeyscanError(`cannot read ${target}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (stat.isFile()) return [{ abs, rel: toPosix(relative(root, abs)) || toPosix(target), size: stat.size }];
  if (!stat.isDirectory()) throw new KeyscanError(`cannot scan ${target}: not a regular file or directory`);
  const ignore = ['**/.git/**', '.git/**'];
  if (options.gitignore) {
    const ignored = await gitIgnored(abs);
    if (ignored) {
      for (const p of ignored) ignore.push(p.endsWith('/') ? `${escapeGlob(p)}**` : escapeGlob(p));
      if (ignored.length > 0) tally.skipped['ignored by .gitignore'] = ignored.length;
    }
  }
  const entries = await fg('**', {
    cwd: abs,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore,
    stats: true,
    suppressErrors: true,
    unique: true,
  });
  const files: FileEntry[] = [];
  for (const e of entries) {
    const full = resolve(abs, e.path);
    const rel = toPosix(relative(root, full));
    if (options.allowPaths.length > 0 && micromatch.isMatch(rel, options.allowPaths, { dot: true })) {
      tally.skip(rel, 'left out by allow.paths');
      continue;
    }
    files.push({ abs: full, rel, size: e.stats?.size ?? 0 });
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

/** Fragments of the given files; binary and unreadable files are counted, not scanned. */
export async function* filesToFragments(files: FileEntry[], tally: Tally): AsyncGenerator<Fragment> {
  for (const file of files) {
    let kind: 'binary' | 'text' | 'error' = 'text';
    try {
      const gen = fileFragments(file.abs, { path: file.rel, origin: 'file' }, file.size);
      let step = await gen.next();
      while (!step.done) {
        yield step.value;
        step = await gen.next();
      }
      kind = step.value;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      tally.skip(file.rel, code === 'EACCES' || code === 'EPERM' ? 'unreadable (permission denied)' : `unreadable (${code ?? 'error'})`);
      kind = 'error';
    }
    if (kind === 'binary') tally.skip(file.rel, 'binary');
    else if (kind === 'text') {
      tally.filesScanned++;
      tally.bytesScanned += file.size;
    }
  }
}
