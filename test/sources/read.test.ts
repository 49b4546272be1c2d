import { Readable } from 'node:stream';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tally } from '../../src/sources/tally.js';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { CHUNK_CHARS, chunkedFragments, decodeBuffer, fileFragments, smallFileText, sniff } from '../../src/sources/read.js';
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

describe('a small file read without generators (smallFileText)', () => {
  it('gives what fileFragments gives: the same text, binary, or leaves archives, folders and empty files to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscan-small-'));
    try {
      const contents: Record<string, Buffer> = {
        'plain.txt': Buffer.from('key = "value"\nsecond line ü\n'),
        'bom.txt': Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x0a]),
        'utf16.txt': Buffer.from([0xff, 0xfe, 0x41, 0, 0x42, 0]),
        'bomless16.txt': Buffer.from('pass=word'.split('').flatMap((c) => [c.charCodeAt(0), 0])),
        'binary.bin': Buffer.from([0x41, 0, 0x42, 1, 2, 3, 0, 0, 0xff]),
        'invalid.txt': Buffer.from([0xc3, 0x28, 0xa0, 0x0a, 0x41]),
        'zip.zip': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
        'gzip.gz': gzipSync(Buffer.from('token = "x"\n')),
        'empty.txt': Buffer.alloc(0),
      };
      for (const [name, bytes] of Object.entries(contents)) writeFileSync(join(dir, name), bytes);
      mkdirSync(join(dir, 'folder'));
      const seen: string[] = [];
      for (const name of [...Object.keys(contents), 'folder', 'missing']) {
        const abs = join(dir, name);
        const small = smallFileText(abs);
        if (small === null) {
          seen.push(`${name}: left`);
          continue;
        }
        const texts: string[] = [];
        const gen = fileFragments(abs, { path: name, origin: 'file' }, {}, { tally: new Tally() });
        let step = await gen.next();
        for (; !step.done; step = await gen.next()) texts.push(step.value.text);
        if (small === 'binary') expect(step.value.kind, name).toBe('binary');
        else {
          expect(step.value, name).toEqual({ kind: 'text', bytes: small.bytes });
          expect(texts, name).toEqual([small.text]);
        }
        seen.push(`${name}: ${small === 'binary' ? 'binary' : 'text'}`);
      }
      expect(seen).toEqual([
        'plain.txt: text',
        'bom.txt: text',
        'utf16.txt: text',
        'bomless16.txt: text',
        'binary.bin: binary',
        'invalid.txt: text',
        'zip.zip: left',
        'gzip.gz: left',
        'empty.txt: left',
        'folder: left',
        'missing: left',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
