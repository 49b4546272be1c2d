// One small text file read whole (a configuration, a baseline, a rules file), with every way that
// can fail said in words: a folder, a device (/dev/full, /dev/zero never end), a missing path, a
// permission, a file too large to be what it claims. Pipes stay readable (`--config <(...)`).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fsReason, KeyscanError } from './errors.js';

/** Larger than any configuration or baseline a project keeps: 64 MiB. */
export const MAX_TEXT_FILE = 64 << 20;

/** The text of `path`, or a KeyscanError `cannot read <what> <shown>: <why>`. */
export function readTextFile(path: string, what: string, shown: string, max = MAX_TEXT_FILE): string {
  const fail = (why: string) => new KeyscanError(`cannot read ${what} ${shown}: ${why}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fail(fsReason(err));
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw fail(fsReason({ code: 'EISDIR' }));
    if (info.isCharacterDevice() || info.isBlockDevice()) throw fail('it is a device, not a file');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(1 << 16);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw fail(`larger than ${max >> 20} MiB`);
      chunks.push(chunk.subarray(0, n));
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  } catch (err) {
    if (err instanceof KeyscanError) throw err;
    throw fail(fsReason(err));
  } finally {
    closeSync(fd);
  }
}
