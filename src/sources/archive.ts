// Archives read in memory with node built-ins only: zip (stored and deflate, zip64 sizes, encrypted
// entries named and passed over), gzip (one file, or a tar inside: `.tgz`, `.tar.gz`) and tar (ustar,
// pax and GNU long names). Recognised by their magic bytes, whatever the file is called. Everything is
// bounded: entries, bytes decompressed per entry and per archive (a zip bomb stops at the limit, inflate
// never allocates past it), and nothing in a corrupt archive can throw out of here or read out of
// bounds. read.ts turns entries into fragments (and archives inside archives, to a depth).
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';

export interface ArchiveLimits {
  /** Archives inside archives, counting the outer one: `a.zip!b.tar.gz!c.zip!x` is depth 3. */
  depth: number;
  /** Bytes one entry may decompress to. */
  entryBytes: number;
  /** Bytes everything inside one archive (nested ones included) may decompress to. */
  archiveBytes: number;
  /** Entries read from one archive; the rest are counted as skipped. */
  entries: number;
  /** An archive larger than this (compressed, as stored) is not read at all. */
  readBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  depth: 3,
  entryBytes: 64 << 20,
  archiveBytes: 128 << 20,
  entries: 10_000,
  readBytes: 256 << 20,
};

export type ArchiveFormat = 'zip' | 'gzip' | 'tar';

/** Skip reasons, as the summary counts them. */
export const ARCHIVE_SKIP = {
  encrypted: 'archive entry: encrypted',
  tooLarge: 'archive entry: too large when decompressed',
  method: 'archive entry: unsupported compression method',
  corruptEntry: 'archive entry: corrupt',
  tooDeep: 'archive entry: archive nested too deeply',
  tooMany: 'archive entry: over the entry limit',
  corrupt: 'archive: corrupt or truncated',
  readTooLarge: 'archive: too large to read',
} as const;

/** What reading an archive gives, entry by entry. */
export type ArchiveItem =
  | { kind: 'file'; name: string; bytes: Uint8Array }
  | { kind: 'skip'; name: string; reason: string }
  /** About the archive itself (corrupt, truncated): what could be read is still given. */
  | { kind: 'problem'; reason: string; detail: string };

/** Decompressed bytes left for one archive and everything inside it. */
export interface Allowance {
  left: number;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
/** Little-endian 64-bit as a number; beyond 2^53 it is only ever compared with a buffer length, so precision does not matter. */
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** A tar header block: its stored checksum matches (either the unsigned or the historic signed sum). */
function tarChecksumOk(b: Uint8Array, at: number): boolean {
  if (at + 512 > b.length) return false;
  const field = cString(b, at + 148, 8).trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  const stored = parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const v = i >= 148 && i < 156 ? 32 : b[at + i];
    unsigned += v;
    signed += v >= 128 ? v - 256 : v;
  }
  return stored === unsigned || stored === signed;
}

/** Compressed or archive formats keyscan does not open: named in the summary rather than called binary. */
const UNSUPPORTED: [string, (b: Uint8Array) => boolean][] = [
  ['7z', (b) => b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf && b[4] === 0x27 && b[5] === 0x1c],
  ['rar', (b) => ascii(b, 0, 'Rar!\x1a\x07')],
  ['xz', (b) => b[0] === 0xfd && ascii(b, 1, '7zXZ') && b[5] === 0],
  ['bzip2', (b) => ascii(b, 0, 'BZh') && b[3] >= 0x31 && b[3] <= 0x39 && ascii(b, 4, '1AY&SY')],
  ['zstd', (b) => b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd],
];

/** The archive format of content, by its first bytes (at least 512 for tar), or null. */
export function archiveFormat(head: Uint8Array): ArchiveFormat | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    const [c, d] = [head[2], head[3]];
    if ((c === 3 && d === 4) || (c === 5 && d === 6) || (c === 7 && d === 8)) return 'zip';
  }
  if (head.length >= 10 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8) return 'gzip';
  // ustar, GNU and pax archives say so at 257; old v7 ones only have a valid checksum.
  if (head.length >= 512 && head[0] !== 0 && tarChecksumOk(head, 0)) return 'tar';
  return null;
}

/** The name of an archive format keyscan recognises but does not open (7z, rar, xz, bzip2, zstd), or null. */
export function unsupportedArchive(head: Uint8Array): string | null {
  if (head.length < 10) return null;
  for (const [name, test] of UNSUPPORTED) if (test(head)) return name;
  return null;
}

