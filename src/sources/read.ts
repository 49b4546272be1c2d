// Turn bytes into fragments: sniff binary content, decode UTF-8/UTF-16 (tolerating bad bytes) and
// cut large inputs into overlapping chunks so memory stays bounded whatever the size.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { CommitInfo, Fragment, Origin } from '../types.js';
import { ARCHIVE_LIMITS, ARCHIVE_SKIP, archiveFormat, archiveItems, unsupportedArchive, type Allowance, type ArchiveFormat, type ArchiveLimits } from './archive.js';
import type { Tally } from './tally.js';

/** Inputs larger than this are read in chunks. */
export const WHOLE_LIMIT = 8 * 1024 * 1024;
/** Characters each chunk owns. */
export const CHUNK_CHARS = 4 * 1024 * 1024;
/**
 * Characters of context a chunk carries on either side of what it owns: longer than any secret we
 * match plus the window a rule looks at around its keyword (engine WINDOW), so a secret cut by a
 * chunk boundary, or whose keyword stands in the previous chunk, is still seen whole.
 */
export const OVERLAP_CHARS = 64 * 1024;
const SNIFF_BYTES = 8000;
/** Bytes per read from a large file. */
const READ_BYTES = 1024 * 1024;

export interface ChunkSizes {
  /** Characters each chunk owns (default CHUNK_CHARS). */
  chunkChars: number;
  /** Characters of context before and after (default OVERLAP_CHARS). */
  overlapChars: number;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/**
 * UTF-16 without a BOM: in ASCII-heavy text one byte of (nearly) every pair is zero, always the same
 * one, and the other almost never is. A few non-ASCII characters (é, €) do not change that.
 */
function bomlessUtf16(head: Uint8Array, n: number): Encoding | null {
  const pairs = Math.floor(n / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.6 && zeroEven <= pairs * 0.02) return 'utf-16le';
  if (zeroEven >= pairs * 0.6 && zeroOdd <= pairs * 0.02) return 'utf-16be';
  if (plausibleUtf16(head, n, true)) return 'utf-16le';
  if (plausibleUtf16(head, n, false)) return 'utf-16be';
  return null;
}

const isAsciiTextByte = (b: number) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * UTF-16 that is mostly not ASCII (Chinese, Japanese, emoji beside a few ASCII lines): every code unit a
 * character (no NUL or control unit, surrogates in pairs), some ASCII units, and most other units not two
 * ASCII bytes (which is what UTF-8 text with a few NUL bytes looks like read as UTF-16).
 */
function plausibleUtf16(head: Uint8Array, n: number, le: boolean): boolean {
  const units = Math.floor(n / 2);
  let ascii = 0;
  let asciiPairs = 0;
  let other = 0;
  for (let u = 0; u < units; u++) {
    const [lo, hi] = le ? [head[2 * u], head[2 * u + 1]] : [head[2 * u + 1], head[2 * u]];
    const c = (hi << 8) | lo;
    if (hi === 0) {
      if (!isAsciiTextByte(lo) && lo !== 0x0c && lo < 0xa0) return false;
      ascii++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      if (u + 1 >= units) break;
      const [lo2, hi2] = le ? [head[2 * u + 2], head[2 * u + 3]] : [head[2 * u + 3], head[2 * u + 2]];
      const next = (hi2 << 8) | lo2;
      if (next < 0xdc00 || next > 0xdfff) return false;
      u++;
      other++;
      continue;
    }
    if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) return false;
    other++;
    if (isAsciiTextByte(lo) && isAsciiTextByte(hi)) asciiPairs++;
  }
  return ascii >= 2 && other > 0 && asciiPairs <= other * 0.5;
}

/**
 * How much of the head does not look like text: NUL and other control bytes (tab, newlines, form
 * feed and escape excepted) and bytes that break UTF-8. One stray NUL in a .env is text; compressed or
 * machine code is not.
 */
function binaryShare(head: Uint8Array, n: number): number {
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b < 0x80) {
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) odd++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) ok = i + k >= n || (head[i + k] & 0xc0) === 0x80;
    if (ok) i += need;
    else odd++;
  }
  return n === 0 ? 0 : odd / n;
}

/** Above this share of non-text bytes in its head, content is binary. */
const BINARY_SHARE = 0.3;

/**
 * The encoding of a text by its BOM (or, without one, UTF-16 that is mostly ASCII), or 'binary'
 * when too much of its head is not text.
 */
