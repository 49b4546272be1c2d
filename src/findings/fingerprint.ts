import { createHash } from 'node:crypto';

function hash(parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(`${part.length}:${part}`);
  return h.digest('hex');
}

/** Same rule + secret + file → same value on every run and machine. No line, no commit. */
export function fingerprint(rule: string, secret: string, file: string): string {
  return hash(['keyscan/v1', rule, secret, file]).slice(0, 32);
}

/** Identifies a secret (across files and rules) without holding it. */
export function secretHash(secret: string): string {
  return hash(['keyscan/secret', secret]).slice(0, 16);
}