/** An entry name as a path: `/` separators, no leading `/` or `./`, control characters shown escaped. */
function entryName(raw: string): string {
  let name = raw.replace(/\\/g, '/').replace(/^(?:\.?\/)+/, '');
  // A name from a hostile archive must not hold terminal controls.
  name = name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return name === '' ? '(unnamed)' : name;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function cString(b: Uint8Array, at: number, length: number): string {
  const field = b.subarray(at, Math.min(b.length, at + length));
  const nul = field.indexOf(0);
  return latin1.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** Decompress with a ceiling: past `max` bytes zlib stops and throws (it never allocates more). */
function inflate(data: Uint8Array, max: number, gzip: boolean): Uint8Array | 'too-large' | 'corrupt' {
  const options = { maxOutputLength: Math.max(1, max) };
  try {
    return gzip ? gunzipSync(data, options) : inflateRawSync(data, options);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? 'too-large' : 'corrupt';
  }
}

/** Take `size` bytes from the allowance; false when it has not that many left. */
function take(allowance: Allowance, size: number): boolean {
  if (size > allowance.left) return false;
  allowance.left -= size;
  return true;
}

// ── zip ──

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

/** The central directory's entries, or null when there is none to be found (truncated, not a zip). */
function zipDirectory(b: Uint8Array, limits: ArchiveLimits): { entries: ZipEntry[]; more: number; broken: boolean } | null {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (u32(b, i) === EOCD && i + 22 + u16(b, i + 20) <= b.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = u16(b, eocd + 10);
  let offset = u32(b, eocd + 16);
  // zip64: the real figures are in the zip64 end record, found through its locator just before.
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && u32(b, eocd - 20) === 0x07064b50) {
    const at = u64(b, eocd - 12);
    if (at + 56 <= b.length && u32(b, at) === 0x06064b50) {
      count = u64(b, at + 32);
      offset = u64(b, at + 48);
    }
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  let broken = false;
  const readable = Math.min(count, limits.entries);
  for (let n = 0; n < readable; n++) {
    if (p + 46 > b.length || u32(b, p) !== CEN) {
      broken = true;
      break;
    }
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let compressed = u32(b, p + 20);
    let size = u32(b, p + 24);
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    let local = u32(b, p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > b.length) {
      broken = true;
      break;
    }
    const nameBytes = b.subarray(p + 46, p + 46 + nameLength);
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    // zip64 extra field: the 64-bit figures for those stored as 0xffffffff, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = u16(b, e);
      const length = u16(b, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const stop = Math.min(e + 4 + length, b.length);
        if (size === 0xffffffff && q + 8 <= stop) {
          size = u64(b, q);
          q += 8;
        }
        if (compressed === 0xffffffff && q + 8 <= stop) {
          compressed = u64(b, q);
          q += 8;
        }
        if (local === 0xffffffff && q + 8 <= stop) local = u64(b, q);
      }
      e += 4 + length;
    }
    entries.push({ name, flags, method, compressed, size, offset: local });
    p = end;
  }
  return { entries, more: Math.max(0, count - readable), broken };
}

/** Without a central directory (a truncated zip): the entries whose local headers give their sizes. */
function zipLocalEntries(b: Uint8Array, limits: ArchiveLimits): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= b.length && u32(b, p) === LOC && entries.length < limits.entries) {
    const flags = u16(b, p + 6);
    const nameLength = u16(b, p + 26);
    const extraLength = u16(b, p + 28);
    const name = (flags & 0x800 ? utf8 : latin1).decode(b.subarray(p + 30, Math.min(b.length, p + 30 + nameLength)));
    const compressed = u32(b, p + 18);
    // Sizes after the data (flag 3) cannot be known without the directory: the walk ends there.
    if (flags & 0x8) break;
    entries.push({ name, flags, method: u16(b, p + 8), compressed, size: u32(b, p + 22), offset: p });
    p += 30 + nameLength + extraLength + compressed;
  }
  return entries;
}

