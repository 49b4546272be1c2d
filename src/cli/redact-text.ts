// Secrets can reach the output through text that is not a finding: a file named after its key, an
// author name, a config value quoted in an error. Every such string is run through the rules once
// more and each credential in it is replaced by its redacted form (unless --no-redact).
import type { RuleSet } from '../engine/compile.js';
import { scanFragment } from '../engine/scan.js';
import { redact } from '../findings/redact.js';
import { builtinRuleSet } from '../rules.js';

/** `text` with every credential the rules find in it redacted. */
export function redactText(text: string, ruleSet: RuleSet): string {
  if (text.length < 8) return text;
  let out = text;
  // As written, and with path and name separators as spaces: `keys/ghp_….txt` is a token to the
  // rules' boundary checks (base64 holds `/`, JWTs hold `.`), but its segments are not. `_` and `-`
  // beside a key (`dir_ghp_….txt`, `ghp_…-old`) do not hide it either: looseBoundaries.
  const spaced = text.replace(/[/\\.:@<>()[\]]/g, ' ');
  const seen = new Set<string>();
  for (const variant of spaced === text ? [text] : [text, spaced]) {
    for (const m of scanFragment({ text: variant, path: '', startLine: 1, origin: 'stdin' }, ruleSet, { foreignMarkers: false, looseBoundaries: true })) {
      if (m.secret.length < 8 || seen.has(m.secret)) continue;
      seen.add(m.secret);
      out = out.split(m.secret).join(redact(m.secret, m.rule.prefix));
    }
  }
  return out;
}

/** Every string in a report (paths, names, notes), redacted; the fields that are the secret's own are left alone. */
export function redactReport<T>(value: T, ruleSet: RuleSet): T {
  const seen = new Map<string, string>();
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (key === 'secret' || key === 'redacted' || key === 'fingerprint') return v;
      let r = seen.get(v);
      if (r === undefined) {
        r = redactText(v, ruleSet);
        seen.set(v, r);
      }
      return r;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
      return o;
    }
    return v;
  };
  return walk(value, '') as T;
}

let builtin: RuleSet | null = null;
/** For error messages, which come before (or without) a scan's own rules. */
export function redactWithBuiltinRules(text: string): string {
  try {
    builtin ??= builtinRuleSet();
    return redactText(text, builtin);
  } catch {
    return text;
  }
}
