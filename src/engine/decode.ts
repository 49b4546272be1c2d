// Find encoded text inside a fragment and decode it: base64 (standard and URL-safe), hex,
// percent-encoding, JSON/JS string escapes, and Kubernetes Secret `data:` values by structure.
// Pure and synchronous. Each decoded piece says where its encoded text stands in the original, so a
// secret found inside it is reported at the encoded text's own place (see engine/deep-scan.ts).

import { kubernetesSecretValues } from './kubernetes-secret.js';

/** One decoded piece of a text. */
export interface Decoded {
  /** The decoded text, scanned again as a fragment of its own. */
  text: string;
  /** base64 · hex · percent · escapes · base64 (kubernetes Secret) */
  encoding: string;
  /** Offsets of the encoded text in the original. */
  start: number;
  end: number;
  /** For decodings that keep the text's shape (percent, escapes): the original offset of each decoded character. */
  map?: Int32Array;
}

export interface DecodeLimits {
  /** Decoded characters produced for one text, at most. */
  maxChars: number;
  /** Encoded runs tried for one text, at most (a run is tried when its first bytes decode to text). */
  maxTries: number;
  /** Only encoded text that starts in [from, to) (chunks own part of their text). */
  from?: number;
  to?: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxChars: 1 << 20, maxTries: 20000 };

/** Shortest base64 run worth decoding (15 bytes): shorter runs are mostly identifiers. */
export const MIN_BASE64 = 20;
/** Shortest hex run worth decoding (16 bytes). */
export const MIN_HEX = 32;

// Character classes: 1 base64 (either alphabet), 2 also hex digit.
const B64 = new Uint8Array(128);
const VAL = new Int8Array(128).fill(-1);
{
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alpha.length; i++) {
    B64[alpha.charCodeAt(i)] = 1;
    VAL[alpha.charCodeAt(i)] = i;
  }
  for (const c of '0123456789abcdefABCDEF') B64[c.charCodeAt(0)] = 2;
  B64['+'.charCodeAt(0)] = B64['/'.charCodeAt(0)] = B64['-'.charCodeAt(0)] = B64['_'.charCodeAt(0)] = 1;
  VAL['+'.charCodeAt(0)] = VAL['-'.charCodeAt(0)] = 62;
  VAL['/'.charCodeAt(0)] = VAL['_'.charCodeAt(0)] = 63;
}

/** Is this byte text (printable ASCII, tab, newline, or part of UTF-8)? */
function textByte(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13 || b >= 0xc2;
}

/** Decode base64 (either alphabet, padding optional) into bytes; null when it is not base64. */
export function base64Bytes(s: string, start: number, end: number, out?: Uint8Array): Uint8Array | null {
  let n = end - start;
  while (n > 0 && s.charCodeAt(start + n - 1) === 61) n--;
  if (n % 4 === 1) return null;
  const bytes = out ?? new Uint8Array(Math.floor((n * 3) / 4));
  let acc = 0;
  let bits = 0;
  let k = 0;
  for (let i = start; i < start + n; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? VAL[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (k < bytes.length) bytes[k] = (acc >> bits) & 0xff;
      k++;
    }
  }
  return out ? bytes : bytes.subarray(0, k);
}

const PROBE = new Uint8Array(6);

/** Bytes that read as text: at most 1 in 20 not. */
function mostlyText(bytes: Uint8Array): boolean {
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) if (!textByte(bytes[i])) bad++;
  return bad * 20 <= bytes.length;
}

/** UTF-8 decode, refusing text with replacement characters or control characters. */
function asText(bytes: Uint8Array): string | null {
  if (!mostlyText(bytes)) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad * 20 <= text.length ? text : null;
}

