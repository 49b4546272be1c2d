// Audit (not a test): list every rule whose secret starts with a distinctive literal prefix and then
// accepts a run of any length: `+`, `*`, `{n,}`, or a range wider than a format usually allows. A
// prefixed token has a documented length (or a small set of lengths); a loose quantifier lets a longer
// look-alike, or a prefix glued to unrelated text, match. Fix each by stating the length and a trailing
// boundary, or say in the rule's comment why the range is as wide as it is.
//
//   npm run build && node scripts/audit-rule-lengths.mjs [--all] [--json] [--probe]
//
// --all also lists rules without a literal prefix (context rules, generic shapes).
// --probe scans each rule's own examples with the secret grown and shrunk, and lists the rules that still report them.
import { readRuleDocuments, rulesFromDocument } from '../dist/rules.js';
import { buildRuleSet } from '../dist/engine/compile.js';
import { scanDeep } from '../dist/engine/deep-scan.js';
import { examplePath } from '../dist/engine/ruletest.js';

/** A range is loose when its upper bound is open, or more than this many characters above its lower. */
const WIDE = 24;

/** The source of the `(?<secret>…)` group, or the whole pattern when it has none. */
export function secretGroup(pattern) {
  const at = pattern.indexOf('(?<secret>');
  if (at === -1) return pattern;
  let depth = 0;
  for (let i = at; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      i = classEnd(pattern, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return pattern.slice(at + '(?<secret>'.length, i);
  }
  return pattern.slice(at);
}

function classEnd(src, i) {
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  for (; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === ']') return j;
  }
  return src.length;
}

function groupEnd(src, i) {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '[') j = classEnd(src, j);
    else if (src[j] === '(') depth++;
    else if (src[j] === ')' && --depth === 0) return j;
  }
  return src.length;
}

/** The literal the secret starts with (alternatives with a shared literal start count too). */
export function literalPrefix(src) {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (/[.\-/_:@=+$]/.test(next)) {
        out += next;
        i++;
        continue;
      }
      break;
    }
    if (/[A-Za-z0-9_\-:.@=]/.test(ch) && ch !== '.') {
      // A literal is only a literal if no quantifier follows it.
      if (/[*+?{]/.test(src[i + 1] ?? '')) break;
      out += ch;
      continue;
    }
    break;
  }
  return out;
}

/**
 * Every quantifier in a regex source that follows a character class or class escape, with its bounds:
 * [{ atom, min, max, at }], max = Infinity for open ranges.
 */
export function quantifiers(src) {
  const found = [];
  let lastAtom = null;
  let lastStart = -1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      lastAtom = src.slice(i, i + 2);
      lastStart = i;
      i++;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(src, i);
      lastAtom = src.slice(i, end + 1);
      lastStart = i;
      i = end;
      continue;
    }
    if (ch === '(' && /^\(\?<?[=!]/.test(src.slice(i))) {
      // A lookaround tests context; it consumes nothing, so its quantifiers do not set the length.
      i = groupEnd(src, i);
      lastAtom = null;
      continue;
    }
    let q = null;
    let len = 1;
    if (ch === '+') q = [1, Infinity];
    else if (ch === '*') q = [0, Infinity];
    else if (ch === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i));
      if (m) {
        const min = Number(m[1]);
        q = [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
        len = m[0].length;
      }
    }
    if (q && lastAtom && /^(?:\[|\\[wWsSdD])/.test(lastAtom) && lastAtom !== '\\s' && lastAtom !== '\\s*') {
      found.push({ atom: lastAtom, min: q[0], max: q[1], at: lastStart });
    }
    if (q) {
      i += len - 1;
      lastAtom = null;
      continue;
    }
    lastAtom = ch === '(' || ch === ')' || ch === '|' ? null : ch;
  }
  return found;
}

