// The reports group thousands themselves (ICU's number formatting costs ~17 ms to set up on first use):
// the same text as toLocaleString('en-US'), for every number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, plural } from '../../src/reporters/words.js';

describe('count', () => {
  it('writes a number as toLocaleString("en-US") does', () => {
    for (const n of [0, 1, 9, 10, 999, 1000, 1001, 12345, 999999, 1000000, 1234567, -1, -1000, -1234567, Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, 1234.5678, NaN, Infinity, -0]) {
      expect([n, count(n)]).toEqual([n, n.toLocaleString('en-US')]);
    }
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double()), (n) => count(n) === n.toLocaleString('en-US')));
  });

  it('names one thing or many', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(4285, 'file')).toBe('4,285 files');
  });
});
