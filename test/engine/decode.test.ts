import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/engine/decode.js';
import { DecodeAllowance, FILE_DECODE_CHARS, scanDeep } from '../../src/engine/deep-scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import type { Fragment } from '../../src/types.js';
import { githubToken, randomString } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
const frag = (text: string, path = 'src/app.ts'): Fragment => ({ text, path, startLine: 1, origin: 'file' });
const scan = (text: string, depth?: number) => scanDeep(frag(text), ruleSet, depth === undefined ? {} : { decodeDepth: depth });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const seen = (text: string, depth?: number) => scan(text, depth).map((m) => [m.rule.id, m.line, m.column, m.decoded ?? null]);

describe('decode and rescan', () => {
  it('keeps the encoded text each decoded match stands on, exactly as the fragment has it', () => {
    const token = githubToken();
    const run = b64(`token=${token}`);
    const percent = [...run].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const escaped = [...token].map((c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const cases: [string, string, string][] = [
      [`blob: "${run}"\n`, run, 'base64'],
      [`const t = "${escaped}";\n`, escaped, 'escapes'],
      // base64 inside percent-encoding: the percent-encoded spelling of the whole run.
      [`https://example.com/cb?state=${percent}&x=1\n`, percent, 'percent+base64'],
    ];
    for (const [text, encoded, decoded] of cases) {
      const [m, ...rest] = scan(`// line\n${text}`);
      expect(rest, text).toEqual([]);
      expect(m.decoded, text).toBe(decoded);
      expect(m.encoded, text).toBe(encoded);
      expect(m.secret).toBe(token);
    }
    // Found as written: nothing encoded to keep.
    expect(scan(`token=${token}\n`)[0].encoded).toBeUndefined();
  });

  it('finds a token inside base64 at the encoded text, naming the encoding', () => {
    const token = githubToken();
    const encoded = b64(`token=${token}`);
    const text = `# settings\nblob: "${encoded}"\n`;
    const [m, ...rest] = scan(text);
    expect(rest).toEqual([]);
    expect(m.secret).toBe(token);
    expect([m.rule.id, m.line, m.column, m.decoded]).toEqual(['github-pat-classic', 2, text.split('\n')[1].indexOf(encoded) + 1, 'base64']);
  });

  it('decodes URL-safe base64, hex, percent-encoding and string escapes', () => {
    const token = githubToken();
    const url = Buffer.from(JSON.stringify({ t: token, pad: '??>>' })).toString('base64url');
    expect(url).toMatch(/[-_]/);
    expect(seen(`x = '${url}'`)).toEqual([['github-pat-classic', 1, 6, 'base64']]);
    const hex = Buffer.from(`GITHUB_TOKEN=${token}`).toString('hex');
    expect(seen(`payload = "${hex}"`)).toEqual([['github-pat-classic', 1, 12, 'hex']]);
    const pct = `https://hooks.acme.io/cb?state=abc&token=${token.replace('_', '%5F')}`;
    expect(seen(pct)).toEqual([['github-pat-classic', 1, pct.indexOf('ghp') + 1, 'percent']]);
    // After an escape that decodes to a character outside the BMP (two code units), the place is still exact.
    const astral = `https://img.acme.io/badge/%F0%9F%8C%BF-x?state=abc&token=${token.replace('_', '%5F')}`;
    expect(seen(astral)).toEqual([['github-pat-classic', 1, astral.indexOf('ghp') + 1, 'percent']]);
    const esc = `const s = "gh\\u0070_${token.slice(4)}";`;
    expect(seen(esc)).toEqual([['github-pat-classic', 1, 12, 'escapes']]);
  });

  it('looks through two layers by default, one with --decode-depth 1, none with 0', () => {
    const token = githubToken();
    const text = `v = "${b64(b64(`token: ${token}`))}"`;
    expect(seen(text)).toEqual([['github-pat-classic', 1, 6, 'base64+base64']]);
    expect(seen(text, 1)).toEqual([]);
    expect(seen(`v = "${b64(`token: ${token}`)}"`, 0)).toEqual([]);
  });

  it('a provider token inside a Basic header replaces the header finding; a plain pair stays a header finding', () => {
    const token = githubToken();
    expect(seen(`Authorization: Basic ${b64(`deploy:${token}`)}`)).toEqual([['github-pat-classic', 1, 22, 'base64']]);
    const pair = scan(`Authorization: Basic ${b64(`deploy:${randomString(18)}`)}`);
    expect(pair.map((m) => [m.rule.id, m.decoded])).toEqual([['basic-auth-header', undefined]]);
  });

  it('leaves binary base64, identifiers, hashes and short runs alone', () => {
    const binary = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    const text = [
      `integrity: "sha512-${binary}"`,
      `const thisIsAVeryLongIdentifierName_withMoreWords = 1;`,
      `digest = "${'0123456789abcdef'.repeat(4)}"`,
      `short: "${b64('abc')}"`,
      `path: src/components/forms/inputs/TextField.tsx`,
    ].join('\n');
    expect(decodeText(text)).toEqual([]);
  });

  it('only decodes text readable as text, and the caps hold', () => {
    const words = Array.from({ length: 400 }, () => `line: "${b64(`hello world ${randomString(12)}`)}"`).join('\n');
    expect(decodeText(words).length).toBe(400);
    expect(decodeText(words, { maxChars: 1000, maxTries: 100 }).reduce((n, d) => n + d.text.length, 0)).toBeLessThanOrEqual(1000);
    expect(decodeText(words, { maxChars: 1 << 20, maxTries: 10 }).length).toBe(10);
    const allowance = new DecodeAllowance();
    const f = frag(words);
    expect(allowance.take(f, 100)).toBe(100);
    allowance.spend(FILE_DECODE_CHARS);
    expect(allowance.take(f, 100)).toBe(0);
    expect(allowance.take({ ...f, path: 'other.ts' }, 100)).toBe(100);
  });

  it('honours keyscan:allow and added-lines-only fragments at the encoded text', () => {
    const token = githubToken();
    const line = `blob: "${b64(`token=${token}`)}"`;
    expect(scan(`${line} # keyscan:allow`)).toEqual([]);
    const text = `a: 1\n${line}\n`;
    expect(scanDeep({ ...frag(text), lines: new Set([1]) }, ruleSet)).toEqual([]);
    expect(scanDeep({ ...frag(text), lines: new Set([2]) }, ruleSet).map((m) => m.line)).toEqual([2]);
  });

  it('a chunk decodes only what starts in the part it owns', () => {
    const token = githubToken();
    const line = `blob: "${b64(`token=${token}`)}"`;
    const text = `${line}\n${line}\n`;
    const second = text.indexOf('\n') + 1;
    const first = scanDeep({ ...frag(text), ownTo: second }, ruleSet);
    const rest = scanDeep({ ...frag(text), ownFrom: second }, ruleSet);
    expect(first.map((m) => m.line)).toEqual([1]);
    expect(rest.map((m) => m.line)).toEqual([2]);
  });
});

describe('Kubernetes Secret manifests', () => {
  const manifest = (data: Record<string, string>, kind = 'Secret') =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: app\ntype: Opaque\ndata:\n${Object.entries(data)
      .map(([k, v]) => `  ${k}: ${b64(v)}`)
      .join('\n')}\n`;

  it('decodes every data value, reports secrets by name and provider tokens by their own rule', () => {
    const password = `${randomString(10)}#${randomString(5)}`;
    const token = githubToken();
    const found = scan(manifest({ username: 'svc', password, GH: token, 'ca.crt': 'not a secret at all' }));
    expect(found.map((m) => [m.rule.id, m.secret, m.line, m.decoded])).toEqual([
      ['kubernetes-secret-data', password, 8, 'base64'],
      ['github-pat-classic', token, 9, 'base64'],
    ]);
    expect(found[0].column).toBe(13);
  });

  it('reads kubectl JSON output, and only the Secret documents of a multi-document file', () => {
    const password = `${randomString(10)}#${randomString(5)}`;
    const json = JSON.stringify({ apiVersion: 'v1', data: { DB_PASSWORD: b64(password), username: b64('svc') }, kind: 'Secret', metadata: { name: 'db' } }, null, 4);
    const [m, ...rest] = scan(json);
    expect(rest).toEqual([]);
    expect([m.rule.id, m.secret, m.line, m.decoded]).toEqual(['kubernetes-secret-data', password, 4, 'base64']);
    expect(json.split('\n')[3].slice(m.column - 1)).toMatch(/^[A-Za-z0-9+/=]+",?$/);
    const other = `${randomString(8)}!${randomString(6)}`;
    const docs = `${manifest({ db_pass: other }, 'ConfigMap')}---\n${manifest({ db_pass: password })}`;
    expect(scan(docs).filter((x) => x.decoded).map((x) => x.secret)).toEqual([password]);
  });

  it('short values count too, but a ConfigMap is not a Secret', () => {
    const pw = `${randomString(3)}!${randomString(4)}`;
    expect(scan(manifest({ db_pass: pw })).map((m) => m.secret)).toEqual([pw]);
    expect(scan(manifest({ db_pass: pw }, 'ConfigMap')).filter((m) => m.decoded)).toEqual([]);
  });
});

describe('finding base64 runs', () => {
  // The run search looks at every 20th character and rules out a short run from two characters beside it:
  // a run of exactly the shortest length must be found wherever it starts, amid words and among short runs.
  it('finds a shortest run at every offset, beside words and other runs', () => {
    const run = Buffer.from('text here: 12345').toString('base64').replace(/=+$/, '');
    expect(run.length).toBeGreaterThanOrEqual(20);
    const shortest = run.slice(0, 20);
    const fillers = ['', 'ab ', 'word_word ', 'x;', 'abcdefghijklmnopqrs ', 'a.b.c.d.e.f.g.h.i.j.k '];
    let found = 0;
    let asked = 0;
    for (const filler of fillers) {
      for (let offset = 0; offset < 45; offset++) {
        const text = `${filler}${'.'.repeat(offset)}${shortest} ${filler}`;
        asked++;
        if (decodeText(text).some((p) => p.encoding === 'base64' && text.slice(p.start, p.end) === shortest)) found++;
      }
    }
    // A one-letter word where the search looks first, then the run at every distance after it.
    for (let gap = 1; gap < 45; gap++) {
      const text = `${'.'.repeat(19)}a${'.'.repeat(gap)}${shortest} `;
      asked++;
      if (decodeText(text).some((p) => p.encoding === 'base64' && text.slice(p.start, p.end) === shortest)) found++;
    }
    expect(found).toBe(asked);
    // One character short is not a run.
    expect(decodeText(`... ${shortest.slice(0, 19)} ...`).filter((p) => p.encoding === 'base64')).toEqual([]);
  });
});

describe('escaped lines', () => {
  it('unescapes a line holding \\", \\uXXXX or \\xNN, and only such lines', () => {
    const text = ['plain = "no escapes here"', 'json = "{\\"api_key\\": \\"abc\\"}"', 'path = "C:\\\\temp\\\\new"', 'u = "\\u0041\\u0042"', 'x = "\\x41\\x42"', 'half = "\\u00G1 \\x4"'].join('\n');
    const escapes = decodeText(text).filter((p) => p.encoding === 'escapes');
    expect(escapes.map((p) => p.text)).toEqual(['json = "{"api_key": "abc"}"', 'u = "AB"', 'x = "AB"']);
    for (const p of escapes) expect(text.slice(p.start, p.end)).toBe(text.split('\n').find((l) => p.text.startsWith(l.slice(0, 4))));
  });
});
