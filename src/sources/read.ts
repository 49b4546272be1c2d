// Turn bytes into fragments: sniff binary content, decode UTF-8/UTF-16 (tolerating bad bytes) and
// cut large inputs into overlapping chunks so memory stays bounded whatever the size.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { CommitInfo, Fragment, Origin } from '../types.js';

/** Inputs larger than this are read in chunks. */
export const WHOLE_LIMIT = 8 * 1024 * 1024;
/** Characters per chunk (before the overlap). */
export const CHUNK_CHARS = 4 * 1024 * 1024;
/** Characters shared by consecutive chunks: longer than any secret we match. */
export const OVERLAP_CHARS = 64 * 1024;
const SNIFF_BYTES = 8000;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding of a text by its BOM, or 'binary' when it holds NUL bytes without one. */
export function sniff(head: Uint8Array): { encoding: Encoding | 'binary'; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (head[i] === 0) return { encoding: 'binary', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface FragmentBase {
  path: string;
  origin: Origin;
  commit?: CommitInfo;
  lines?: Set<number>;
}

/** Decode a whole buffer; null when it is binary. */
export function decodeBuffer(bytes: Uint8Array): string | null {
  const { encoding, bom } = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (encoding === 'binary') return null;
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
}

/**
 * Fragments from a stream of bytes, in chunks of CHUNK_CHARS with OVERLAP_CHARS shared between
 * neighbours; each chunk owns the matches that start before its last OVERLAP_CHARS.
 * Yields nothing and returns 'binary' for binary content.
 */
export async function* chunkedFragments(
  chunks: AsyncIterable<Uint8Array>,
  base: FragmentBase,
): AsyncGenerator<Fragment, 'binary' | 'text'> {
  let decoder: TextDecoder | null = null;
  let pending = '';
  let startLine = 1;
  for await (const raw of chunks) {
    let bytes = raw;
    if (!decoder) {
      const { encoding, bom } = sniff(bytes.subarray(0, SNIFF_BYTES));
      if (encoding === 'binary') return 'binary';
      decoder = new TextDecoder(encoding);
      bytes = bytes.subarray(bom);
    }
    pending += decoder.decode(bytes, { stream: true });
    while (pending.length >= CHUNK_CHARS + OVERLAP_CHARS) {
      const text = pending.slice(0, CHUNK_CHARS + OVERLAP_CHARS);
      yield { ...base, text, startLine, ownTo: CHUNK_CHARS };
      startLine += countNewlines(text, CHUNK_CHARS);
      pending = pending.slice(CHUNK_CHARS);
    }
  }
  if (!decoder) return 'text';
  pending += decoder.decode();
  if (pending.length > 0 || startLine === 1) yield { ...base, text: pending, startLine };
  return 'text';
}

/** Read a file from disk as fragments (whole when small, chunked when large). */
export async function* fileFragments(abs: string, base: FragmentBase, size: number): AsyncGenerator<Fragment, 'binary' | 'text'> {
  const handle = await open(abs, 'r');
  try {
    if (size <= WHOLE_LIMIT) {
      const bytes = await handle.readFile();
      const text = decodeBuffer(bytes);
      if (text === null) return 'binary';
      yield { ...base, text, startLine: 1 };
      return 'text';
    }
    const stream = handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false });
    return yield* chunkedFragments(stream, base);
  } finally {
    await handle.close();
  }
}

export function streamFragments(stream: Readable, base: FragmentBase): AsyncGenerator<Fragment, 'binary' | 'text'> {
  return chunkedFragments(stream as AsyncIterable<Uint8Array>, base);
}
