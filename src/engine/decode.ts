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

function hexBytes(s: string, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array((end - start) >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(s.slice(start + 2 * i, start + 2 * i + 2), 16);
  return bytes;
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

const isB64 = (c: number) => c < 128 && B64[c] !== 0;

/**
 * Runs of base64 / hex characters: decode the ones whose first bytes already read as text.
 * Every run of MIN_BASE64 or more characters covers a multiple of MIN_BASE64 past the previous run,
 * so only those sample positions are looked at and grown both ways: a text of short words costs
 * about one character in ten, not every character.
 */
function encodedRuns(text: string, budget: Budget, skip: [number, number][], out: Decoded[]): void {
  const n = text.length;
  let p = MIN_BASE64 - 1;
  while (p < n && !budget.spent) {
    if (!isB64(text.charCodeAt(p))) {
      p += MIN_BASE64;
      continue;
    }
    let start = p;
    while (start > 0 && isB64(text.charCodeAt(start - 1))) start--;
    let i = p + 1;
    while (i < n && isB64(text.charCodeAt(i))) i++;
    p = i + MIN_BASE64;
    if (i - start < MIN_BASE64 || !budget.owns(start) || skip.some(([a, b]) => start >= a && start < b)) continue;
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
    let hex = true;
    for (let k = start; k < i && hex; k++) hex = B64[text.charCodeAt(k)] === 2;
    if (hex && i - start >= MIN_HEX && (i - start) % 2 === 0) {
      if (!textByte(parseInt(text.slice(start, start + 2), 16)) || !textByte(parseInt(text.slice(start + 2, start + 4), 16))) continue;
      budget.tries++;
      const decoded = asText(hexBytes(text, start, i));
      if (decoded) budget.take({ text: decoded, encoding: 'hex', start, end: i }, out);
      continue;
    }
    if (jwtSegment(text, start, end)) continue;
    // Cheap probe: the first 8 characters (6 bytes) must already read as text.
    if (!base64Bytes(text, start, start + 8, PROBE) || !PROBE.every(textByte)) continue;
    budget.tries++;
    const bytes = base64Bytes(text, start, end);
    const decoded = bytes && bytes.length >= 12 ? asText(bytes) : null;
    if (decoded) budget.take({ text: decoded, encoding: 'base64', start, end }, out);
  }
}

const URL_STOP = /[\s"'<>`]/;

/** Decode %XX escapes in runs of URL characters; the map keeps each decoded character's place. */
function percentRuns(text: string, budget: Budget, out: Decoded[]): void {
  const escape = /%[0-9A-Fa-f]{2}/g;
  let e: RegExpExecArray | null;
  while ((e = escape.exec(text)) !== null && !budget.spent) {
    let from = e.index;
    while (from > 0 && !URL_STOP.test(text[from - 1])) from--;
    let to = e.index + 3;
    while (to < text.length && !URL_STOP.test(text[to])) to++;
    escape.lastIndex = to;
    const run = text.slice(from, to);
    if (run.length < 16 || !budget.owns(from)) continue;
    budget.tries++;
    const chars: string[] = [];
    const map: number[] = [];
    for (let i = 0; i < run.length; i++) {
      if (run[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(run.slice(i + 1, i + 3))) {
        // Multi-byte UTF-8 sequences decode to one character.
        let j = i;
        const bytes: number[] = [];
        while (run[j] === '%' && /^[0-9A-Fa-f]{2}$/.test(run.slice(j + 1, j + 3))) {
          bytes.push(parseInt(run.slice(j + 1, j + 3), 16));
          j += 3;
          if (bytes[bytes.length - 1] < 0x80) break;
        }
        for (const ch of new TextDecoder().decode(new Uint8Array(bytes))) {
          chars.push(ch);
          map.push(from + i);
        }
        i = j - 1;
      } else {
        chars.push(run[i]);
        map.push(from + i);
      }
    }
    const decoded = chars.join('');
    if (decoded.includes('\ufffd')) continue;
    budget.take({ text: decoded, encoding: 'percent', start: from, end: to, map: Int32Array.from(map) }, out);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', '0': '\0' };

/** Lines with \uXXXX, \xNN or \" escapes (JSON in a string, escaped tokens): the line, unescaped. */
function escapedLines(text: string, budget: Budget, out: Decoded[]): void {
  const trigger = /\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|")/g;
  let m: RegExpExecArray | null;
  while ((m = trigger.exec(text)) !== null && !budget.spent) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    let lineEnd = text.indexOf('\n', m.index);
    if (lineEnd === -1) lineEnd = text.length;
    trigger.lastIndex = lineEnd;
    if (lineEnd - lineStart > 65536 || !budget.owns(lineStart)) continue;
    budget.tries++;
    const chars: string[] = [];
    const map: number[] = [];
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text[i];
      if (c === '\\' && i + 1 < lineEnd) {
        const next = text[i + 1];
        const u = next === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6));
        const x = next === 'x' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 2, i + 4));
        if (u || x) {
          chars.push(String.fromCharCode(parseInt(text.slice(i + 2, i + (u ? 6 : 4)), 16)));
          map.push(i);
          i += u ? 5 : 3;
          continue;
        }
        if (next in SIMPLE_ESCAPES) {
          chars.push(SIMPLE_ESCAPES[next]);
          map.push(i);
          i++;
          continue;
        }
      }
      chars.push(c);
      map.push(i);
    }
    budget.take({ text: chars.join(''), encoding: 'escapes', start: lineStart, end: lineEnd, map: Int32Array.from(map) }, out);
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