function* zipItems(b: Uint8Array, limits: ArchiveLimits, allowance: Allowance): Generator<ArchiveItem> {
  const dir = zipDirectory(b, limits);
  let entries: ZipEntry[];
  if (dir) {
    entries = dir.entries;
    if (dir.broken) yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: 'its central directory is cut short' };
    if (dir.more > 0) yield { kind: 'skip', name: `(${dir.more} more entries)`, reason: ARCHIVE_SKIP.tooMany };
  } else {
    entries = zipLocalEntries(b, limits);
    yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: 'no central directory (truncated?): read by its local headers' };
  }
  for (const e of entries) {
    const name = entryName(e.name);
    if (e.name.endsWith('/') && e.size === 0) continue; // a folder
    if (e.flags & 0x1 || e.method === 99) {
      yield { kind: 'skip', name, reason: ARCHIVE_SKIP.encrypted };
      continue;
    }
    if (e.method !== 0 && e.method !== 8) {
      yield { kind: 'skip', name, reason: `${ARCHIVE_SKIP.method} (${e.method})` };
      continue;
    }
    const at = e.offset;
    if (at + 30 > b.length || u32(b, at) !== LOC) {
      yield { kind: 'skip', name, reason: ARCHIVE_SKIP.corruptEntry };
      continue;
    }
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + e.compressed;
    if (end > b.length) {
      yield { kind: 'skip', name, reason: ARCHIVE_SKIP.corruptEntry };
      continue;
    }
    const data = b.subarray(start, end);
    if (e.method === 0) {
      if (e.compressed > limits.entryBytes || !take(allowance, e.compressed)) yield { kind: 'skip', name, reason: ARCHIVE_SKIP.tooLarge };
      else yield { kind: 'file', name, bytes: data };
      continue;
    }
    // The declared size is a claim, not a limit: inflate is capped by what is left either way.
    const max = Math.min(limits.entryBytes, allowance.left);
    if (e.size > max) {
      yield { kind: 'skip', name, reason: ARCHIVE_SKIP.tooLarge };
      continue;
    }
    const out = inflate(data, max, false);
    if (out === 'too-large') yield { kind: 'skip', name, reason: ARCHIVE_SKIP.tooLarge };
    else if (out === 'corrupt') yield { kind: 'skip', name, reason: ARCHIVE_SKIP.corruptEntry };
    else {
      take(allowance, out.length);
      yield { kind: 'file', name, bytes: out };
    }
  }
}

// ── tar ──

/** A tar number: octal text, or GNU base-256 (high bit set) for large values. */
function tarNumber(b: Uint8Array, at: number, length: number): number {
  if (b[at] & 0x80) {
    let v = b[at] & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + b[at + i];
    return v;
  }
  const text = cString(b, at, length).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

/** pax records (`<length> <key>=<value>\n`): the ones that name the entry. */
function paxPath(data: Uint8Array): { path?: string; size?: number } {
  const text = utf8.decode(data);
  const out: { path?: string; size?: number } = {};
  let p = 0;
  while (p < text.length) {
    const space = text.indexOf(' ', p);
    if (space < 0) break;
    const length = Number(text.slice(p, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = text.slice(space + 1, p + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) {
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key === 'path') out.path = value;
      if (key === 'size' && /^\d+$/.test(value)) out.size = Number(value);
    }
    p += length;
  }
  return out;
}

function* tarItems(b: Uint8Array, limits: ArchiveLimits): Generator<ArchiveItem> {
  let p = 0;
  let longName: string | null = null;
  let pax: { path?: string; size?: number } = {};
  let count = 0;
  let more = 0;
  let ended = false;
  while (p + 512 <= b.length) {
    if (b[p] === 0 && b.subarray(p, p + 512).every((x) => x === 0)) {
      ended = true; // end of archive
      break;
    }
    if (!tarChecksumOk(b, p)) {
      yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: `bad header at byte ${p}` };
      return;
    }
    const type = String.fromCharCode(b[p + 156] || 0x30);
    let size = tarNumber(b, p + 124, 12);
    if (pax.size !== undefined && type !== 'x' && type !== 'g') size = pax.size;
    if (!Number.isFinite(size) || size < 0) {
      yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: `bad size at byte ${p}` };
      return;
    }
    const start = p + 512;
    const end = start + size;
    const next = start + Math.ceil(size / 512) * 512;
    const fits = end <= b.length;
    if (type === 'L' || type === 'x' || type === 'g' || type === 'K') {
      if (!fits) break;
      const data = b.subarray(start, end);
      if (type === 'L') longName = cString(data, 0, data.length);
      else if (type === 'x') pax = paxPath(data);
      p = next;
      continue;
    }
    const prefix = ascii(b, p + 257, 'ustar\x00') ? cString(b, p + 345, 155) : '';
    const raw = pax.path ?? longName ?? (prefix ? `${prefix}/${cString(b, p, 100)}` : cString(b, p, 100));
    longName = null;
    pax = {};
    p = next;
    if (type !== '0' && type !== '7') continue; // folders, links, devices: no content of their own
    const name = entryName(raw);
    if (count >= limits.entries) {
      more++;
      continue;
    }
    count++;
    if (!fits) {
      yield { kind: 'skip', name, reason: ARCHIVE_SKIP.corruptEntry };
      break;
    }
    if (size > limits.entryBytes) yield { kind: 'skip', name, reason: ARCHIVE_SKIP.tooLarge };
    else yield { kind: 'file', name, bytes: b.subarray(start, end) };
  }
  if (more > 0) yield { kind: 'skip', name: `(${more} more entries)`, reason: ARCHIVE_SKIP.tooMany };
  if (!ended && p < b.length) yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: 'it ends in the middle of an entry' };
}

