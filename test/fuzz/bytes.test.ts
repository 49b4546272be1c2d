// Random bytes never throw, and the chunked reader is the whole decoder cut into owned pieces.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { chunkedFragments, decodeBuffer } from '../../src/sources/read.js';
import type { Fragment } from '../../src/types.js';

const ruleSet = builtinRuleSet();

const BOMS = [[], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]];
/** Random bytes, often behind a BOM, often with text-like runs and keyword prefixes mixed in. */
const bytes = fc
  .tuple(
    fc.constantFrom(...BOMS),
    fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom('sk-proj-', 'ghp_', 'AKIA', 'password=', '-----BEGIN RSA PRIVATE KEY-----\n', '\r\n', '\n', 'keyscan:allow', '\u00e9\u65e5').map((s) => new Uint8Array(Buffer.from(s))),
        fc.string({ maxLength: 40 }).map((s) => new Uint8Array(Buffer.from(s))),
      ),
      { maxLength: 60 },
    ),
  )
  .map(([bom, parts]) => Buffer.concat([Buffer.from(bom), ...parts.map((p) => Buffer.from(p))]));

async function fragments(input: Buffer, piece: number, chunkChars: number, overlapChars: number): Promise<{ frags: Fragment[]; kind: string }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += piece) pieces.push(input.subarray(i, i + piece));
  const gen = chunkedFragments(Readable.from(pieces), { path: 'fuzz.bin', origin: 'file' }, { chunkChars, overlapChars });
  const frags: Fragment[] = [];
  let step = await gen.next();
  while (!step.done) {
    frags.push(step.value);
    step = await gen.next();
  }
  return { frags, kind: step.value };
}

describe('random bytes', () => {
  it('never make decoding or scanning throw', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const text = decodeBuffer(input);
        if (text !== null) scanFragment({ text, path: 'fuzz.bin', startLine: 1, origin: 'file' }, ruleSet);
      }),
      { numRuns: 300 },
    );
  });

  it('decode the same whole or streamed in any pieces, and chunks own every character exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 200 }), async (input, piece, chunkChars, overlapChars) => {
        const whole = decodeBuffer(input);
        const { frags, kind } = await fragments(input, piece, chunkChars, overlapChars);
        if (whole === null) {
          expect(kind).toBe('binary');
          expect(frags).toEqual([]);
          return;
        }
        expect(kind).toBe('text');
        const owned = frags.map((f) => f.text.slice(f.ownFrom ?? 0, f.ownTo ?? f.text.length)).join('');
        expect(owned).toBe(whole);
        // Every chunk knows where it starts: its line and column in the whole text.
        let offset = 0;
        for (const f of frags) {
          const start = offset - (f.ownFrom ?? 0);
          const before = whole.slice(0, start);
          const lastNl = before.lastIndexOf('\n');
          expect(f.startLine).toBe(before.split('\n').length);
          expect(f.startColumn ?? 1).toBe(start - lastNl);
          expect(whole.slice(start, start + f.text.length)).toBe(f.text);
          offset += (f.ownTo ?? f.text.length) - (f.ownFrom ?? 0);
        }
        for (const f of frags) scanFragment(f, ruleSet);
      }),
      { numRuns: 200 },
    );
  });

  it('sniffs a stream that arrives one byte at a time like a whole buffer', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a=1\nb=2\n', 'utf16le')]);
    const { frags } = await fragments(le, 1, 4096, 64);
    expect(frags.map((f) => f.text).join('')).toBe('a=1\nb=2\n');
    // One stray NUL is text (a .env with a NUL is still a .env); mostly NUL and control bytes are not.
    const bin = Buffer.concat([Buffer.from('text at first'), Buffer.alloc(64), Buffer.from('then binary')]);
    expect((await fragments(bin, 1, 4096, 64)).kind).toBe('binary');
  });
});
