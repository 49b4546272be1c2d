// The one-pass multi-string search behind "still in HEAD": the same answer as a naive search, on needles that
// share prefixes, overlap, stand at either end, hold multi-byte characters or are shorter than the anchor.
import { describe, expect, it } from 'vitest';
import { NeedleSet } from '../../src/sources/needles.js';
import { randomString } from '../helpers/fakes.js';

function naive(needles: string[], text: string): Set<number> {
  return new Set(needles.flatMap((n, i) => (n.length > 0 && text.includes(n) ? [i] : [])));
}

describe('NeedleSet', () => {
  it('agrees with a naive search on random needles and texts', () => {
    for (let round = 0; round < 40; round++) {
      const alphabet = round % 2 ? 'ab' : 'abcdé€';
      const needles = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'sk-proj-' : '') + randomString(1 + (i % 20), alphabet));
      const text = randomString(2000, alphabet) + needles[round % needles.length] + randomString(50, alphabet);
      const set = new NeedleSet(needles);
      expect(set.find(Buffer.from(text, 'utf8'))).toEqual(naive(needles, text));
    }
  });

  it('gives the same answer with few needles (searched one by one) as with many (one pass)', () => {
    for (let round = 0; round < 20; round++) {
      const alphabet = round % 2 ? 'ab' : 'abcdé€';
      const needles = Array.from({ length: 1 + (round % 24) }, (_, i) => (i % 3 === 0 ? 'sk-proj-' : '') + randomString(1 + (i % 20), alphabet));
      const text = randomString(2000, alphabet) + needles[round % needles.length] + randomString(50, alphabet);
      expect(new NeedleSet(needles).find(Buffer.from(text, 'utf8'))).toEqual(naive(needles, text));
      // The same needles among 40 more that are absent: the one-pass search finds the same ones.
      const absent = Array.from({ length: 40 }, (_, i) => `absent-${i}-${randomString(20, 'xyz')}`);
      expect(new NeedleSet([...needles, ...absent]).find(Buffer.from(text, 'utf8'))).toEqual(naive(needles, text));
    }
  });

  it('finds keys that share a long prefix, at the very start and end of the text', () => {
    const keys = Array.from({ length: 500 }, () => `sk-proj-${'A'.repeat(30)}${randomString(40)}`);
    const text = `${keys[0]}\n${keys.slice(1, 499).join('\n')}\n${keys[499]}`;
    expect(new NeedleSet(keys).find(Buffer.from(text)).size).toBe(500);
    expect(new NeedleSet([...keys, 'absent-key-0123456789']).find(Buffer.from(text)).has(500)).toBe(false);
  });
});