// ── gzip ──

/** The file name a gzip header stores (FNAME), if any. */
function gzipName(b: Uint8Array): string | null {
  const flags = b[3];
  let p = 10;
  if (flags & 0x4) p += 2 + u16(b, p);
  if (!(flags & 0x8) || p >= b.length) return null;
  const name = cString(b, p, Math.min(1024, b.length - p));
  return name ? name.slice(name.lastIndexOf('/') + 1) : null;
}

/** What a gzip holds is named after the stored name or the outer file without `.gz` (`.tgz` → `.tar`). */
function gzipInnerName(b: Uint8Array, outer: string): string {
  const stored = gzipName(b);
  if (stored) return stored;
  const base = outer.slice(outer.lastIndexOf('/') + 1).slice(outer.lastIndexOf('!') + 1);
  if (/\.tgz$/i.test(base)) return base.slice(0, -4) + '.tar';
  return base.replace(/\.(?:gz|gzip|z)$/i, '') || 'content';
}

function* gzipItems(b: Uint8Array, outer: string, limits: ArchiveLimits, allowance: Allowance): Generator<ArchiveItem> {
  const max = Math.min(allowance.left, limits.archiveBytes);
  let out = inflate(b, max, true);
  if (out === 'corrupt') {
    // Truncated: what came before the cut is still worth reading.
    try {
      out = gunzipSync(b, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, max) });
    } catch {
      out = 'corrupt';
    }
    yield { kind: 'problem', reason: ARCHIVE_SKIP.corrupt, detail: out === 'corrupt' ? 'it does not decompress' : 'it is cut short: read up to the cut' };
  }
  if (out === 'too-large') {
    yield { kind: 'skip', name: gzipInnerName(b, outer), reason: ARCHIVE_SKIP.tooLarge };
    return;
  }
  if (out === 'corrupt') return;
  take(allowance, out.length);
  // A tar inside is one archive with the gzip (`.tar.gz!x/.env`), not two levels.
  if (archiveFormat(out.subarray(0, 512)) === 'tar') yield* tarItems(out, limits);
  else if (out.length > limits.entryBytes) yield { kind: 'skip', name: gzipInnerName(b, outer), reason: ARCHIVE_SKIP.tooLarge };
  else yield { kind: 'file', name: gzipInnerName(b, outer), bytes: out };
}

/** The entries of an archive of `format` named `outer`, within the limits and allowance. */
export function archiveItems(bytes: Uint8Array, format: ArchiveFormat, outer: string, allowance: Allowance, limits: ArchiveLimits = ARCHIVE_LIMITS): Iterable<ArchiveItem> {
  if (format === 'zip') return zipItems(bytes, limits, allowance);
  if (format === 'gzip') return gzipItems(bytes, outer, limits, allowance);
  return tarItems(bytes, limits);
}

/**
 * Every file inside an archive, archives inside it opened in turn (to the depth limit), as paths inside
 * (`x/.env`, `inner.tar.gz!x/.env`): what an earlier version of an archive held, to tell what changed.
 */
export function* archiveLeaves(bytes: Uint8Array, limits: ArchiveLimits = ARCHIVE_LIMITS): Generator<{ inner: string; bytes: Uint8Array }> {
  const allowance: Allowance = { left: limits.archiveBytes };
  function* walk(b: Uint8Array, prefix: string, depth: number): Generator<{ inner: string; bytes: Uint8Array }> {
    const format = archiveFormat(b.subarray(0, 8000));
    if (!format || depth >= limits.depth) return;
    for (const item of archiveItems(b, format, prefix || 'archive', allowance, limits)) {
      if (item.kind !== 'file') continue;
      const inner = prefix ? `${prefix}!${item.name}` : item.name;
      if (archiveFormat(item.bytes.subarray(0, 8000))) yield* walk(item.bytes, inner, depth + 1);
      else yield { inner, bytes: item.bytes };
    }
  }
  yield* walk(bytes, '', 0);
}
