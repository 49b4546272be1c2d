// Fake credentials built at run time, so no credential-shaped literal sits in test sources
// (the project's self-scan must stay clean).
import { crc32, toBase62 } from '../../src/engine/checksums.js';

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;

let state = 0x9e3779b9;
/** Deterministic per process unless reseeded; good enough for fakes. */
export function seed(n: number): void {
  state = n >>> 0 || 1;
}
function next(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
}

export function randomString(n: number, charset = B62): string {
  let out = '';
  for (let i = 0; i < n; i++) out += charset[Math.floor(next() * charset.length)];
  return out;
}

const MARKER = ['T3Bl', 'bkFJ'].join('');

export function openaiProjectKey(half = 74): string {
  return `sk-proj-${randomString(half, B64URL)}${MARKER}${randomString(half - 1, B64URL)}A`;
}

export function openaiLegacyKey(): string {
  return `sk-${randomString(20)}${MARKER}${randomString(20)}`;
}

/** A GitHub classic token (ghp_ etc.) or npm_ token with a valid CRC32/base62 checksum. */
export function githubToken(prefix = 'ghp_'): string {
  const payload = randomString(30);
  return `${prefix}${payload}${toBase62(crc32(payload), 6)}`;
}

export function awsKeyId(): string {
  return `AKIA${randomString(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** CRC-16/XMODEM, written here independently of the engine's validator. */
function crc16Xmodem(bytes: number[]): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** A NATS NKey seed with a valid checksum: type U (user), A (account), O (operator), N, C or X. */
export function natsSeed(type: NatsSeedType = 'U'): string {
  return natsSeedOf(
    type,
    Array.from({ length: 32 }, () => Math.floor(next() * 256)),
  );
}

export type NatsSeedType = 'U' | 'A' | 'O' | 'N' | 'C' | 'X';

/** The NATS NKey seed of `type` holding these 32 seed bytes: prefix, bytes, CRC-16 little-endian, base32. */
export function natsSeedOf(type: NatsSeedType, seed: number[]): string {
  const prefix = { U: 20, A: 0, O: 14, N: 13, C: 2, X: 23 }[type] << 3;
  const bytes = [(18 << 3) | (prefix >> 5), (prefix & 31) << 3, ...seed];
  const crc = crc16Xmodem(bytes);
  bytes.push(crc & 0xff, crc >> 8);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Flip one character of a checksummed token so its checksum fails. */
export function corrupt(token: string, at = 10): string {
  const ch = token[at] === 'a' ? 'b' : 'a';
  return token.slice(0, at) + ch + token.slice(at + 1);
}

// ── For suppression and baseline tests ──

/** Every fake handed out through `minted`, so a suite can check that no file it wrote holds one. */
export const MINTED: string[] = [];

/** Remember a fake (see MINTED) and return it. */
export function minted(secret: string): string {
  MINTED.push(secret);
  return secret;
}

/** A quoted-password value that the generic-password rule reports: mixed characters, no placeholder words. */
export function fakePassword(): string {
  return `${randomString(8)}!${randomString(4, '0123456789')}${randomString(6)}`;
}

/**
 * The secrets that `text` holds, whole or as any run of `piece` consecutive characters (so a
 * truncated or partly redacted copy counts too).
 */
export function secretsIn(text: string, secrets: string[] = MINTED, piece = 12): string[] {
  return secrets.filter((s) => {
    if (text.includes(s)) return true;
    for (let i = 0; i + piece <= s.length; i++) if (text.includes(s.slice(i, i + piece))) return true;
    return false;
  });
}

// ── For hostile-input tests ──
import { VALIDATORS } from '../../src/engine/validators.js';

/** An AWS access key id that passes keyscan's structure check (awsKeyId() fails it about one time in eleven). */
export function validAwsKeyId(): string {
  for (;;) {
    const id = awsKeyId();
    if (VALIDATORS['aws-key-id'](id)) return id;
  }
}
