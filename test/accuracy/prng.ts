// A small seeded PRNG (mulberry32) and the helpers the corpus generator draws from.
// Deterministic: the same seed gives the same sequence on every machine.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, to derive sub-seeds from labels. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const B62 = UPPER + LOWER + DIGITS;
export const B64URL = B62 + '-_';
export const B64 = B62 + '+/';
export const HEX = '0123456789abcdef';
export const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const B36 = LOWER + DIGITS;
export const LETTERS = UPPER + LOWER;

export class Rng {
  private readonly gen: () => number;
  constructor(readonly seed: number) {
    this.gen = mulberry32(seed);
  }
  float(): number {
    return this.gen();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.gen() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.gen() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.gen() * items.length)];
  }
  /** Pick with weights: [[item, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.gen() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.gen() * alphabet.length)];
    return out;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.gen() * 256);
    return b;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.gen() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.min(k, items.length));
  }
  /** An independent stream derived from this seed and a label. */
  fork(label: string): Rng {
    return new Rng(hashString(label, this.seed));
  }
  /** A random v4 UUID. */
  uuid(): string {
    const h = this.chars(HEX, 32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(0, 3)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  digits(n: number, noLeadingZero = true): string {
    let s = this.chars(DIGITS, n);
    if (noLeadingZero && s[0] === '0') s = String(this.int(1, 9)) + s.slice(1);
    return s;
  }
}
