// The findings are the same whether a text is scanned whole or read in chunks cut at any offset.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanFragment, WINDOW } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { chunkedFragments } from '../../src/sources/read.js';
import type { Fragment, Match } from '../../src/types.js';
import { githubToken, openaiLegacyKey, openaiProjectKey, randomString, seed, validAwsKeyId } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
seed(7);
const KEYS = [openaiProjectKey(), openaiProjectKey(30), openaiLegacyKey(), githubToken(), githubToken('gho_'), validAwsKeyId(), validAwsKeyId()];
const PASSWORDS = [`Zr${randomString(14)}9#`, `q${randomString(20)}`];
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${Array.from({ length: 8 }, () => randomString(64)).join('\n')}\n-----END RSA PRIVATE KEY-----`;

const filler = fc.constantFrom(
  'const value = compute(input);',
  'function handler(event) { return event.body; }',
  '// a comment about sk- prefixes and ghp_ tokens',
  'AKIA',
  'sk-',
  'password',
  'token: ',
  ' ',
  '\t',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo',
  'keyscan:allow',
  '# keyscan:allow-next-line',
  'ünïcödé 日本語 \u{1f511}',
  `export const table = [${Array.from({ length: 60 }, (_, i) => i * 7).join(', ')}];`.repeat(3),
);
const newline = fc.constantFrom('\n', '\r\n', '\n\n', '\n\n\n\n\n');
const secret = fc.oneof(
  fc.constantFrom(...KEYS).map((k) => fc.constantFrom(`OPENAI_API_KEY=${k}`, `"${k}"`, `token: ${k}`, k)),
  fc.constantFrom(...PASSWORDS).map((p) => fc.constantFrom(`password = "${p}"`, `DB_PASSWORD=${p}`)),
  fc.constant(fc.constant(PEM)),
).chain((a) => a);

const text = fc
  .array(fc.oneof({ weight: 6, arbitrary: filler }, { weight: 3, arbitrary: newline }, { weight: 1, arbitrary: secret }), { minLength: 600, maxLength: 1500 })
  .map((pieces) => pieces.join(''));

const where = (m: Match) => `${m.rule.id} ${m.line}:${m.column} ${m.secret}`;

async function chunked(input: string, piece: number, chunkChars: number, overlapChars: number): Promise<Fragment[]> {
  const bytes = Buffer.from(input);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(bytes.subarray(i, i + piece));
  const out: Fragment[] = [];
  for await (const f of chunkedFragments(Readable.from(pieces), { path: 'src/app.ts', origin: 'file' }, { chunkChars, overlapChars })) out.push(f);
  return out;
}

describe('chunking', () => {
  it('finds the same secrets at the same lines and columns whole or in chunks of any size', async () => {
    // Context a chunk needs on each side: a rule looks WINDOW characters either side of its keyword.
    const overlapChars = 2 * WINDOW + 2048;
    let split = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 700, max: 6000 }), fc.integer({ min: 1, max: 70_000 }), async (input, chunkChars, piece) => {
        const whole = scanFragment({ text: input, path: 'src/app.ts', startLine: 1, origin: 'file' }, ruleSet).map(where).sort();
        const frags = await chunked(input, piece, chunkChars, overlapChars);
        const parts = frags.flatMap((f) => scanFragment(f, ruleSet)).map(where).sort();
        expect(parts).toEqual(whole);
        if (frags.length > 2) split++;
        if (whole.length > 0) found++;
      }),
      { numRuns: 15 },
    );
    // The property was exercised: texts cut in three or more chunks, with secrets in them.
    expect(split).toBeGreaterThan(5);
    expect(found).toBeGreaterThan(5);
  });

  it('finds a secret cut by every chunk boundary position', async () => {
    const key = KEYS[0];
    const before = 'const value = compute(input);\n'.repeat(20);
    const input = `${before}x = "${key}"\n${'y'.repeat(50)}\nOPENAI_API_KEY=${key}\n`;
    const whole = scanFragment({ text: input, path: 'a.ts', startLine: 1, origin: 'file' }, ruleSet).map(where).sort();
    expect(whole).toHaveLength(2);
    for (let chunkChars = before.length - 5; chunkChars < before.length + 200; chunkChars += 7) {
      const frags = await chunked(input, 4096, chunkChars, 300);
      expect(frags.flatMap((f) => scanFragment(f, ruleSet)).map(where).sort(), `chunk ${chunkChars}`).toEqual(whole);
    }
  });
});
