// The hot path: one fragment of text in, matches out. Pure and synchronous.
import type { Confidence, Fragment, Match, Rule } from '../types.js';
import type { RuleSet } from './compile.js';
import { genericValueReason, placeholderReason, shannonEntropy } from './placeholders.js';
import { VALIDATORS } from './validators.js';

export interface ScanOptions {
  /** Honour gitleaks:allow, pragma: allowlist secret and trufflehog:ignore as well as keyscan:allow. */
  foreignMarkers?: boolean;
}

const TOKEN_CHAR = /[A-Za-z0-9_+/-]/;
const KEYSCAN_MARKER = 'keyscan:allow';
const FOREIGN_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore'];

/** Paths whose secrets are probably test data or documentation: reported, with low confidence. */
const LOW_CONFIDENCE_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|test-data|fixtures?|__fixtures__|mocks?|__mocks__|examples?|samples?|docs?|documentation)\/|(?:\.example|\.sample|\.template|\.dist|\.md|\.mdx|\.rst|\.adoc)$|(?:^|\/)\.env\.(?:example|sample|template|dist)$|(?:[._-](?:test|spec))\.[a-z]+$/i;

export function lowConfidencePath(path: string): boolean {
  return LOW_CONFIDENCE_PATH.test(path);
}

/** Rules whose keywords occur in `lower` (already lower-cased text). */
export function candidateRules(text: string, ruleSet: RuleSet): Rule[] {
  const found = new Set<Rule>();
  const re = ruleSet.keywordRegex;
  re.lastIndex = 0;
  const seen = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const kw = m[0].toLowerCase();
    if (seen.has(kw)) continue;
    seen.add(kw);
    for (const rule of ruleSet.byKeyword.get(kw) ?? []) found.add(rule);
    if (seen.size === ruleSet.byKeyword.size) break;
  }
  return [...found];
}

class LineIndex {
  private starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 0-based line index of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineStart(index: number): number {
    return this.starts[index];
  }
  lineText(index: number): string {
    const start = this.starts[index];
    const end = index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

function isAllowed(index: LineIndex, line: number, foreign: boolean): boolean {
  const text = index.lineText(line);
  if (text.includes(KEYSCAN_MARKER) && !text.includes(`${KEYSCAN_MARKER}-next-line`)) return true;
  if (foreign && FOREIGN_MARKERS.some((m) => text.includes(m))) return true;
  return line > 0 && index.lineText(line - 1).includes(`${KEYSCAN_MARKER}-next-line`);
}

/** Why a candidate secret is rejected, or null if it stands. */
export function rejectReason(rule: Rule, secret: string): string | null {
  const prefix = rule.prefix && secret.startsWith(rule.prefix) ? rule.prefix : '';
  const body = secret.slice(prefix.length);
  const placeholder = placeholderReason(secret, body);
  if (placeholder) return placeholder;
  if (rule.entropy !== undefined && shannonEntropy(body) < rule.entropy) return 'entropy below the rule floor';
  if (rule.tags?.includes('generic')) {
    const generic = genericValueReason(secret);
    if (generic) return generic;
  }
  if (rule.validator && !VALIDATORS[rule.validator](secret)) return `fails ${rule.validator} check`;
  return null;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

function specificity(m: Match): number[] {
  const rule = m.rule;
  return [rule.priority ?? 0, CONFIDENCE_RANK[rule.confidence], rule.validator ? 1 : 0, m.secret.length];
}

function better(a: Match, b: Match): boolean {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] > sb[i];
  return false;
}

/** One match per secret per place: overlapping secrets keep the more specific rule. */
export function resolveOverlaps(matches: Match[]): Match[] {
  const sorted = [...matches].sort((a, b) => a.offset - b.offset);
  const kept: Match[] = [];
  for (const m of sorted) {
    const last = kept[kept.length - 1];
    if (last && m.offset < last.offset + last.secret.length) {
      if (better(m, last)) kept[kept.length - 1] = m;
      continue;
    }
    kept.push(m);
  }
  return kept;
}

export function scanFragment(fragment: Fragment, ruleSet: RuleSet, options: ScanOptions = {}): Match[] {
  const { text } = fragment;
  const rules = candidateRules(text, ruleSet);
  if (rules.length === 0) return [];
  let index: LineIndex | null = null;
  const foreign = options.foreignMarkers !== false;
  const lowPath = lowConfidencePath(fragment.path);
  const matches: Match[] = [];
  const ownFrom = fragment.ownFrom ?? 0;
  const ownTo = fragment.ownTo ?? Infinity;
  for (const rule of rules) {
    const re = rule.regex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = m.indices?.groups?.secret ?? m.indices?.[0];
      const secret = m.groups?.secret ?? m[0];
      if (!span || !secret) continue;
      const [start, end] = span;
      if (start < ownFrom || start >= ownTo) continue;
      if (rule.boundary !== 'none') {
        if (start > 0 && TOKEN_CHAR.test(text[start - 1]) && TOKEN_CHAR.test(secret[0])) continue;
        if (end < text.length && TOKEN_CHAR.test(text[end]) && TOKEN_CHAR.test(secret[secret.length - 1])) continue;
      }
      if (rejectReason(rule, secret)) continue;
      index ??= new LineIndex(text);
      const lineIdx = index.lineOf(start);
      const line = fragment.startLine + lineIdx;
      if (fragment.lines && !fragment.lines.has(line)) continue;
      if (isAllowed(index, lineIdx, foreign)) continue;
      let confidence: Confidence = rule.confidence;
      let lowered: string | undefined;
      if (lowPath && confidence !== 'low') {
        confidence = 'low';
        lowered = 'in a test, example or documentation path';
      }
      matches.push({
        rule,
        secret,
        path: fragment.path,
        line,
        column: start - index.lineStart(lineIdx) + 1,
        offset: start,
        confidence,
        lowered,
        lineText: index.lineText(lineIdx).slice(0, 2000),
        origin: fragment.origin,
        commit: fragment.commit,
      });
    }
  }
  return resolveOverlaps(matches);
}
