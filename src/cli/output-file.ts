// `--output FILE`: the report is written to a temporary file beside FILE and renamed over it, so a
// failed write (disk full, a killed process) never leaves a truncated report, and a run that fails
// removes the previous report instead of leaving an older one that could pass for this run's.
// Devices and pipes (/dev/stdout, a FIFO) are written in place: there is nothing to rename over.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fsReason, KeyscanError } from '../errors.js';

/** `what` names the file in messages: `the report` (--output), `the baseline` (keyscan baseline). */
function failure(shown: string, err: unknown, what = 'the report'): KeyscanError {
  const code = (err as NodeJS.ErrnoException).code;
  // mkdir -p failed with ENOENT: a folder on the way cannot be made (/proc/x, a dangling link).
  const why = code === 'ENOENT' ? 'a folder in that path does not exist and cannot be created' : fsReason(err);
  return new KeyscanError(`cannot write ${what} to ${shown}: ${why}`);
}

/**
 * mkdir -p, one folder at a time: Node's own `mkdir(…, { recursive: true })` never returns under
 * /proc (each attempt says ENOENT and it tries again), so `--output /proc/x/report` would hang.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  while (!(await stat(at).catch(() => null))) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Write `text` to `file` (relative to `cwd`) all at once, or not at all. */
export async function writeOutputFile(cwd: string, file: string, text: string, what?: string): Promise<void> {
  const path = resolve(cwd, file);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw failure(file, { code: 'EISDIR' }, what);
  if (existing && !existing.isFile()) {
    // A device or a pipe: written in place.
    try {
      await writeFile(path, text);
      return;
    } catch (err) {
      throw failure(file, err, what);
    }
  }
  try {
    await makeFolders(dirname(path));
  } catch (err) {
    // mkdir says EEXIST when a part of the path is a file.
    throw failure(file, (err as NodeJS.ErrnoException).code === 'EEXIST' ? { code: 'ENOTDIR' } : err, what);
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    await discardOutputFile(cwd, file);
    throw failure(file, err, what);
  }
}

/** A run that failed: remove the report a previous run left at `file` (a regular file only). */
export async function discardOutputFile(cwd: string, file: string | undefined): Promise<void> {
  if (!file) return;
  const path = resolve(cwd, file);
  const info = await lstat(path).catch(() => null);
  if (info?.isFile()) await unlink(path).catch(() => undefined);
}