/** Value of each ASCII hex digit, -1 for other characters. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** The value of the `digits` hex digits at `at`, or -1 where one is not a hex digit (or the text ends). */
function hexAt(text: string, at: number, digits: number): number {
  if (at + digits > text.length) return -1;
  let v = 0;
  for (let k = 0; k < digits; k++) {
    const c = text.charCodeAt(at + k);
    const h = c < 128 ? HEX[c] : -1;
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

function hexBytes(s: string, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array((end - start) >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = hexAt(s, start + 2 * i, 2);
  return bytes;
}

/** Code units to a string, in slices (an argument list has a limit), lone surrogates kept as they are. */
function fromCodes(codes: Uint16Array, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return out;
}

class Budget {
  chars = 0;
  tries = 0;
  constructor(readonly limits: DecodeLimits) {}
  get spent(): boolean {
    return this.chars >= this.limits.maxChars || this.tries >= this.limits.maxTries;
  }
  owns(at: number): boolean {
    return at >= (this.limits.from ?? 0) && at < (this.limits.to ?? Infinity);
  }
  take(d: Decoded, out: Decoded[]): void {
    if (this.chars + d.text.length > this.limits.maxChars) return;
    this.chars += d.text.length;
    out.push(d);
  }
}

/** A JWT segment (`eyJ…` before or after a `.`) is decoded by the JWT rules, not here. */
function jwtSegment(text: string, start: number, end: number): boolean {
  return (text.startsWith('eyJ', start) && text.charCodeAt(end) === 46) || (text.charCodeAt(start - 1) === 46 && text.startsWith('eyJ', start));
}

/** Is the code unit a base64 character (either alphabet)? */
function isB64(c: number): boolean {
  return c < 128 && B64[c] !== 0;
}

/** Half the shortest run, rounded down: nextRun's first test of a sample. */
const HALF_RUN = MIN_BASE64 >> 1;

/** Where the run found by nextRun ends (exclusive): its second result, kept here to return two numbers. */
let runEnd = 0;

/**
 * The start of the next run of base64 characters at least MIN_BASE64 long that covers a sample position at or
 * after `p` (samples every MIN_BASE64 characters: a run that long always covers one), or -1. Sets runEnd.
 * The hot loop of decoding, kept small and apart so it compiles fast and once.
 */
function nextRun(text: string, p: number): number {
  const n = text.length;
  while (p < n) {
    if (!isB64(text.charCodeAt(p))) {
      p += MIN_BASE64;
      continue;
    }
    // A run of MIN_BASE64 holding p holds p - HALF_RUN or p + HALF_RUN: with neither, p's run is short (most
    // words of code), and a long run starting past p + HALF_RUN covers p + HALF_RUN + MIN_BASE64.
    if ((p + HALF_RUN >= n || !isB64(text.charCodeAt(p + HALF_RUN))) && (p < HALF_RUN || !isB64(text.charCodeAt(p - HALF_RUN)))) {
      p += HALF_RUN + MIN_BASE64;
      continue;
    }
    let start = p;
    while (start > 0 && isB64(text.charCodeAt(start - 1))) start--;
    let i = p + 1;
    while (i < n && isB64(text.charCodeAt(i))) i++;
    if (i - start >= MIN_BASE64) {
      runEnd = i;
      return start;
    }
    p = i + MIN_BASE64;
  }
  return -1;
}

/** Decode one run of base64 / hex characters [start, i) if its first bytes already read as text. */
function tryRun(text: string, start: number, i: number, budget: Budget, out: Decoded[]): void {
  const n = text.length;
  let end = i;
  while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
  let hex = true;
  for (let k = start; k < i && hex; k++) hex = B64[text.charCodeAt(k)] === 2;
  if (hex && i - start >= MIN_HEX && (i - start) % 2 === 0) {
    if (!textByte(hexAt(text, start, 2)) || !textByte(hexAt(text, start + 2, 2))) return;
    budget.tries++;
    const decoded = asText(hexBytes(text, start, i));
    if (decoded) budget.take({ text: decoded, encoding: 'hex', start, end: i }, out);
    return;
  }
  if (jwtSegment(text, start, end)) return;
  // Cheap probe: the first 8 characters (6 bytes) must already read as text.
  if (!base64Bytes(text, start, start + 8, PROBE) || !PROBE.every(textByte)) return;
  budget.tries++;
  const bytes = base64Bytes(text, start, end);
  const decoded = bytes && bytes.length >= 12 ? asText(bytes) : null;
  if (decoded) budget.take({ text: decoded, encoding: 'base64', start, end }, out);
}

/**
 * Runs of base64 / hex characters: decode the ones whose first bytes already read as text.
 * Every run of MIN_BASE64 or more characters covers a multiple of MIN_BASE64 past the previous run,
 * so only those sample positions are looked at and grown both ways: a text of short words costs
 * about one character in ten, not every character.
 */
function encodedRuns(text: string, budget: Budget, skip: [number, number][], out: Decoded[]): void {
  let p = MIN_BASE64 - 1;
  while (!budget.spent) {
    const start = nextRun(text, p);
    if (start === -1) return;
    const i = runEnd;
    p = i + MIN_BASE64;
    if (!budget.owns(start) || skip.some(([a, b]) => start >= a && start < b)) continue;
    tryRun(text, start, i, budget, out);
  }
}

/** URL_STOP as a test on one code unit: white space (as `\s`), quotes, angle brackets, backtick. */
function urlStop(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 127) return c === 34 || c === 39 || c === 60 || c === 62 || c === 96;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const UTF8 = new TextDecoder();

/** Decode %XX escapes in runs of URL characters; the map keeps each decoded character's place. */
function percentRuns(text: string, budget: Budget, out: Decoded[]): void {
  const n = text.length;
  let from = 0;
  for (let at = text.indexOf('%'); at !== -1 && !budget.spent; at = text.indexOf('%', from)) {
    if (hexAt(text, at + 1, 2) < 0) {
      from = at + 1;
      continue;
    }
    let start = at;
    while (start > 0 && !urlStop(text.charCodeAt(start - 1))) start--;
    let to = at + 3;
    while (to < n && !urlStop(text.charCodeAt(to))) to++;
    from = to;
    if (to - start < 16 || !budget.owns(start)) continue;
    budget.tries++;
    const piece = percentDecode(text, start, to);
    if (piece) budget.take(piece, out);
  }
}

/** One run of URL characters with its %XX escapes decoded (UTF-8 sequences to one character each), or null if one does not decode. */
function percentDecode(text: string, from: number, to: number): Decoded | null {
  const codes = new Uint16Array(to - from);
  const map = new Int32Array(to - from);
  let n = 0;
  const bytes = new Uint8Array(to - from);
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 37 && hexAt(text, i + 1, 2) >= 0 && i + 3 <= to) {
      // Multi-byte UTF-8 sequences decode to one character.
      let j = i;
      let k = 0;
      while (j + 3 <= to && text.charCodeAt(j) === 37 && hexAt(text, j + 1, 2) >= 0) {
        bytes[k++] = hexAt(text, j + 1, 2);
        j += 3;
        if (bytes[k - 1] < 0x80) break;
      }
      const decoded = UTF8.decode(bytes.subarray(0, k));
      for (let d = 0; d < decoded.length; d++) {
        const c = decoded.charCodeAt(d);
        if (c === 0xfffd) return null;
        codes[n] = c;
        map[n++] = i;
      }
      i = j - 1;
    } else {
      codes[n] = text.charCodeAt(i);
      map[n++] = i;
    }
  }
  for (let d = 0; d < n; d++) if (codes[d] === 0xfffd) return null;
  return { text: fromCodes(codes, n), encoding: 'percent', start: from, end: to, map: map.slice(0, n) };
}

/** What each simple escape (`\\n`, `\\"`, …) stands for, by the code of the character after the backslash; -1: none. */
const SIMPLE_ESCAPES = new Int32Array(128).fill(-1);
for (const [ch, to] of [['n', 10], ['r', 13], ['t', 9], ['"', 34], ["'", 39], ['\\', 92], ['/', 47], ['b', 8], ['f', 12], ['0', 0]] as const) {
  SIMPLE_ESCAPES[ch.charCodeAt(0)] = to;
}

/** The line [from, to) with its \uXXXX, \xNN and simple escapes decoded; the map keeps each character's place. */
function unescapeLine(text: string, from: number, to: number): Decoded {
  const codes = new Uint16Array(to - from);
  const map = new Int32Array(to - from);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      const v = next === 117 ? hexAt(text, i + 2, 4) : next === 120 ? hexAt(text, i + 2, 2) : -1;
      if (v >= 0) {
        codes[n] = v;
        map[n++] = i;
        i += next === 117 ? 5 : 3;
        continue;
      }
      const simple = next < 128 ? SIMPLE_ESCAPES[next] : -1;
      if (simple >= 0) {
        codes[n] = simple;
        map[n++] = i;
        i++;
        continue;
      }
    }
    codes[n] = c;
    map[n++] = i;
  }
  return { text: fromCodes(codes, n), encoding: 'escapes', start: from, end: to, map: map.slice(0, n) };
}

