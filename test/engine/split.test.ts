// A pattern whose items before its secret are all zero-width runs as a value and a sticky context
// (engine/split.ts), finding exactly what the whole pattern finds.
import { describe, expect, it } from 'vitest';
import { type Candidate, vendorCandidates } from '../../src/engine/scan.js';
import { splitPattern } from '../../src/engine/split.js';
import { loadBuiltinRules } from '../../src/rules.js';

/** Every match of the whole pattern, as [start of the secret, secret]. */
function byPattern(source: string, flags: string, text: string): [number, string][] {
  const re = new RegExp(source, `${flags}gd`);
  const out: [number, string][] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const secret = m.groups!.secret;
    if (secret) out.push([m.indices!.groups!.secret[0], secret]);
  }
  return out;
}

/** The same through the split: the value searched, the context run sticky where it starts. */
function bySplit(source: string, flags: string, text: string): [number, string][] {
  const parts = splitPattern(source)!;
  const out: Candidate[] = [];
  vendorCandidates(out, text, 0, new RegExp(parts.value, `${flags}g`), new RegExp(parts.context, `${flags}y`), undefined, undefined, Infinity, 0);
  return out.map((c) => [c.start, c.secret]);
}

const LONG = `(?<=(?:acme|acmeweather|key|token|secret)[^\\n]{0,200})(?<!(?:sha\\d*|commit|hash|uuid|digest|checksum|fingerprint)["']?[ \\t]*[:=][ \\t]*["']?)`;

describe('splitPattern', () => {
  it('keeps short zero-width items with the value and puts the long ones in the context', () => {
    const source = `(?<![\\w+/.-])(?=[a-f0-9]{32})${LONG}(?<secret>[a-f0-9]{32})(?![\\w+/=@-])`;
    expect(splitPattern(source)).toEqual({ value: '(?<![\\w+/.-])(?=[a-f0-9]{32})(?<secret>[a-f0-9]{32})(?![\\w+/=@-])', context: LONG });
    // A group of alternatives made only of lookarounds is zero-width too.
    const grouped = `(?:(?<=acme[^\\n]{0,200})|(?=[^\\n]{0,200}acme)|(?<!(?:key|token)[^\\n]{0,200}))${LONG}(?<secret>[a-f0-9]{32})`;
    expect(splitPattern(grouped)?.value).toBe('(?<secret>[a-f0-9]{32})');
  });

  it('leaves whole every pattern the split could change', () => {
    for (const source of [
      `acme_${LONG}(?<secret>[a-f0-9]{32})`, // something consumed before the secret
      `${LONG}(?<secret>[a-f0-9]{32})|x${LONG}(?<other>[0-9]{9})`, // a top-level alternative
      `(?<=(acme)[^\\n]{0,200}[^\\n]{0,200}[^\\n]{0,200})(?<secret>[a-f0-9]{32})`, // a numbered group in the context
      `(?<=(?<name>acme)[^\\n]{0,200}[^\\n]{0,200}[^\\n]{0,200})(?<secret>[a-f0-9]{32})`, // a named one
      `${LONG}(?<secret>[a-f0-9]{32})\\1`, // a back-reference
      `(?<![\\w+/.-])(?<secret>[a-f0-9]{32})`, // nothing long to put apart
      `${LONG}[a-f0-9]{32}`, // no secret group
      `(?:(?<=acme[^\\n]{0,200})|x)${LONG}(?<secret>[a-f0-9]{32})`, // a group that may consume
      `(?=[^\\n]{0,200}acme[^\\n]{0,200}[^\\n]{0,200})*${LONG}(?<secret>[a-f0-9]{32})`, // a quantified lookaround
    ]) {
      expect(splitPattern(source), source).toBeNull();
    }
  });

  it('goes on one character after a value whose context fails, as the whole pattern does', () => {
    // The context holds at the second value (from offset 5), which starts inside the first (offset 0).
    const source = '(?=[^\\n]{0,10}(?:end|finish|terminus|stop|halt|close|last))(?<secret>[0-9]{4}\\|[0-9]{4})';
    expect(splitPattern(source)?.value).toBe('(?<secret>[0-9]{4}\\|[0-9]{4})');
    const text = '1111|2222|3333end';
    expect(byPattern(source, '', text)).toEqual([[5, '2222|3333']]);
    expect(bySplit(source, '', text)).toEqual(byPattern(source, '', text));
  });

  it('finds what the whole pattern finds, for every built-in rule it splits, on examples and crafted text', () => {
    const split = loadBuiltinRules().filter((r) => !r.vendor && !r.assignment && r.regex instanceof RegExp && splitPattern(r.regex.source));
    expect(split.length).toBeGreaterThan(60);
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    let compared = 0;
    let found = 0;
    for (const r of split) {
      const re = r.regex as RegExp;
      const flags = re.flags.replace(/[gd]/g, '');
      const lines = [...r.examples, ...r.negative_examples];
      const texts = [...lines, lines.join('\n')];
      // Examples cut, glued and shuffled: values inside longer tokens, beside other rules' words, a hash name before.
      for (let k = 0; k < 12; k++) {
        const a = lines[rnd(lines.length)];
        const b = lines[rnd(lines.length)];
        const cut = rnd(a.length + 1);
        texts.push(`${a.slice(0, cut)}${['', 'x', ' ', '\n', 'sha256: ', '"', 'key=', '0'][rnd(8)]}${b}`, `${b} ${a.slice(cut)}\n${a.slice(0, cut)}`);
      }
      for (const text of texts) {
        const whole = byPattern(re.source, flags, text);
        expect(bySplit(re.source, flags, text), `${r.id}: ${JSON.stringify(text)}`).toEqual(whole);
        compared++;
        found += whole.length;
      }
    }
    expect(compared).toBeGreaterThan(1500);
    expect(found).toBeGreaterThan(200);
  });
});
