// Many fixed strings searched in one pass over bytes, in time linear in the text (plus the needles):
// which of a scan's secrets a tree still holds. `git grep -F -f -` took 84 s for 2,000 secrets and more
// than ten minutes for 30,000 (its cost grows with needles × text); this grows with needles + text.
//
// Each needle is anchored at one of its k-byte substrings (k = the shortest needle's length, at most 16),
// chosen as the one fewest other needles are anchored at, so keys that share a prefix (`sk-proj-`) land in
// different buckets. The text is hashed k bytes at a time (a rolling hash), a bit table rules out most
// positions, and a bucket's needles are compared byte for byte where their anchor hash occurs.

const BASE = 0x01000193;
/**
 * Up to this many needles, each is looked for on its own with Buffer#indexOf (native, skips ahead):
 * faster than one pass of the rolling hash in JavaScript below about 30 needles (47 MB of rails and git
 * sources: 1 needle 47 ms against 384 ms, 16 needles 162 against 341 ms, 64 needles 603 against 446 ms).
 */
const NATIVE_SEARCH_MAX = 24;
const FILTER_BITS = 20;

interface Anchor {
  needle: number;
  offset: number;
}

export class NeedleSet {
  readonly k: number;
  private readonly needles: Buffer[];
  private readonly buckets = new Map<number, Anchor[]>();
  private readonly filter = new Uint8Array(1 << (FILTER_BITS - 3));
  /** BASE^(k-1) mod 2^32: what the byte leaving the window weighed. */
  private readonly top: number;

  constructor(needles: string[]) {
    this.needles = needles.map((n) => Buffer.from(n, 'utf8'));
    const shortest = this.needles.reduce((m, n) => Math.min(m, n.length), Infinity);
    this.k = Math.max(1, Math.min(16, shortest === Infinity ? 1 : shortest));
    let top = 1;
    for (let i = 1; i < this.k; i++) top = Math.imul(top, BASE);
    this.top = top;
    this.needles.forEach((needle, index) => {
      if (needle.length === 0) return;
      const best = { hash: 0, offset: -1, load: Infinity };
      this.roll(needle, (hash, offset) => {
        const load = this.buckets.get(hash)?.length ?? 0;
        if (load < best.load) Object.assign(best, { hash, offset, load });
        return load === 0; // an empty bucket cannot be beaten
      });
      const { hash, offset } = best;
      const bucket = this.buckets.get(hash);
      if (bucket) bucket.push({ needle: index, offset });
      else this.buckets.set(hash, [{ needle: index, offset }]);
      const bit = hash >>> (32 - FILTER_BITS);
      this.filter[bit >>> 3] |= 1 << (bit & 7);
    });
  }

  get size(): number {
    return this.needles.length;
  }

  /** Call `each(hash, start)` for every k-byte window of `bytes`; stops early when it returns true. */
  private roll(bytes: Buffer, each: (hash: number, start: number) => boolean): void {
    const k = this.k;
    if (bytes.length < k) return;
    let h = 0;
    for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + bytes[i]) | 0;
    if (each(h >>> 0, 0)) return;
    for (let i = k; i < bytes.length; i++) {
      h = (Math.imul(h - Math.imul(bytes[i - k], this.top), BASE) + bytes[i]) | 0;
      if (each(h >>> 0, i - k + 1)) return;
    }
  }

  /** The indices of the needles that occur in `text`. */
  find(text: Buffer): Set<number> {
    const found = new Set<number>();
    if (this.buckets.size === 0) return found;
    if (this.needles.length <= NATIVE_SEARCH_MAX) {
      this.needles.forEach((needle, index) => {
        if (needle.length > 0 && text.indexOf(needle) !== -1) found.add(index);
      });
      return found;
    }
    const filter = this.filter;
    this.roll(text, (hash, start) => {
      const bit = hash >>> (32 - FILTER_BITS);
      if ((filter[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
      const bucket = this.buckets.get(hash);
      if (!bucket) return false;
      for (const { needle, offset } of bucket) {
        if (found.has(needle)) continue;
        const bytes = this.needles[needle];
        const from = start - offset;
        if (from < 0 || from + bytes.length > text.length) continue;
        if (text.compare(bytes, 0, bytes.length, from, from + bytes.length) === 0) found.add(needle);
      }
      return false;
    });
    return found;
  }
}