export function sniff(head: Uint8Array): { encoding: Encoding | 'binary'; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return { encoding: 'utf-32le', bom: 4 };
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF_BYTES);
  if (head.subarray(0, n).indexOf(0) < 0) return { encoding: 'utf-8', bom: 0 };
  const utf16 = bomlessUtf16(head, n);
  if (utf16) return { encoding: utf16, bom: 0 };
  return binaryShare(head, n) > BINARY_SHARE ? { encoding: 'binary', bom: 0 } : { encoding: 'utf-8', bom: 0 };
}

/** What decoding needs: TextDecoder's streaming interface (Node's TextDecoder has no UTF-32). */
interface Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

/** UTF-32 (either byte order), streaming; an invalid code point becomes U+FFFD. */
class Utf32Decoder implements Decoder {
  private rest = new Uint8Array(0);
  constructor(private readonly little: boolean) {}
  decode(input: Uint8Array = new Uint8Array(0), options: { stream?: boolean } = {}): string {
    const bytes = this.rest.length > 0 ? Buffer.concat([this.rest, input]) : input;
    const whole = bytes.length - (bytes.length % 4);
    let out = '';
    let piece: number[] = [];
    for (let i = 0; i < whole; i += 4) {
      const cp = this.little
        ? (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0
        : ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
      piece.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
      if (piece.length === 4096) {
        out += String.fromCodePoint(...piece);
        piece = [];
      }
    }
    if (piece.length > 0) out += String.fromCodePoint(...piece);
    this.rest = bytes.slice(whole);
    if (!options.stream && this.rest.length > 0) {
      this.rest = new Uint8Array(0);
      out += '\ufffd';
    }
    return out;
  }
}

function decoderFor(encoding: Encoding): Decoder {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return new Utf32Decoder(encoding === 'utf-32le');
  return new TextDecoder(encoding);
}

export interface FragmentBase {
  path: string;
  origin: Origin;
  commit?: CommitInfo;
  lines?: Set<number>;
  blob?: string;
  /** Inside an archive: the path within it (`x/.env`, nested `inner.tar.gz!x/.env`); `path` ends with it. */
  inner?: string;
}

/**
 * What reading needs to open archives: where to count what it read and passed over inside them, and
 * which paths allow.paths leaves out. Without it, an archive is binary like any other.
 */
export interface ReadContext {
  tally: Tally;
  leftOut?: (path: string) => boolean;
  limits?: ArchiveLimits;
  /**
   * Whether an entry (by its path inside, and its bytes) stands unchanged in an earlier version of the
   * archive: such entries are not scanned (the pre-commit hook reports what a commit adds, not what it kept).
   */
  unchanged?: (inner: string, bytes: Uint8Array) => Promise<boolean>;
}

/** What reading content ended in: text scanned, binary skipped, or an archive opened (its entries counted one by one). */
export type ReadOutcome = 'binary' | 'text' | 'archive';

interface Nest {
  ctx: ReadContext;
  limits: ArchiveLimits;
  /** Archives this content sits in (0: not in one). */
  depth: number;
  allowance: Allowance;
  /** Entries left for the outermost archive, nested ones included (overlapping zip entries cannot multiply). */
  entries: { left: number };
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * An archive's entries as fragments, each named `archive!entry`; archives inside are opened in turn to
 * the depth limit. Whatever is passed over (encrypted, too large, too deep, corrupt) is counted under its
 * reason. A corrupt archive that yields nothing but reads as text is scanned as text.
 */
async function* archiveFragments(bytes: Uint8Array, format: ArchiveFormat, base: FragmentBase, nest: Nest): AsyncGenerator<Fragment> {
  const { tally } = nest.ctx;
  let files = 0;
  let problem = false;
  for (const item of archiveItems(bytes, format, base.path, nest.allowance, nest.limits)) {
    if (item.kind === 'problem') {
      problem = true;
      tally.skip(base.path, item.reason);
      tally.note(`${base.path}: ${item.reason}: ${item.detail}`);
      continue;
    }
    const path = `${base.path}!${item.name}`;
    if (nest.entries.left <= 0) {
      // Stop reading, here and in every archive around it: what is left is not even listed (it could be
      // millions of overlapping entries). Said once.
      if (nest.entries.left === 0) {
        tally.skip(path, ARCHIVE_SKIP.tooMany);
        tally.note(`${base.path}: more than ${nest.limits.entries.toLocaleString('en-US')} entries in one archive (nested ones included): the rest was not read`);
      }
      nest.entries.left = -1;
      break;
    }
    nest.entries.left--;
    if (item.kind === 'skip') {
      tally.skip(path, item.reason);
      continue;
    }
    files++;
    // Inside an archive `!` also counts as a folder separator: `bundle.zip/**` and `**/x/.env` reach in.
    if (nest.ctx.leftOut && (nest.ctx.leftOut(path) || nest.ctx.leftOut(path.replace(/!/g, '/')))) {
      tally.skip(path, 'left out by allow.paths');
      continue;
    }
    const entry: FragmentBase = {
      path,
      origin: base.origin,
      ...(base.commit ? { commit: base.commit } : {}),
      ...(base.blob !== undefined ? { blob: base.blob } : {}),
      inner: base.inner !== undefined ? `${base.inner}!${item.name}` : item.name,
    };
    yield* entryFragments(item.bytes, entry, nest);
  }
  if (problem && files === 0 && sniff(bytes.subarray(0, SNIFF_BYTES)).encoding !== 'binary') {
    const kind = yield* textFragments(oneChunk(bytes), base, {});
    if (kind === 'text') {
      tally.filesScanned++;
      tally.bytesScanned += bytes.length;
    }
  }
}

/** One entry of an archive: an archive in turn (to the depth limit), or text, or binary. */
async function* entryFragments(bytes: Uint8Array, base: FragmentBase, nest: Nest): AsyncGenerator<Fragment> {
  const { tally } = nest.ctx;
  const head = bytes.subarray(0, SNIFF_BYTES);
  const format = archiveFormat(head);
  if (format) {
    if (nest.depth >= nest.limits.depth) tally.skip(base.path, ARCHIVE_SKIP.tooDeep);
    else yield* archiveFragments(bytes, format, base, { ...nest, depth: nest.depth + 1 });
    return;
  }
  const unsupported = unsupportedArchive(head);
  if (unsupported) {
    tally.skip(base.path, `archive in an unsupported format (${unsupported})`);
    return;
  }
  if (base.inner !== undefined && nest.ctx.unchanged && (await nest.ctx.unchanged(base.inner, bytes))) return;
  const kind = yield* textFragments(oneChunk(bytes), base, {});
  if (kind === 'binary') tally.skip(base.path, 'binary');
  else {
    tally.filesScanned++;
    tally.bytesScanned += bytes.length;
  }
}

/** Whole content already in memory: an archive (opened), text, or binary. */
async function* archiveOrNull(bytes: Uint8Array, base: FragmentBase, ctx: ReadContext | undefined): AsyncGenerator<Fragment, boolean> {
  if (!ctx) return false;
  const head = bytes.subarray(0, SNIFF_BYTES);
  const format = archiveFormat(head);
  const unsupported = format ? null : unsupportedArchive(head);
  if (!format && !unsupported) return false;
  if (unsupported) {
    ctx.tally.skip(base.path, `archive in an unsupported format (${unsupported})`);
    return true;
  }
  const limits = ctx.limits ?? ARCHIVE_LIMITS;
  const nest: Nest = { ctx, limits, depth: 0, allowance: { left: limits.archiveBytes }, entries: { left: limits.entries } };
  yield* entryFragments(bytes, base, nest);
  return true;
}

/**
 * Whole content in memory as fragments: an archive's entries (with `ctx`), or the text, or nothing when
 * it is binary.
 */
export async function* bufferFragments(bytes: Uint8Array, base: FragmentBase, ctx?: ReadContext): AsyncGenerator<Fragment, ReadOutcome> {
  if (yield* archiveOrNull(bytes, base, ctx)) return 'archive';
  const text = decodeBuffer(bytes);
  if (text === null) return 'binary';
  yield { ...base, text, startLine: 1 };
  return 'text';
}

/** Decode a whole buffer; null when it is binary. Invalid sequences become U+FFFD; nothing throws. */
export function decodeBuffer(bytes: Uint8Array): string | null {
  const { encoding, bom } = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (encoding === 'binary') return null;
  return decoderFor(encoding).decode(bytes.subarray(bom));
}

/** Where text[cut] stands, given where text[0] stands. */
function advance(text: string, cut: number, line: number, column: number): { line: number; column: number } {
  let lastNl = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < cut; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  return { line, column: lastNl === -1 ? column + cut : cut - lastNl };
}

/**
 * Fragments from a stream of bytes. Each chunk owns `chunkChars` characters and carries up to
 * `overlapChars` of context on either side (`ownFrom`/`ownTo` mark what it owns), so every match is
 * reported once, by the chunk where it starts, with the same line and column as in the whole text.
 * Holds at most chunkChars + 2 × overlapChars characters (plus one read) at a time.
 * Yields nothing and returns 'binary' for binary content.
 */
async function* textFragments(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  base: FragmentBase,
  sizes: Partial<ChunkSizes> = {},
): AsyncGenerator<Fragment, 'binary' | 'text'> {
  const C = Math.max(1, sizes.chunkChars ?? CHUNK_CHARS);
  const O = Math.max(0, sizes.overlapChars ?? OVERLAP_CHARS);
  let decoder: Decoder | null = null;
  // The first bytes, held until there are enough to sniff (a pipe may deliver one byte at a time).
  let head: Uint8Array[] = [];
  let headBytes = 0;
  // Text not yet passed on in full; `lead` characters of it are context before what the next chunk owns.
  let pending = '';
  let lead = 0;
  let startLine = 1;
  let startColumn = 1;
  let emitted = false;
  const fragment = (text: string, last: boolean): Fragment => ({
    ...base,
    text,
    startLine,
    ...(startColumn > 1 ? { startColumn } : {}),
    ...(lead > 0 ? { ownFrom: lead } : {}),
    ...(last ? {} : { ownTo: lead + C }),
  });
  const start = (): boolean => {
    const bytes = head.length === 1 ? head[0] : Buffer.concat(head);
    head = [];
    const { encoding, bom } = sniff(bytes.subarray(0, SNIFF_BYTES));
    if (encoding === 'binary') return false;
    decoder = decoderFor(encoding);
    pending = decoder.decode(bytes.subarray(bom), { stream: true });
    return true;
  };
  for await (const raw of chunks) {
    if (!decoder) {
      head.push(raw);
      headBytes += raw.length;
      if (headBytes < SNIFF_BYTES) continue;
      if (!start()) return 'binary';
    } else pending += (decoder as Decoder).decode(raw, { stream: true });
    while (pending.length >= lead + C + O) {
      yield fragment(pending.slice(0, lead + C + O), false);
      emitted = true;
      const nextOwn = lead + C;
      const cut = Math.max(0, nextOwn - O);
      ({ line: startLine, column: startColumn } = advance(pending, cut, startLine, startColumn));
      pending = pending.slice(cut);
      lead = nextOwn - cut;
    }
  }
  if (!decoder) {
    if (headBytes === 0) {
      yield fragment('', true);
      return 'text';
    }
    if (!start()) return 'binary';
  }
  pending += (decoder as unknown as Decoder).decode();
  // The rest; after an exactly full last chunk it may own nothing new.
  if (!emitted || pending.length > lead) yield fragment(pending, true);
  return 'text';
}

function tooLargeToRead(ctx: ReadContext, path: string, limit: number): void {
  ctx.tally.skip(path, ARCHIVE_SKIP.readTooLarge);
  ctx.tally.note(`${path}: an archive over ${limit >> 20} MiB is not opened: what it holds was not scanned`);
}

/**
 * Fragments from a stream of bytes (see textFragments). With `ctx`, content that starts like an archive
 * is gathered (up to the read limit) and its entries are scanned instead; the caller drains what is left
 * of the stream after 'binary' or 'archive'.
 */
export async function* chunkedFragments(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  base: FragmentBase,
  sizes: Partial<ChunkSizes> = {},
  ctx?: ReadContext,
): AsyncGenerator<Fragment, ReadOutcome> {
  if (!ctx) return yield* textFragments(chunks, base, sizes);
  const it: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const step = await it.next();
    if (step.done) {
      done = true;
      break;
    }
    head.push(step.value);
    headBytes += step.value.length;
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  const probe = first.subarray(0, SNIFF_BYTES);
  if (archiveFormat(probe) || unsupportedArchive(probe)) {
    const limit = (ctx.limits ?? ARCHIVE_LIMITS).readBytes;
    const all = [first];
    let total = first.length;
    while (!done && total <= limit) {
      const step = await it.next();
      if (step.done) break;
      all.push(step.value);
      total += step.value.length;
    }
    if (total > limit) {
      tooLargeToRead(ctx, base.path, limit);
      return 'archive';
    }
    yield* archiveOrNull(all.length === 1 ? all[0] : Buffer.concat(all), base, ctx);
    return 'archive';
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield first;
    if (done) return;
    for (;;) {
      const step = await it.next();
      if (step.done) return;
      yield step.value;
    }
  }
  return yield* textFragments(rest(), base, sizes);
}

/** Why a file was not read: not a regular file (any more), or binary; an archive's entries are counted one by one. */
export type FileOutcome = { kind: 'text'; bytes: number } | { kind: 'binary' } | { kind: 'archive' } | { kind: 'not-a-file' };

// Opening never blocks (a FIFO swapped in after the walk would otherwise wait forever for a writer)
// and never follows a symlink swapped in after the walk. Both are no-ops where the platform lacks them.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Up to `size` bytes from the start of an open file, in one allocation: what it held when opened, even if it grows. */
function readUpTo(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, bytes, filled, size - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return bytes.subarray(0, filled);
}

/**
 * Read a file from disk as fragments (whole when small, chunked when large). The open file is checked
 * to be a regular file before a byte is read. `sizes` is for tests.
 *
 * Opening, checking and reading a file that is read whole is synchronous: through fs/promises each of
 * open, fstat, read and close is a round trip to the thread pool, and a tree of small files spent
 * about half its wall time waiting on them (issue 14). The event loop has nothing else to do meanwhile
 * (the scan itself is synchronous), and a file is at most WHOLE_LIMIT bytes, so a read never blocks long.
 */
export async function* fileFragments(
  abs: string,
  base: FragmentBase,
  sizes: Partial<ChunkSizes & { wholeLimit: number }> = {},
  ctx?: ReadContext,
): AsyncGenerator<Fragment, FileOutcome> {
  const fd = openSync(abs, OPEN_FLAGS);
  let closed = false;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-a-file' };
    // A file that stats as empty may still have content (procfs, sysfs): it is read to its end.
    if (stat.size > 0 && stat.size <= (sizes.wholeLimit ?? WHOLE_LIMIT)) {
      // Read what the file held when it was opened; a file growing meanwhile does not stretch memory.
      const bytes = readUpTo(fd, stat.size);
      closeSync(fd);
      closed = true;
      const kind = yield* bufferFragments(bytes, base, ctx);
      return kind === 'text' ? { kind, bytes: bytes.length } : { kind };
    }
    // A large archive: read whole in one allocation (entries need random access), up to the read limit.
    if (ctx && stat.size > 0) {
      const head = Buffer.allocUnsafe(SNIFF_BYTES);
      const probe = head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0));
      if (archiveFormat(probe) || unsupportedArchive(probe)) {
        const limit = (ctx.limits ?? ARCHIVE_LIMITS).readBytes;
        if (stat.size > limit) {
          tooLargeToRead(ctx, base.path, limit);
          return { kind: 'archive' };
        }
        const whole = readUpTo(fd, stat.size);
        closeSync(fd);
        closed = true;
        yield* archiveOrNull(whole, base, ctx);
        return { kind: 'archive' };
      }
    }
    // Large (or stat-less) files: READ_BYTES at a time, the scan of each chunk in between.
    let bytes = 0;
    function* pieces(): Generator<Uint8Array> {
      for (;;) {
        const piece = Buffer.allocUnsafe(READ_BYTES);
        const n = readSync(fd, piece, 0, READ_BYTES, bytes);
        if (n === 0) return;
        bytes += n;
        yield piece.subarray(0, n);
      }
    }
    const kind = yield* chunkedFragments(pieces(), base, sizes, ctx);
    return kind === 'text' ? { kind, bytes } : { kind };
  } finally {
    if (!closed) closeSync(fd);
  }
}

