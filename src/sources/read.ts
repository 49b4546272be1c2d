// Turn bytes into fragments: sniff binary content, decode UTF-8/UTF-16 (tolerating bad bytes) and
// cut large inputs into overlapping chunks so memory stays bounded whatever the size.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { CommitInfo, Fragment, Origin } from '../types.js';

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

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** UTF-16 without a BOM: every other byte zero, the others printable ASCII or whitespace. */
function bomlessUtf16(head: Uint8Array, n: number): Encoding | null {
  if (n < 4 || n % 2 !== 0) return null;
  const text = (b: number) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;
  let le = true;
  let be = true;
  for (let i = 0; i < n && (le || be); i += 2) {
    if (!(head[i + 1] === 0 && text(head[i]))) le = false;
    if (!(head[i] === 0 && text(head[i + 1]))) be = false;
  }
  return le ? 'utf-16le' : be ? 'utf-16be' : null;
}

/**
 * The encoding of a text by its BOM (or, without one, UTF-16 that is plainly ASCII text), or 'binary'
 * when it holds NUL bytes.
 */
export function sniff(head: Uint8Array): { encoding: Encoding | 'binary'; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      const utf16 = bomlessUtf16(head, n - (n % 2));
      return utf16 ? { encoding: utf16, bom: 0 } : { encoding: 'binary', bom: 0 };
    }
  }
  return { encoding: 'utf-8', bom: 0 };
}

export interface FragmentBase {
  path: string;
  origin: Origin;
  commit?: CommitInfo;
  lines?: Set<number>;
  blob?: string;
}

/** Decode a whole buffer; null when it is binary. Invalid sequences become U+FFFD; nothing throws. */
export function decodeBuffer(bytes: Uint8Array): string | null {
  const { encoding, bom } = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (encoding === 'binary') return null;
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
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
export async function* chunkedFragments(
  chunks: AsyncIterable<Uint8Array>,
  base: FragmentBase,
  sizes: Partial<ChunkSizes> = {},
): AsyncGenerator<Fragment, 'binary' | 'text'> {
  const C = Math.max(1, sizes.chunkChars ?? CHUNK_CHARS);
  const O = Math.max(0, sizes.overlapChars ?? OVERLAP_CHARS);
  let decoder: TextDecoder | null = null;
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
    decoder = new TextDecoder(encoding);
    pending = decoder.decode(bytes.subarray(bom), { stream: true });
    return true;
  };
  for await (const raw of chunks) {
    if (!decoder) {
      head.push(raw);
      headBytes += raw.length;
      if (headBytes < SNIFF_BYTES) continue;
      if (!start()) return 'binary';
    } else pending += (decoder as TextDecoder).decode(raw, { stream: true });
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
  pending += (decoder as unknown as TextDecoder).decode();
  // The rest; after an exactly full last chunk it may own nothing new.
  if (!emitted || pending.length > lead) yield fragment(pending, true);
  return 'text';
}

/** Why a file was not read: not a regular file (any more), or binary. */
export type FileOutcome = { kind: 'text'; bytes: number } | { kind: 'binary' } | { kind: 'not-a-file' };

// Opening never blocks (a FIFO swapped in after the walk would otherwise wait forever for a writer)
// and never follows a symlink swapped in after the walk. Both are no-ops where the platform lacks them.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Read a file from disk as fragments (whole when small, chunked when large). The open file is checked
 * to be a regular file before a byte is read. `sizes` is for tests.
 */
export async function* fileFragments(abs: string, base: FragmentBase, sizes: Partial<ChunkSizes & { wholeLimit: number }> = {}): AsyncGenerator<Fragment, FileOutcome> {
  const handle = await open(abs, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'not-a-file' };
    if (stat.size <= (sizes.wholeLimit ?? WHOLE_LIMIT)) {
      // Read what the file held when it was opened; a file growing meanwhile does not stretch memory.
      const bytes = Buffer.allocUnsafe(stat.size);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const text = decodeBuffer(bytes.subarray(0, filled));
      if (text === null) return { kind: 'binary' };
      yield { ...base, text, startLine: 1 };
      return { kind: 'text', bytes: filled };
    }
    let bytes = 0;
    const stream = handle.createReadStream({ highWaterMark: READ_BYTES, autoClose: false, start: 0 });
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        yield chunk;
      }
    }
    try {
      const kind = yield* chunkedFragments(counted(), base, sizes);
      return kind === 'binary' ? { kind } : { kind, bytes };
    } finally {
      stream.destroy();
    }
  } finally {
    await handle.close();
  }
}

export function streamFragments(stream: Readable, base: FragmentBase, sizes: Partial<ChunkSizes> = {}): AsyncGenerator<Fragment, 'binary' | 'text'> {
  return chunkedFragments(stream as AsyncIterable<Uint8Array>, base, sizes);
}
