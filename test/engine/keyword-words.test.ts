// Word keywords (issue 13): a hand-written rule's keyword written in lower-case letters opens its window
// only where it starts a word or an identifier part, so `pass` never fires inside `compass` and a provider's
// name never inside a longer word. Markers inside tokens (`T3BlbkFJ`, `ACDb`) and the generic and vendor
// rules (which read names themselves) still take every hit.
import { describe, expect, it } from 'vitest';
import { buildRuleSet, compileRule } from '../../src/engine/compile.js';
import { keywordHits, scanFragment, wordStartsAt } from '../../src/engine/scan.js';
import type { RuleSpec } from '../../src/types.js';
import { randomString } from '../helpers/fakes.js';

const HEX = '0123456789abcdef';

function rule(over: Partial<RuleSpec>): RuleSpec {
  return { provider: 'acmewx', title: 't', description: 'd', severity: 'high', examples: [], negative_examples: [], ...over } as RuleSpec;
}

const named = compileRule(rule({ id: 'acmewx-token', keywords: ['acmewx'], pattern: '[Aa][Cc][Mm][Ee][Ww][Xx]_?[Tt][Oo][Kk][Ee][Nn]\\s*=\\s*(?<secret>[a-f0-9]{32})' }), 'test', false);
const marker = compileRule(rule({ id: 'acmewx-marked-key', keywords: ['QxWz'], pattern: '(?<secret>[A-Za-z0-9]{12}QxWz[A-Za-z0-9]{12})' }), 'test', false);
const set = buildRuleSet([named, marker]);
const found = (text: string) => scanFragment({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, set).map((m) => `${m.rule.id} ${m.secret}`);

describe('word keywords', () => {
  it('start a word after a non-letter or at a camelCase hump, not inside a word', () => {
    const at = (text: string, word: string) => wordStartsAt(text, text.toLowerCase().indexOf(word));
    for (const [text, word] of [['DB_PASS=', 'pass'], ['"twilio"', 'twilio'], ['myTwilioSid', 'twilio'], ['APIToken', 'token'], ['pass', 'pass'], ['v2token', 'token']]) {
      expect(at(text, word), text).toBe(true);
    }
    for (const [text, word] of [['compass', 'pass'], ['bypass_mode', 'pass'], ['COMPASS', 'pass'], ['Compass', 'pass'], ['zqtwilioly', 'twilio']]) {
      expect(at(text, word), text).toBe(false);
    }
  });

  it('open a hand-written rule only where the keyword starts a word; markers open it anywhere', () => {
    const v = randomString(32, HEX);
    expect(found(`ACMEWX_TOKEN=${v}`)).toEqual([`acmewx-token ${v}`]);
    expect(found(`const myAcmewxToken = ${v}`)).toEqual([`acmewx-token ${v}`]);
    expect(found(`megaacmewx_token=${v}`)).toEqual([]);
    expect(keywordHits(`megaacmewx_token=${v}`, set).size).toBe(0);
    const k = `${randomString(12)}QxWz${randomString(12)}`;
    expect(found(`key: ${k}`)).toEqual([`acmewx-marked-key ${k}`]);
  });
});

describe('required literals (rule.requires)', () => {
  // Windows open at `acmewx`; every match holds `SIG-` (any case), which may stand anywhere in the text.
  const spec = rule({ id: 'acmewx-signed', keywords: ['acmewx'], requires: ['sig-'], pattern: 'acmewx\\s*=\\s*(?<secret>(?:SIG|sig)-[a-f0-9]{32})' });
  const required = buildRuleSet([compileRule(spec, 'test', false)]);
  const scan = (text: string) => scanFragment({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, required).map((m) => m.secret);

  it('run the rule only on text holding one of them, and open no window of their own', () => {
    const v = `SIG-${randomString(32, HEX)}`;
    expect(scan(`acmewx = ${v}`)).toEqual([v]);
    expect(scan(`acmewx = ${v.replace('SIG-', 'sig-')}`)).toEqual([v.replace('SIG-', 'sig-')]);
    // The literal alone opens nothing: no keyword, no window.
    expect(keywordHits(`${v}`, required).size).toBe(0);
    // Skipped where none of them occurs: a rule declaring a literal its matches lack finds nothing.
    const gated = buildRuleSet([compileRule({ ...spec, id: 'acmewx-gated', requires: ['zqzq'] }, 'test', false)]);
    expect(scanFragment({ text: `acmewx = ${v}`, path: 'src/app.ts', startLine: 1, origin: 'file' }, gated)).toEqual([]);
    expect(scanFragment({ text: `acmewx = ${v} zqzq`, path: 'src/app.ts', startLine: 1, origin: 'file' }, gated).map((m) => m.secret)).toEqual([v]);
  });

  it('must be a list of literals of 2 or more characters', () => {
    for (const bad of [[], ['x'], 'sig-', [3]]) {
      expect(() => compileRule({ ...spec, requires: bad as unknown as string[] }, 'test', false), JSON.stringify(bad)).toThrow(/requires must be a non-empty list/);
    }
  });
});