/** Does the backslash at `at` start a \uXXXX, \xNN or \" escape? */
function escapeAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at + 1);
  return c === 34 || (c === 117 && hexAt(text, at + 2, 4) >= 0) || (c === 120 && hexAt(text, at + 2, 2) >= 0);
}

/**
 * Lines with \uXXXX, \xNN or \" escapes (JSON in a string, escaped tokens): the line, unescaped. Backslashes
 * are found with indexOf: a regex for the three escapes tried every position of every text (~20 ms on
 * git's sources, where C strings are full of backslashes).
 */
function escapedLines(text: string, budget: Budget, out: Decoded[]): void {
  let from = 0;
  for (let at = text.indexOf('\\'); at !== -1 && !budget.spent; at = text.indexOf('\\', from)) {
    if (!escapeAt(text, at)) {
      from = at + 1;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', at) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    from = lineEnd;
    if (lineEnd - lineStart > 65536 || !budget.owns(lineStart)) continue;
    budget.tries++;
    budget.take(unescapeLine(text, lineStart, lineEnd), out);
  }
}

/**
 * Kubernetes Secret manifests: every value of a `data:` map is base64, whatever its length. Each
 * decodes to `kubernetes Secret data NAME: value`, which the kubernetes-secret-data rule reads.
 */
function kubernetesSecretData(text: string, budget: Budget, out: Decoded[], spans: [number, number][]): void {
  for (const { key, value, start } of kubernetesSecretValues(text)) {
    if (budget.spent) return;
    if (value.length < 4 || !budget.owns(start)) continue;
    budget.tries++;
    const bytes = base64Bytes(value, 0, value.length);
    const decoded = bytes && bytes.length > 0 ? asText(bytes) : null;
    if (!decoded) continue;
    spans.push([start, start + value.length]);
    budget.take({ text: `kubernetes Secret data ${key}: ${decoded}`, encoding: 'base64', start, end: start + value.length }, out);
  }
}

/** Every decodable piece of `text`, within the limits. */
export function decodeText(text: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Decoded[] {
  const budget = new Budget(limits);
  const out: Decoded[] = [];
  const structural: [number, number][] = [];
  kubernetesSecretData(text, budget, out, structural);
  encodedRuns(text, budget, structural, out);
  percentRuns(text, budget, out);
  if (text.includes('\\')) escapedLines(text, budget, out);
  return out;
}
