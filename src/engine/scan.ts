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

/**
 * Where each candidate rule's keywords occur: rule → sorted start offsets. One pass of the keyword
 * regex; a keyword inside a longer one (`sk-` in `sk-ant-api`) counts at its own offset too.
 */
export function keywordHits(text: string, ruleSet: RuleSet): Map<Rule, number[]> {
  const hits = new Map<Rule, number[]>();
  const re = ruleSet.keywordRegex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  const add = (kw: string, at: number) => {
    for (const rule of ruleSet.byKeyword.get(kw) ?? []) {
      const list = hits.get(rule);
      if (!list) hits.set(rule, [at]);
      else if (list[list.length - 1] !== at) list.push(at);
    }
  };
  while ((m = re.exec(text)) !== null) {
    const kw = m[0].toLowerCase();
    add(kw, m.index);
    for (const inner of ruleSet.contained.get(kw) ?? []) add(inner.keyword, m.index + inner.offset);
    re.lastIndex = m.index + 1;
  }
  for (const list of hits.values()) list.sort((x, y) => x - y);
  return hits;
}

/** Rules whose keywords occur in the text. */
export function candidateRules(text: string, ruleSet: RuleSet): Rule[] {
  return [...keywordHits(text, ruleSet).keys()];
}

/** Characters on either side of a keyword that a line-local rule's regex may look at. */
export const WINDOW = 4096;

/**
 * The spans a rule's regex runs on: around each keyword hit, clipped to its line and to WINDOW
 * characters either side, merged. Multi-line rules run on the whole text.
 */
export function windowsFor(text: string, positions: number[], multiline: boolean): [number, number][] {
  if (multiline) return [[0, text.length]];
  const spans: [number, number][] = [];
  // Each span ends at a newline (exclusive) or is clipped WINDOW after its last hit. Scanning only
  // forward from the previous span keeps the work linear on dense lines (minified code, base64).
  let endsAtNewline = false;
  const forward = (from: number, limit: number): number => {
    const nl = text.slice(from, limit).indexOf('\n');
    endsAtNewline = nl !== -1;
    return nl === -1 ? limit : from + nl;
  };
  for (const p of positions) {
    const last = spans[spans.length - 1];
    const limit = Math.min(text.length, p + WINDOW);
    if (last && p <= last[1]) {
      if (!endsAtNewline && last[1] < limit) last[1] = forward(last[1], limit);
      continue;
    }
    const floor = Math.max(last ? last[1] : 0, p - WINDOW);
    const back = text.slice(floor, p).lastIndexOf('\n');
    if (back === -1 && last && !endsAtNewline && p - WINDOW <= last[1]) {
      last[1] = forward(last[1], limit);
      continue;
    }
    spans.push([back === -1 ? floor : floor + back + 1, forward(p, limit)]);
  }
  return spans;
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

/** Is `a` more specific than `b`? Ties break on the rule id, so the outcome never depends on text order. */
function better(a: Match, b: Match): boolean {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] > sb[i];
  return a.rule.id < b.rule.id;
}

/** One match per secret per place: of overlapping secrets, the most specific rule's stands. */
export function resolveOverlaps(matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  const sorted = [...matches].sort((a, b) => a.offset - b.offset);
  const kept: Match[] = [];
  // Sweep clusters of overlapping matches; within a cluster, keep the best, then what does not overlap it.
  let cluster: Match[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const ranked = cluster.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a.offset - b.offset));
    const chosen: Match[] = [];
    for (const m of ranked) {
      const end = m.offset + m.secret.length;
      if (!chosen.some((k) => m.offset < k.offset + k.secret.length && k.offset < end)) chosen.push(m);
    }
    kept.push(...chosen.sort((a, b) => a.offset - b.offset));
    cluster = [];
  };
  for (const m of sorted) {
    if (cluster.length > 0 && m.offset >= clusterEnd) flush();
    cluster.push(m);
    clusterEnd = Math.max(cluster.length === 1 ? 0 : clusterEnd, m.offset + m.secret.length);
  }
  flush();
  return kept;
}

interface Candidate {
  secret: string;
  start: number;
  end: number;
}

/** Every match of one rule's regex in the windows around its keyword hits, as absolute offsets. */
function* ruleCandidates(text: string, rule: Rule, positions: number[]): Generator<Candidate> {
  const re = rule.regex;
  for (const [winStart, winEnd] of windowsFor(text, positions, rule.multiline === true)) {
    const window = winStart === 0 && winEnd === text.length ? text : text.slice(winStart, winEnd);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(window)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = m.indices?.groups?.secret ?? m.indices?.[0];
      const secret = m.groups?.secret ?? m[0];
      if (span && secret) yield { secret, start: span[0] + winStart, end: span[1] + winStart };
    }
  }
}

/** The secret runs into more token characters on either side: part of a longer token. */
function insideToken(text: string, c: Candidate): boolean {
  const { secret, start, end } = c;
  if (start > 0 && TOKEN_CHAR.test(text[start - 1]) && TOKEN_CHAR.test(secret[0])) return true;
  return end < text.length && TOKEN_CHAR.test(text[end]) && TOKEN_CHAR.test(secret[secret.length - 1]);
}

export function scanFragment(fragment: Fragment, ruleSet: RuleSet, options: ScanOptions = {}): Match[] {
  const { text } = fragment;
  const hits = keywordHits(text, ruleSet);
  if (hits.size === 0) return [];
  let index: LineIndex | null = null;
  const foreign = options.foreignMarkers !== false;
  const lowPath = lowConfidencePath(fragment.path);
  const matches: Match[] = [];
  const ownFrom = fragment.ownFrom ?? 0;
  const ownTo = fragment.ownTo ?? Infinity;
  for (const [rule, positions] of hits) {
    for (const c of ruleCandidates(text, rule, positions)) {
      if (c.start < ownFrom || c.start >= ownTo) continue;
      if (rule.boundary !== 'none' && insideToken(text, c)) continue;
      if (rejectReason(rule, c.secret)) continue;
      index ??= new LineIndex(text);
      const lineIdx = index.lineOf(c.start);
      const line = fragment.startLine + lineIdx;
      if (fragment.lines && !fragment.lines.has(line)) continue;
      if (isAllowed(index, lineIdx, foreign)) continue;
      const lowered = lowPath && rule.confidence !== 'low' ? 'in a test, example or documentation path' : undefined;
      matches.push({
        rule,
        secret: c.secret,
        path: fragment.path,
        line,
        column: c.start - index.lineStart(lineIdx) + 1,
        offset: c.start,
        confidence: lowered ? 'low' : rule.confidence,
        lowered,
        lineText: index.lineText(lineIdx).slice(0, 2000),
        origin: fragment.origin,
        commit: fragment.commit,
      });
    }
  }
  return resolveOverlaps(matches);
}
