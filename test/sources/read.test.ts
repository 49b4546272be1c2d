import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { CHUNK_CHARS, chunkedFragments, decodeBuffer, sniff } from '../../src/sources/read.js';
import type { Fragment } from '../../src/types.js';
import { openaiProjectKey } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();

async function collect(text: string, pieceSize: number): Promise<Fragment[]> {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  const out: Fragment[] = [];
  for await (const f of chunkedFragments(Readable.from(pieces), { path: 'x.txt', origin: 'file' })) out.push(f);
  return out;
}

describe('reading', () => {
  it('sniffs binary content and BOMs', () => {
    expect(sniff(Buffer.from([0x41, 0, 0x42])).encoding).toBe('binary');
    expect(sniff(Buffer.from([0xff, 0xfe, 0x41, 0])).encoding).toBe('utf-16le');
    expect(sniff(Buffer.from([0xfe, 0xff, 0, 0x41])).encoding).toBe('utf-16be');
    expect(decodeBuffer(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
  });

  it('tolerates invalid UTF-8 beside a key', () => {
    const key = openaiProjectKey();
    const text = decodeBuffer(Buffer.concat([Buffer.from([0xc3, 0x28, 0xa0, 0x0a]), Buffer.from(`k=${key}\n`)]))!;
    const [m] = scanFragment({ text, path: 'x', startLine: 1, origin: 'file' }, ruleSet);
    expect(m.secret).toBe(key);
    expect(m.line).toBe(2);
  });

  it('finds the same secrets, lines and columns whole or chunked, whatever the cut', async () => {
    const key = openaiProjectKey();
    const line = 'ordinary text that is not a secret at all, just filler\n';
    const before = line.repeat(Math.ceil(CHUNK_CHARS / line.length) - 1);
    // Put keys right across the first chunk's end and in its overlap.
    const text = `${before}k1=${key}\n${'x'.repeat(70)}\nk2=${key}\n${line.repeat(10)}k3=${key}\n${line.repeat(3000)}k4=${key}\n`;
    const whole = scanFragment({ text, path: 'x.txt', startLine: 1, origin: 'file' }, ruleSet).map((m) => `${m.line}:${m.column}`);
    for (const piece of [65536, 1_000_003]) {
      const frags = await collect(text, piece);
      expect(frags.length).toBeGreaterThan(1);
      const chunked = frags.flatMap((f) => scanFragment(f, ruleSet)).map((m) => `${m.line}:${m.column}`);
      expect(chunked).toEqual(whole);
    }
    expect(whole).toHaveLength(4);
  });
});