/**
 * A small regular file read and decoded without generators (most files of a tree): its text and size in
 * bytes, or 'binary'; null for anything fileFragments must handle (not a regular file, empty as stat'ed,
 * larger than WHOLE_LIMIT, an archive, or an error, which fileFragments meets again when it opens the file).
 * The same bytes, checks and decoding as fileFragments' whole-file path: async generators cost a compile
 * of their own and a few promises a file, for one fragment.
 */
export function smallFileText(abs: string): { text: string; bytes: number } | 'binary' | null {
  const bytes = readRegularFile(abs, 1, WHOLE_LIMIT);
  if (!bytes) return null;
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (archiveFormat(head) || unsupportedArchive(head)) return null;
  const text = decodeBuffer(bytes);
  return text === null ? 'binary' : { text, bytes: bytes.length };
}

/**
 * A file's bytes, read whole as fileFragments opens files (never through a symlink, never blocking on a
 * FIFO) when it is a regular file of `min` to `max` bytes as stat'ed; null for anything else or any error.
 */
export function readRegularFile(abs: string, min: number, max: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    return stat.isFile() && stat.size >= min && stat.size <= max ? readUpTo(fd, stat.size) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export function streamFragments(stream: Readable, base: FragmentBase, sizes: Partial<ChunkSizes> = {}, ctx?: ReadContext): AsyncGenerator<Fragment, ReadOutcome> {
  return chunkedFragments(stream as AsyncIterable<Uint8Array>, base, sizes, ctx);
}
