// `--output FILE`: the report is written to a temporary file beside FILE and renamed over it, so a
// failed write (disk full, a killed process) never leaves a truncated report, and a run that fails
// removes the previous report instead of leaving an older one that could pass for this run's.
// Devices and pipes (/dev/stdout, a FIFO) are written in place: there is nothing to rename over.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { KeyscanError } from '../errors.js';

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of that path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symlinks in that path',
  EFBIG: 'the file would be too large',
  EIO: 'input/output error',
};

function failure(shown: string, err: unknown): KeyscanError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return new KeyscanError(`cannot write the report to ${shown}: ${WHY[code] ?? (code || (err as Error).message)}`);
}

/** Write `text` to `file` (relative to `cwd`) all at once, or not at all. */
export async function writeOutputFile(cwd: string, file: string, text: string): Promise<void> {
  const path = resolve(cwd, file);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw failure(file, { code: 'EISDIR' });
  if (existing && !existing.isFile()) {
    // A device or a pipe: written in place.
    try {
      await writeFile(path, text);
      return;
    } catch (err) {
      throw failure(file, err);
    }
  }
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    // mkdir says EEXIST when a part of the path is a file.
    throw failure(file, (err as NodeJS.ErrnoException).code === 'EEXIST' ? { code: 'ENOTDIR' } : err);
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    await discardOutputFile(cwd, file);
    throw failure(file, err);
  }
}

/** A run that failed: remove the report a previous run left at `file` (a regular file only). */
export async function discardOutputFile(cwd: string, file: string | undefined): Promise<void> {
  if (!file) return;
  const path = resolve(cwd, file);
  const info = await lstat(path).catch(() => null);
  if (info?.isFile()) await unlink(path).catch(() => undefined);
}