/** How many characters a class accepts, roughly (ranges counted, negated classes = many). */
function classWidth(atom) {
  if (/^\\[wWSD]$/.test(atom) || atom.startsWith('[^')) return 100;
  if (atom === '\\d') return 10;
  let n = 0;
  const body = atom.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      n += /[wS]/.test(body[i + 1]) ? 60 : body[i + 1] === 'd' ? 10 : 1;
      i++;
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      n += body.charCodeAt(i + 2) - body.charCodeAt(i) + 1;
      i += 2;
    } else n++;
  }
  return n;
}

export function audit(rules, all = false) {
  const rows = [];
  for (const rule of rules) {
    if (!rule.pattern || rule.vendor || rule.assignment || rule.multiline) continue;
    let src = secretGroup(rule.pattern.replace(/^\(\?i\)/, ''));
    const prefix = rule.prefix ?? literalPrefix(src);
    if (!all && prefix.replace(/[^A-Za-z0-9]/g, '').length < 2) continue;
    const loose = quantifiers(src).filter((q) => classWidth(q.atom) >= 10 && (q.max === Infinity || q.max - q.min > WIDE));
    if (loose.length === 0) continue;
    rows.push({
      id: rule.id,
      source: rule.source,
      prefix,
      loose: loose.map((q) => `${q.atom}{${q.min},${q.max === Infinity ? '' : q.max}}`),
    });
  }
  return rows;
}

/**
 * The measured side of the audit: each rule's own positive examples with the secret grown by `grow`
 * characters of its own charset, and shrunk by `shrink`. A rule that still reports the longer (or
 * shorter) token accepts lengths its examples do not have: fine for formats that vary (JWTs,
 * macaroons), a false-alarm source for fixed-length ones.
 */
export function probe(rules, grow = 12, shrink = 6) {
  const rows = [];
  for (const rule of rules) {
    if (!rule.pattern || rule.vendor || rule.assignment || rule.multiline || rule.report === false) continue;
    const set = buildRuleSet([rule]);
    const path = examplePath(rule);
    const scan = (text) => scanDeep({ text, path, startLine: 1, origin: 'file' }, set, { foreignMarkers: true }).filter((m) => m.rule.id === rule.id);
    let longer = false;
    let shorter = false;
    let tried = 0;
    for (const text of rule.examples) {
      const m = scan(text)[0];
      if (!m || m.decoded || !text.includes(m.secret)) continue;
      const secret = m.secret;
      const tail = /[A-Za-z0-9]{12,}$/.exec(secret)?.[0];
      if (!tail) continue;
      tried++;
      const extra = [...tail.slice(-grow)].reverse().join('');
      if (scan(text.replace(secret, secret + extra)).length > 0) longer = true;
      if (scan(text.replace(secret, secret.slice(0, -shrink))).length > 0) shorter = true;
    }
    if (tried > 0 && (longer || shorter)) rows.push({ id: rule.id, source: rule.source, longer, shorter });
  }
  return rows;
}

function main() {
  const args = process.argv.slice(2);
  const docs = readRuleDocuments();
  const rules = docs.flatMap((d) => rulesFromDocument(d.doc, d.file, false, true));
  if (args.includes('--probe')) {
    const rows = probe(rules);
    for (const r of rows) console.log(`${r.id.padEnd(48)} ${r.longer ? '+12 ' : '    '}${r.shorter ? '-6' : '  '}  (${r.source.replace(/^.*\//, '')})`);
    console.log(`\n${rows.length} rules still report their own example grown by 12 or shrunk by 6 characters`);
    return;
  }
  const rows = audit(rules, args.includes('--all'));
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
    return;
  }
  for (const r of rows) console.log(`${r.id.padEnd(48)} ${r.prefix.padEnd(16)} ${r.loose.join(' ')}  (${r.source.replace(/^.*\//, '')})`);
  console.log(`\n${rows.length} of ${rules.length} rules have a literal prefix followed by a loose quantifier`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
