import { describe, expect, it } from 'vitest';
import { automatonFor, buildAutomaton, deserializeAutomaton, findKeywords, seedAutomaton, serializeAutomaton } from '../../src/engine/keywords.js';

/** Every occurrence of every keyword, case-insensitively, by a plain search: [id, start] sorted by end, then id order. */
function naive(text: string, keywords: string[]): [number, number][] {
  const lower = text.toLowerCase();
  const out: [number, number, number][] = [];
  keywords.forEach((k, id) => {
    for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) out.push([id, at, at + k.length]);
  });
  return out.sort((x, y) => x[2] - y[2] || y[2] - y[1] - (x[2] - x[1]) || x[0] - y[0]).map(([id, at]) => [id, at]);
}

function found(text: string, keywords: string[]): [number, number][] {
  const a = buildAutomaton(keywords);
  const out: [number, number][] = [];
  findKeywords(text, a, (id, at) => out.push([id, at]));
  return out;
}

describe('keyword automaton', () => {
  it('finds nested and overlapping keywords at their own offsets, in any case', () => {
    const keywords = ['sk-', 'sk-ant-api', 'ant', 'pass', 'password', 'asswo', 'key'];
    const text = 'SK-ANT-API03 pAsSwOrD=1 monkey sk-sk-'; // keyscan:allow (no credential: keyword soup)
    const got = found(text, keywords);
    const sortKey = (l: [number, number][]) => [...l].sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    expect(sortKey(got)).toEqual(sortKey(naive(text, keywords)));
    expect(got.length).toBe(9);
  });

  it('agrees with a plain search on random text over a small alphabet (every state and output is reached)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const alphabet = 'abAB-_ \n';
    for (let round = 0; round < 50; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + rnd(12) }, () => Array.from({ length: 3 + rnd(4) }, () => 'ab-_'[rnd(4)]).join('')))];
      const text = Array.from({ length: 400 }, () => alphabet[rnd(alphabet.length)]).join('');
      const sortKey = (l: [number, number][]) => [...l].sort((x, y) => x[1] - y[1] || x[0] - y[0]);
      expect(sortKey(found(text, keywords)), keywords.join(',')).toEqual(sortKey(naive(text, keywords)));
    }
  });

  it('never matches a non-ASCII character to an ASCII keyword character', () => {
    expect(found('ṗass pass', ['pass'])).toEqual([[0, 5]]);
  });

  it('reads back from bytes as the same automaton (the build stores the built-in one), and refuses damaged bytes', () => {
    const keywords = ['sk-', 'sk-ant-api', 'ant', 'pass', 'password', 'asswo', 'key', 'ṗass'];
    const a = buildAutomaton(keywords);
    const bytes = serializeAutomaton(a);
    const b = deserializeAutomaton(Buffer.from(bytes))!;
    expect(b).not.toBeNull();
    const text = 'SK-ANT-API03 pAsSwOrD=1 monkey sk-sk- ṗass'; // keyscan:allow (no credential: keyword soup)
    const hits = (x: typeof a) => {
      const out: [number, number][] = [];
      findKeywords(text, x, (id, at) => out.push([id, at]));
      return out;
    };
    expect(hits(b)).toEqual(hits(a));
    expect(hits(b).length).toBe(10);
    expect(deserializeAutomaton(bytes.subarray(0, bytes.length - 4))).toBeNull();
    expect(deserializeAutomaton(new TextEncoder().encode('KSA2 nothing'))).toBeNull();
    const broken = Uint8Array.from(bytes);
    broken[9] ^= 0xff;
    expect(deserializeAutomaton(broken)).toBeNull();
  });

  it('is seeded into a rule set only for exactly its keywords, in order', () => {
    const a = buildAutomaton(['pass', 'key']);
    const other = ['key', 'pass'];
    expect(seedAutomaton(other, a)).toBe(false);
    expect(automatonFor(other)).not.toBe(a);
    const same = ['pass', 'key'];
    expect(seedAutomaton(same, a)).toBe(true);
    expect(automatonFor(same)).toBe(a);
  });

  it('past 32k states uses 32-bit rows and still agrees with a plain search (and reads back from bytes)', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const keywords = [...new Set(Array.from({ length: 8000 }, () => Array.from({ length: 10 }, () => 'abcdefghijklmnop'[rnd(16)]).join('')))];
    const a = buildAutomaton(keywords);
    expect(a.delta).toBeInstanceOf(Uint32Array);
    const text = Array.from({ length: 20000 }, () => 'abcdefghijklmnop '[rnd(17)]).join('');
    const sortKey = (l: [number, number][]) => [...l].sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    expect(sortKey(found(text, keywords))).toEqual(sortKey(naive(text, keywords)));
    const b = deserializeAutomaton(serializeAutomaton(a))!;
    const again: [number, number][] = [];
    findKeywords(text, b, (id, at) => again.push([id, at]));
    expect(sortKey(again)).toEqual(sortKey(naive(text, keywords)));
    expect(buildAutomaton(['pass', 'key']).delta).toBeInstanceOf(Uint16Array);
  });
});
