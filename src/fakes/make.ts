// `keyscan fake PROVIDER`: a token with the provider's real shape that is provably not live. Made from the
// rule's own example: the example's secret is re-drawn character by character in the same classes, then
// either its checksum fails (formats with a checksum: a live token always passes it) or a reserved marker
// (engine/fakes.ts) is written into the random part. The result is checked against the rule's own regex,
// so the shape is right, and against the engine's reasons, so keyscan never reports it.
import { randomInt } from 'node:crypto';
import type { RuleSet } from '../engine/compile.js';
import { FAKE_MARKERS } from '../engine/fakes.js';
import { rejection } from '../engine/scan.js';
import { CHECKSUM_VALIDATORS } from '../engine/validators.js';
import { KeyscanError } from '../errors.js';
import type { Rule } from '../types.js';

export interface FakeToken {
  rule: string;
  provider: string;
  token: string;
  /** Why it cannot be live: its checksum fails, or it carries keyscan's reserved marker. */
  why: 'checksum' | 'marker';
}

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/** Positions of the body that hold one of the rule's keywords (a fixed marker such as OpenAI's): kept. */
function fixedPositions(rule: Rule, body: string): boolean[] {
  // Punctuation is structure (UUID dashes, JWT dots), and so are the first and last two characters, which
  // formats often pin (a trailing `AA`, a type letter).
  const fixed = [...body].map((ch, i) => !/[A-Za-z0-9]/.test(ch) || i < 2 || i >= body.length - 2);
  const lower = body.toLowerCase();
  for (const kw of rule.keywordsLower) {
    for (let at = lower.indexOf(kw); at !== -1; at = lower.indexOf(kw, at + 1)) fixed.fill(true, at, at + kw.length);
  }
  return fixed;
}

/** Each free character re-drawn from its own class; hex stays hex when the original's letters are all a–f. */
function redraw(body: string, fixed: boolean[], pick: (n: number) => number): string {
  const hexLower = /^[0-9a-f]+$/.test(body);
  const hexUpper = /^[0-9A-F]+$/.test(body);
  const lower = hexLower ? LOWER.slice(0, 6) : LOWER;
  const upper = hexUpper ? UPPER.slice(0, 6) : UPPER;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    const set = fixed[i] ? null : DIGITS.includes(ch) ? DIGITS : LOWER.includes(ch) ? lower : UPPER.includes(ch) ? upper : null;
    out += set ? set[pick(set.length)] : ch;
  }
  return out;
}

/** Where a marker of this length can stand: free positions, as near the middle as possible. */
function markerAt(fixed: boolean[], length: number): number {
  const order = [...Array(Math.max(0, fixed.length - length - 1)).keys()].map((i) => i + 1);
  const mid = (fixed.length - length) / 2;
  order.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
  return order.find((at) => !fixed.slice(at, at + length).some(Boolean)) ?? -1;
}

/** The example's secret and where it stands, as the rule's own regex finds it. */
function exampleSecrets(rule: Rule): { text: string; start: number; secret: string }[] {
  const found: { text: string; start: number; secret: string }[] = [];
  for (const text of rule.examples) {
    const re = new RegExp(rule.regex.source, rule.regex.flags);
    const m = re.exec(text);
    const span = m?.indices?.groups?.secret;
    if (m && span) found.push({ text, start: span[0], secret: text.slice(span[0], span[1]) });
  }
  return found;
}

/** Does the rule's regex still find exactly `token` where the example's secret stood? */
function fits(rule: Rule, text: string, start: number, token: string): boolean {
  const re = new RegExp(rule.regex.source, rule.regex.flags);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = m.indices?.groups?.secret;
    if (span && span[0] === start) return text.slice(span[0], span[1]) === token;
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}

function makeFor(rule: Rule, pick: (n: number) => number): FakeToken | null {
  const prefix = rule.prefix ?? '';
  const checksum = CHECKSUM_VALIDATORS.has(rule.validator ?? '');
  for (const ex of exampleSecrets(rule)) {
    const head = ex.secret.startsWith(prefix) ? prefix : '';
    const original = ex.secret.slice(head.length);
    const fixed = fixedPositions(rule, original);
    // Re-drawn characters first; the example's own characters last (the marker alone makes it safe).
    for (let attempt = 0; attempt <= 20; attempt++) {
      const body = attempt < 20 ? redraw(original, fixed, pick) : original;
      const candidates: { token: string; why: FakeToken['why'] }[] = [];
      if (checksum) candidates.push({ token: head + body, why: 'checksum' });
      for (const marker of FAKE_MARKERS) {
        const at = markerAt(fixed, marker.length);
        if (at < 0) continue;
        candidates.push({ token: head + body.slice(0, at) + marker + body.slice(at + marker.length), why: 'marker' });
      }
      for (const c of candidates) {
        const text = ex.text.slice(0, ex.start) + c.token + ex.text.slice(ex.start + ex.secret.length);
        if (!fits(rule, text, ex.start, c.token)) continue;
        const check = rejection(rule, c.token)?.check;
        const safe = c.why === 'checksum' ? check === 'validator' : check === 'fake';
        if (safe) return { rule: rule.id, provider: rule.provider, token: c.token, why: c.why };
      }
    }
  }
  return null;
}

/**
 * Fake tokens for a provider (one per rule that reports) or for one rule id. Throws a KeyscanError naming
 * the close matches when nothing is known by that name.
 */
export function fakeTokens(name: string, ruleSet: RuleSet, pick: (n: number) => number = randomInt): FakeToken[] {
  const wanted = name.toLowerCase();
  const rules = ruleSet.rules.filter((r) => r.report !== false && !r.tags?.includes('generic'));
  const chosen = rules.filter((r) => r.id === wanted);
  const byProvider = chosen.length > 0 ? chosen : rules.filter((r) => r.provider === wanted);
  if (byProvider.length === 0) {
    const near = [...new Set(rules.map((r) => r.provider))].filter((p) => p.includes(wanted) || wanted.includes(p)).slice(0, 5);
    throw new KeyscanError(`no provider or rule named ${name}`, near.length ? `did you mean ${near.join(', ')}?` : 'keyscan rules lists them');
  }
  const made = byProvider.map((r) => makeFor(r, pick)).filter((f): f is FakeToken => f !== null);
  if (made.length === 0) throw new KeyscanError(`cannot make a fake ${name} token: its format leaves no room for keyscan's marker`);
  return made;
}
