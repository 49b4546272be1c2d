// The hot path: one fragment of text in, matches out. Pure and synchronous.
import type { Confidence, Fragment, Match, Rule, RuleRegex } from '../types.js';
import type { Budget } from './budget.js';
import { KEYWORD_PASS, type RuleProfile } from './profile.js';
import { type Assignment, findAssignments, isCodePath } from './assignment.js';
import type { DecodeAllowance } from './deep-scan.js';
import { automatonFor, findKeywords, type KeywordAutomaton } from './keywords.js';
import { splitPattern } from './split.js';
import type { RuleSet } from './compile.js';
import { entropyFloor, genericValueReason, placeholderReason, shannonEntropy } from './placeholders.js';
import { CHECKSUM_VALIDATORS, VALIDATORS } from './validators.js';
import { jwtWeakness } from './jwt.js';
import { isKeyscanFake } from './fakes.js';
import { Lines, Newlines } from './lines.js';
import { nameGap, wholeNameAt, wholeNameKeywords } from './vendor.js';
import { codeExpressionReason, isSourceCode, looksLikeWords } from './words.js';
import { contextReason, digestBefore, IN_A_COMMENT, localHostAbove, wordPasswordReason } from './place.js';

export interface ScanOptions {
  /** Honour gitleaks:allow, pragma: allowlist secret and trufflehog:ignore as well as keyscan:allow. */
  foreignMarkers?: boolean;
  /** Also return the unreported claims (public identifiers, checksum-invalid tokens): for rule tests. */
  includeUnreported?: boolean;
  /** Stop a rule that spends longer than this on one fragment (checked between regex executions). */
  budget?: Budget;
  /** Layers of encoding scanDeep looks through (engine/deep-scan.ts; default 2, 0 switches decoding off). */
  decodeDepth?: number;
  /** One file's decoding allowance across its chunks (engine/deep-scan.ts). */
  decodeAllowance?: DecodeAllowance;
  /** The current time in seconds since 1970, for rules tagged jwt (an expired token is low confidence). Absent: not checked. */
  nowSeconds?: number;
  /** Per-rule timing (--profile-rules): totals per rule across every fragment, clock injected. */
  profile?: RuleProfile;
  /**
   * Only letters and digits beside a secret make it part of a longer token (not `_ - + /`): for names,
   * not content, where `keys/dir_ghp_….txt` must still be seen as holding a key (cli/redact-text.ts).
   */
  looseBoundaries?: boolean;
}

const TOKEN_CHAR = /[A-Za-z0-9_+/-]/;
const ALNUM = /[A-Za-z0-9]/;
const KEYSCAN_MARKER = 'keyscan:allow';
const FOREIGN_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore'];

/**
 * A keyword written in lower-case letters only is a word: `pass`, `twilio`, `sentry`. Not `sk-`, `ghp_`,
 * nor the case-exact markers that stand inside a token (`T3BlbkFJ`, `ACDb`, `AIoT`, `AKIA`).
 */
const WORD_KEYWORD = /^[a-z]{3,}$/;

/**
 * Does a word keyword found at `at` start a word or an identifier part? After a non-letter (`DB_PASS`,
 * `"twilio`, `.sentry`), at a camelCase hump (`myTwilio`, `APIToken`): yes. Inside a word (`compass`,
 * `bypass`, `zqtwilio`): no, and a hand-written rule's window does not open there. Assignment rules read
 * names themselves (names.ts) and take every hit; vendor rules take a name's hit where it stands whole
 * (vendor.ts wholeNameAt).
 */
export function wordStartsAt(text: string, at: number): boolean {
  if (at === 0) return true;
  const prev = text.charCodeAt(at - 1);
  const prevUpper = prev >= 65 && prev <= 90;
  const prevLower = prev >= 97 && prev <= 122;
  if (!prevUpper && !prevLower) return true;
  const first = text.charCodeAt(at);
  const firstUpper = first >= 65 && first <= 90;
  if (prevLower) return firstUpper;
  const next = text.charCodeAt(at + 1);
  return firstUpper && next >= 97 && next <= 122;
}

/**
 * keywordHits' per-keyword lists, reused from call to call: slot `id` belongs to the current call where
 * `stamp[id]` holds its number. A fresh 1,580-slot array per fragment and per decoded piece cost more than
 * the search itself. (keywordHits runs to completion before it returns: no two calls share the slots.)
 */
interface Scratch {
  calls: number;
  stamp: Float64Array;
  seen: [number[][], number[][], number[][]][];
  /**
   * By keyword id, made when a text first holds the keyword (keywordRules): its rules, whether each takes
   * the keyword only where it starts a word, and the rules that require the keyword (a text holding it
   * satisfies them).
   */
  rules: ({ rules: readonly Rule[]; kind: HitKind[]; required: Rule[] } | undefined)[];
  /** wholeNameKeywords of each vendor rule met so far. */
  names: Map<Rule, Set<string>>;
}

/** How a rule takes a keyword's hits: all of them, where a word starts (wordStartsAt), where a whole vendor name stands (wholeNameAt). */
const enum HitKind {
  Any,
  Word,
  Name,
}
const SCRATCH = new WeakMap<RuleSet, Scratch>();

function scratchFor(ruleSet: RuleSet, automaton: KeywordAutomaton): Scratch {
  let s = SCRATCH.get(ruleSet);
  if (!s || s.stamp.length !== automaton.keywords.length) {
    const n = automaton.keywords.length;
    SCRATCH.set(ruleSet, (s = { calls: 0, stamp: new Float64Array(n), seen: new Array(n), rules: new Array(n), names: new Map() }));
  }
  return s;
}

/** A keyword's entry of Scratch.rules, made when a text first holds the keyword (its rules compile then). */
function keywordRules(ruleSet: RuleSet, s: Scratch, id: number, kw: string): NonNullable<Scratch['rules'][number]> {
  const list = ruleSet.unlocks(id);
  const kind = list.map((rule) => {
    if (rule.vendor) {
      let whole = s.names.get(rule);
      if (!whole) s.names.set(rule, (whole = wholeNameKeywords(rule.vendor)));
      return whole.has(kw) ? HitKind.Name : HitKind.Any;
    }
    return !rule.assignment && WORD_KEYWORD.test(kw) && rule.keywords.includes(kw) ? HitKind.Word : HitKind.Any;
  });
  return (s.rules[id] = { rules: list, kind, required: ruleSet.requiredBy.get(kw) ?? [] });
}

/**
 * Where each candidate rule's keywords occur: rule → sorted start offsets. One pass of the keyword
 * automaton (engine/keywords.ts), which reports overlapping and nested keywords (`sk-` inside
 * `sk-ant-api`) at their own offsets.
 *
 * Dense runs are compressed: of three hits r ≤ q ≤ p of one rule on one line within WINDOW of each
 * other, q adds nothing to the windows (windowsFor is the union of each hit's window, and q's lies
 * inside r's ∪ p's), so it is dropped. 2 MB of one letter that is also a keyword then yields a few
 * hundred offsets, not two million.
 */
export function keywordHits(text: string, ruleSet: RuleSet, satisfied?: Set<Rule>): Map<Rule, number[]> {
  const automaton = automatonFor(ruleSet.keywords);
  const hits = new Map<Rule, number[]>();
  // Per keyword id seen in this text: its rules' offset lists (looked up once), split by how each rule takes
  // the keyword's hits (HitKind): every hit, where a word starts, where a whole vendor name stands.
  const state = scratchFor(ruleSet, automaton);
  const call = ++state.calls;
  const { stamp, seen, rules } = state;
  const { lengths } = automaton;
  const listsOf = (id: number): [number[][], number[][], number[][]] => {
    const lists: [number[][], number[][], number[][]] = [[], [], []];
    const r = rules[id] ?? keywordRules(ruleSet, state, id, automaton.keywords[id]);
    // Rules that require this literal may run on this text (`requires`; scanFragment checks).
    if (satisfied) for (const rule of r.required) satisfied.add(rule);
    for (let k = 0; k < r.rules.length; k++) {
      let list = hits.get(r.rules[k]);
      if (!list) hits.set(r.rules[k], (list = []));
      lists[r.kind[k]].push(list);
    }
    stamp[id] = call;
    return (seen[id] = lists);
  };
  // The last newline before the offset being added, kept by a forward-only walk (hits arrive in
  // nearly increasing order; an offset behind the walk just skips compression).
  let lastNl = -1;
  let nextNl = text.indexOf('\n');
  const add = (list: number[], at: number): void => {
    const n = list.length;
    if (n === 0) {
      list.push(at);
      return;
    }
    const q = list[n - 1];
    if (q === at) return;
    if (n >= 2) {
      const r = list[n - 2];
      if (r <= q && q <= at && at - r <= WINDOW && lastNl < r) {
        list[n - 1] = at;
        return;
      }
    }
    list.push(at);
  };
  findKeywords(text, automaton, (id, at) => {
    while (nextNl !== -1 && nextNl < at) {
      lastNl = nextNl;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    const [any, word, name] = stamp[id] === call ? seen[id] : listsOf(id);
    for (let k = 0; k < any.length; k++) add(any[k], at);
    if (word.length > 0 && wordStartsAt(text, at)) for (let k = 0; k < word.length; k++) add(word[k], at);
    if (name.length > 0 && wholeNameAt(text, at, lengths[id])) for (let k = 0; k < name.length; k++) add(name[k], at);
  });
  for (const [rule, list] of hits) {
    if (list.length === 0) hits.delete(rule);
    else {
      list.sort((x, y) => x - y);
      // Two keywords of one rule at one offset (`sk-` and `sk-proj-`) count once.
      let w = 1;
      for (let i = 1; i < list.length; i++) if (list[i] !== list[w - 1]) list[w++] = list[i];
      list.length = w;
    }
  }
  return hits;
}

/** Characters on either side of a keyword that a line-local rule's regex may look at. */
export const WINDOW = 4096;
/** Lines after a keyword's own line that its window also covers (YAML blocks, k8s env, Terraform). */
export const CONTEXT_LINES = 3;

/**
 * The spans a rule's regex runs on: from the start of each keyword hit's line through the next
 * CONTEXT_LINES lines, clipped to WINDOW characters either side, merged. So context (a provider name,
 * an assignment) must stand on the secret's line or just above it. Multi-line rules run on the whole text.
 * `newlines`: the text's, shared by the rules of one fragment.
 */
export function windowsFor(text: string, positions: number[], multiline: boolean, newlines = new Newlines(text)): [number, number][] {
  if (multiline) return [[0, text.length]];
  const spans: [number, number][] = [];
  for (const p of positions) {
    const last = spans[spans.length - 1];
    // The end of the CONTEXT_LINES-th line after the one holding p (exclusive), at most WINDOW past p.
    const limit = Math.min(text.length, p + WINDOW);
    const nl = newlines.nth(p, CONTEXT_LINES + 1, limit);
    const end = nl === -1 ? limit : nl;
    if (last && p <= last[1]) {
      if (end > last[1]) last[1] = end;
      continue;
    }
    const floor = Math.max(last ? last[1] : 0, p - WINDOW);
    const back = newlines.last(floor, p);
    if (back === -1 && last && p - WINDOW <= last[1]) {
      last[1] = end;
      continue;
    }
    spans.push([back === -1 ? floor : back + 1, end]);
  }
  return spans;
}

class LineIndex extends Lines {

  /** Markers on each line, read once per line: a minified line of megabytes is searched once, not per candidate. */
  private markers = new Map<number, number>();
  lineMarkers(index: number, foreign: boolean): number {
    let bits = this.markers.get(index);
    if (bits === undefined) {
      const text = this.lineText(index);
      const next = text.includes(`${KEYSCAN_MARKER}-next-line`);
      bits = (text.includes(KEYSCAN_MARKER) && !next ? ALLOW_LINE : 0) | (next ? ALLOW_NEXT : 0);
      if (foreign && FOREIGN_MARKERS.some((m) => text.includes(m))) bits |= ALLOW_LINE;
      this.markers.set(index, bits);
    }
    return bits;
  }
}

/** Up to `count` lines above line `index`, nearest last, each cut to its last 300 characters. */
function linesAbove(index: LineIndex, line: number, count: number): string {
  const out: string[] = [];
  for (let i = Math.max(0, line - count); i < line; i++) out.push(index.lineText(i).slice(-300));
  return out.join('\n');
}

const ALLOW_LINE = 1;
const ALLOW_NEXT = 2;

/** How far from a secret (same line) a marker still speaks for it: a minified line is one line, not one statement. */
export const MARKER_REACH = 200;
/** Lines up to this long are one statement: `keyscan:allow` anywhere on them counts (the contract's rule). */
const WHOLE_LINE = 1000;

function isAllowed(index: LineIndex, line: number, foreign: boolean, start: number, end: number): boolean {
  if (index.lineMarkers(line, foreign) & ALLOW_LINE) {
    const from = index.lineStart(line);
    const text = index.lineText(line);
    const near = text.slice(Math.max(0, start - from - MARKER_REACH), Math.min(text.length, end - from + MARKER_REACH));
    if (foreign && FOREIGN_MARKERS.some((m) => near.includes(m))) return true;
    if (near.includes(KEYSCAN_MARKER)) return true;
    if (text.length <= WHOLE_LINE && text.includes(KEYSCAN_MARKER) && !text.includes(`${KEYSCAN_MARKER}-next-line`)) return true;
  }
  return line > 0 && (index.lineMarkers(line - 1, foreign) & ALLOW_NEXT) !== 0;
}

/**
 * A copy of a short piece of a large text that does not keep the text alive: V8 represents a slice
 * or a regex capture as a view of its parent, so a Match holding one would pin a 4 MB chunk in
 * memory for the rest of the scan. (Flattening `' ' + s` makes a fresh string; the slice views that.)
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The reason given for a token made by `keyscan fake` (engine/fakes.ts). */
export const KEYSCAN_FAKE = 'keyscan fake';

/** Why a candidate secret is rejected: the reason in words, and which check said so. */
export interface Rejection {
  reason: string;
  check: 'placeholder' | 'entropy' | 'generic' | 'validator' | 'fake';
}

/** Why a candidate secret is rejected, or null if it stands. */
export function rejection(rule: Rule, secret: string): Rejection | null {
  const prefix = rule.prefix && secret.startsWith(rule.prefix) ? rule.prefix : '';
  const body = secret.slice(prefix.length);
  const placeholder = placeholderReason(secret, body);
  if (placeholder) return { reason: placeholder, check: 'placeholder' };
  if (rule.entropy !== undefined && shannonEntropy(body) < entropyFloor(rule.entropy, body.length)) return { reason: 'entropy below the rule floor', check: 'entropy' };
  if (rule.tags?.includes('generic')) {
    const kind = (rule.assignment ? rule.assignment.names.includes('password') : /passw|pwd/.test(rule.id)) ? 'password' : 'secret';
    const generic = genericValueReason(secret, rule.assignment?.min_length, rule.entropy, kind);
    if (generic) return { reason: generic, check: 'generic' };
  }
  // A vendor rule's value is any run of its charset near the provider's name: a word there
  // (`/* preconfiguration */` beside `geoip`) is text, not a key.
  if (rule.vendor && looksLikeWords(secret, true)) return { reason: 'words, not a secret', check: 'generic' };
  if (rule.validator && !VALIDATORS[rule.validator](secret)) return { reason: `fails ${rule.validator} check`, check: 'validator' };
  if (isKeyscanFake(secret)) return { reason: KEYSCAN_FAKE, check: 'fake' };
  return null;
}

/** Why a candidate secret is rejected, in words, or null if it stands. */
export function rejectReason(rule: Rule, secret: string): string | null {
  return rejection(rule, secret)?.reason ?? null;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

function specificity(m: Match): number[] {
  const rule = m.rule;
  return [rule.priority ?? 0, CONFIDENCE_RANK[rule.confidence], rule.validator ? 1 : 0, m.secret.length];
}

/** For matches of vendor rules: how far the provider's name stands from the value (engine/vendor.ts nameGap). */
const NAME_GAP = new WeakMap<Match, number>();

/**
 * Is `a` more specific than `b`? Between two vendor rules of equal rank, the one whose name stands nearer the
 * value wins. Ties break on the rule id, so the outcome never depends on text order.
 */
function better(a: Match, b: Match): boolean {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < 2; i++) if (sa[i] !== sb[i]) return sa[i] > sb[i];
  const ga = NAME_GAP.get(a);
  const gb = NAME_GAP.get(b);
  if (ga !== undefined && gb !== undefined && ga !== gb) return ga < gb;
  for (let i = 2; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] > sb[i];
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
    for (const m of chosen.sort((a, b) => a.offset - b.offset)) kept.push(m);
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

const NAME_BEFORE = /([A-Za-z_][\w.-]{0,80})["'\]]?\s*(?::=|=>|==?|:|,|\()?\s*\(?\s*["'`]?$/;
const SECRET_NAME = /key|token|secret|passw|pwd|auth|credential|private|bearer|api/i;
const NOT_SECRET_SUFFIX =
  /(?:^|[_.-])(?:id|ids|uuid|guid|hash|sha\d*|md5|digest|checksum|crc|trace|span|request|commit|revision|rev|version|etag|nonce|salt|fingerprint|build|sid|region|model|name|username|email|url|uri|host|endpoint|project|org|image|tag|color|theme)$/i;
const NOT_SECRET_CAMEL = /[a-z0-9](?:Id|ID|Uuid|Hash|Sha|Digest|Checksum|Sid|Url|Version)$/;

/**
 * For rules that depend on context: the name the value is assigned to, when it says the value is an
 * identifier, hash or version (`trace_id = "…"`, `commitSha: …`) rather than a credential.
 */
export function identifierName(lineBefore: string): string | null {
  const m = NAME_BEFORE.exec(lineBefore.slice(-200));
  if (!m) return null;
  const name = m[1];
  const identifier = NOT_SECRET_SUFFIX.test(name) || NOT_SECRET_CAMEL.test(name);
  return identifier && !SECRET_NAME.test(name.replace(/(?:Id|ID|_id|-id|\.id|_ID)$/, '')) ? name : null;
}

export interface Candidate {
  secret: string;
  start: number;
  end: number;
  /** Read by the assignment parser, which bounds the value itself (`${X:-default}` follows a `-`). */
  parsed?: boolean;
}

/**
 * How far outside what a chunk owns its candidates are still resolved against its own: longer than
 * any secret, so a secret straddling the boundary meets the same rivals in both chunks.
 */
const OWN_MARGIN = 16 * 1024;

/** Characters one execution of a custom rule's linear-time regex reads at most (with LINEAR_MARGIN on each side). */
const LINEAR_PIECE = 64 * 1024;
const LINEAR_MARGIN = 16 * 1024;

/**
 * A custom rule's windows cut into pieces: linear time is still ~50 µs a character for a large RE2 program,
 * so one execution over a 4 MB multi-line window could outlast the budget many times over. Each piece owns
 * the matches that start in [ownFrom, ownTo) and reads LINEAR_MARGIN more on either side; the budget is read
 * between pieces as between any executions.
 */
function linearPieces(windows: [number, number][]): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const [start, end] of windows) {
    if (end - start <= LINEAR_PIECE + 2 * LINEAR_MARGIN) {
      out.push([start, end, start, end]);
      continue;
    }
    for (let own = start; own < end; own += LINEAR_PIECE) {
      const ownTo = Math.min(end, own + LINEAR_PIECE);
      out.push([Math.max(start, own - LINEAR_MARGIN), Math.min(end, ownTo + LINEAR_MARGIN), own, ownTo]);
    }
  }
  return out;
}

/** Where a rule was stopped by the time budget: the offset it had reached. */
interface Stopped {
  at: number;
  spentMs: number;
}

/** Assignments already read in this fragment, by anchors and window: rules that share keywords parse once. */
type ParsedWindows = Map<RegExp, Map<number, Assignment[]>>;

/**
 * A rule's regex without the `d` flag, for the search: V8 runs a regex that must report indices on a
 * slow path (a runtime call per execution, ~15 % of a tree scan), while matches are rare. Where the
 * secret stands is then read from the match itself, or, when that is ambiguous, from the rule's own
 * regex run once, sticky, at the match (the same regex at the same place: the same match).
 */
interface Fast {
  search: RuleRegex;
  sticky: RegExp | null;
  /** The `secret` group stands outside every lookaround, so it lies inside the match. */
  plain: boolean;
  /**
   * The pattern as a value searched over the window and a context run sticky where a value starts
   * (engine/split.ts), when everything before its secret is zero-width; null to run it whole.
   */
  split: { value: RegExp; context: RegExp } | null;
}

/** One value regex per value source and flags: rules whose secrets share a shape share it. */
const SPLIT_VALUES = new Map<string, RegExp>();

function splitFor(re: RegExp): Fast['split'] {
  const parts = splitPattern(re.source);
  if (!parts) return null;
  const flags = re.flags.replace('d', '');
  const key = `${flags}/${parts.value}`;
  let value = SPLIT_VALUES.get(key);
  if (!value) SPLIT_VALUES.set(key, (value = new RegExp(parts.value, flags)));
  // Made now (parsing is cheap); V8 compiles it when first run, where a value first stands.
  return { value, context: new RegExp(parts.context, `${flags.replace('g', '')}y`) };
}

/** Whether `(?<secret>` stands outside every lookahead and lookbehind of the pattern (or is absent). */
function secretOutsideLookaround(source: string): boolean {
  const stack: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') {
      if (source.startsWith('(?<secret>', i)) return !stack.includes(true);
      stack.push(/^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4)));
    } else if (c === ')') stack.pop();
  }
  return true;
}
const FAST = new WeakMap<RuleRegex, Fast>();

function fastFor(re: RuleRegex): Fast {
  let fast = FAST.get(re);
  if (!fast) {
    // A custom rule's linear-time regex (engine/linear.ts) reports indices itself: searched as it is.
    fast =
      re instanceof RegExp
        ? { search: new RegExp(re.source, re.flags.replace('d', '')), sticky: null, plain: secretOutsideLookaround(re.source), split: splitFor(re) }
        : { search: re, sticky: null, plain: false, split: null };
    FAST.set(re, fast);
  }
  return fast;
}

/** Where the secret (the `secret` group, else the whole match) starts in the window. */
function secretAt(m: RegExpExecArray, secret: string, re: RuleRegex, window: string): number {
  if (m.indices) return (m.indices.groups?.secret ?? m.indices[0])[0];
  const whole = m[0];
  if (m.groups?.secret === undefined) return m.index;
  const fast = fastFor(re);
  if (fast.plain) {
    // The group is a substring of the match equal to `secret`: where that occurs once, the group is there.
    const first = whole.indexOf(secret);
    if (first !== -1 && whole.indexOf(secret, first + 1) === -1) return m.index + first;
  }
  fast.sticky ??= new RegExp(re.source, re.flags.replace('g', '') + (re.flags.includes('d') ? 'y' : 'dy'));
  fast.sticky.lastIndex = m.index;
  const again = fast.sticky.exec(window);
  const span = again?.indices?.groups?.secret ?? again?.indices?.[0];
  return span ? span[0] : m.index;
}

/**
 * Every match of one rule's regex in the windows around its keyword hits, as absolute offsets, added to `out`.
 * With a budget, the clock is read between executions; past the deadline the rule stops and
 * `stopped.at` says where.
 */
function ruleCandidates(out: Candidate[], text: string, rule: Rule, positions: number[], path: string, parsed: ParsedWindows, newlines: Newlines, budget?: Budget, stopped?: Stopped): void {
  const re = rule.regex;
  const started = budget ? budget.now() : 0;
  const deadline = budget ? started + budget.ms : Infinity;
  const assign = rule.assignment;
  const code = assign ? isCodePath(path) : false;
  // A rule that needs its provider's public id in the same file: one search of the fragment.
  if (rule.assignBeside && !rule.assignBeside.test(text)) return;
  const linear = !assign && !(re instanceof RegExp);
  const windows = windowsFor(text, positions, rule.multiline === true, newlines);
  for (const [winStart, winEnd, ownFrom = winStart, ownTo = winEnd] of linear ? linearPieces(windows) : windows) {
    const window = winStart === 0 && winEnd === text.length ? text : text.slice(winStart, winEnd);
    if (assign) {
      // Rules with the same keywords share one anchors regex (compile.ts), hence the same windows.
      let byWindow = parsed.get(rule.anchors!);
      if (!byWindow) parsed.set(rule.anchors!, (byWindow = new Map()));
      let found = byWindow.get(winStart);
      if (!found) byWindow.set(winStart, (found = findAssignments(window, rule.anchors!, code)));
      for (const a of found) {
        if (rule.assignValue && !rule.assignValue.test(a.value)) continue;
        if (rule.assignName && !rule.assignName.test(a.name.split(/\.|::|->/).pop() ?? '')) continue;
        if (assign.names.includes(a.cls) && assign.values.includes(a.form)) out.push({ secret: a.value, start: a.start + winStart, end: a.end + winStart, parsed: true });
      }
      continue;
    }
    const fast = rule.vendorValue ? null : fastFor(re);
    if (rule.vendorValue || fast?.split) {
      const [value, context] = rule.vendorValue ? [rule.vendorValue, rule.vendorContext!] : [fast!.split!.value, fast!.split!.context];
      vendorCandidates(out, window, winStart, value, context, budget, stopped, deadline, started);
      if (stopped && stopped.at >= 0) return;
      continue;
    }
    const { search } = fast!;
    search.lastIndex = 0;
    let m: RegExpExecArray | null;
    for (;;) {
      if (budget && stopped) {
        const now = budget.now();
        if (now > deadline) {
          stopped.at = winStart + search.lastIndex;
          stopped.spentMs = now - started;
          return;
        }
      }
      if ((m = search.exec(window)) === null) break;
      if (m[0].length === 0) {
        search.lastIndex++;
        continue;
      }
      const secret = m.groups?.secret ?? m[0];
      if (!secret) continue;
      const at = secretAt(m, secret, re, window);
      if (m.index + winStart < ownFrom || m.index + winStart >= ownTo) continue; // another piece's match
      out.push({ secret, start: at + winStart, end: at + secret.length + winStart });
    }
  }
}

/**
 * A vendor rule's matches in one window: each whole-token value (the shared value regex), kept where the
 * rule's context holds at its start (the sticky lookarounds). The same matches as the rule's whole pattern:
 * where the context fails, the search goes on one character later, as the pattern's own would. A split
 * pattern's (engine/split.ts) the same way: its value matches from where its `secret` group starts.
 */
export function vendorCandidates(out: Candidate[], window: string, winStart: number, value: RegExp, context: RegExp, budget: Budget | undefined, stopped: Stopped | undefined, deadline: number, started: number): void {
  let from = 0;
  for (;;) {
    if (budget && stopped) {
      const now = budget.now();
      if (now > deadline) {
        stopped.at = winStart + from;
        stopped.spentMs = now - started;
        return;
      }
    }
    // The value regex is shared between rules: its position is kept here, not in it.
    value.lastIndex = from;
    const m = value.exec(window);
    if (m === null) return;
    context.lastIndex = m.index;
    if (m[0].length === 0 || !context.test(window)) {
      from = m.index + 1;
      continue;
    }
    from = m.index + m[0].length;
    const secret = m.groups?.secret ?? m[0];
    if (secret) out.push({ secret, start: m.index + winStart, end: m.index + secret.length + winStart });
  }
}

/** The secret runs into more token characters on either side: part of a longer token. */
function insideToken(text: string, c: Candidate, token = TOKEN_CHAR): boolean {
  const { secret, start, end } = c;
  if (start > 0 && token.test(text[start - 1]) && token.test(secret[0])) return true;
  return end < text.length && token.test(text[end]) && token.test(secret[secret.length - 1]);
}

/** Rules tagged jwt: an expired or unsigned token is reported with low confidence, saying why. */
function weakJwt(rule: Rule, secret: string, nowSeconds?: number): Pick<Match, 'confidence' | 'lowered'> | null {
  if (!rule.tags?.includes('jwt')) return null;
  const why = jwtWeakness(secret, nowSeconds);
  return why ? { confidence: 'low', lowered: why } : null;
}

/**
 * A context rule's value that is not a literal: an unquoted value in source code is an expression
 * (`apiKey: SensitiveString2048`, `token = e.accessToken`); elsewhere, one shaped like code.
 */
function unquotedCode(text: string, c: Candidate, rule: Rule, path: string): boolean {
  const before = text[c.start - 1];
  if (before === '"' || before === "'" || before === '`') return false;
  const assigned = /[=:]\s*$/.test(text.slice(Math.max(0, c.start - 8), c.start));
  if (rule.tags?.includes('generic') && assigned && isSourceCode(path)) return true;
  return codeExpressionReason(c.secret) !== null;
}

export function scanFragment(fragment: Fragment, ruleSet: RuleSet, options: ScanOptions = {}): Match[] {
  const { text } = fragment;
  const profile = options.profile;
  const keywordsFrom = profile ? profile.now() : 0;
  const satisfied = ruleSet.requiredBy.size > 0 ? new Set<Rule>() : undefined;
  const hits = keywordHits(text, ruleSet, satisfied);
  if (profile) profile.add(KEYWORD_PASS, profile.now() - keywordsFrom, hits.size);
  if (hits.size === 0) return [];
  let index: LineIndex | null = null;
  const foreign = options.foreignMarkers !== false;
  const matches: Match[] = [];
  const ownFrom = fragment.ownFrom ?? 0;
  const ownTo = fragment.ownTo ?? Infinity;
  // The column of text[0] in its line: a chunk of a long line starts mid-line.
  const firstColumn = fragment.startColumn ?? 1;
  const budget = options.budget;
  const parsed: ParsedWindows = new Map();
  const newlines = new Newlines(text);
  for (const [rule, positions] of hits) {
    if (rule.appliesTo && !rule.appliesTo(fragment.path)) continue;
    if (rule.requiresLower && !satisfied?.has(rule)) continue;
    const stopped: Stopped = { at: -1, spentMs: 0 };
    const ruleFrom = profile ? profile.now() : 0;
    let candidates = 0;
    // The provider's public id elsewhere in the file makes its secret certain (a Twilio SID beside a token).
    let ruleConfidence: Confidence | undefined;
    const found: Candidate[] = [];
    ruleCandidates(found, text, rule, positions, fragment.path, parsed, newlines, budget, stopped);
    for (const c of found) {
      candidates++;
      // Candidates in the context a chunk carries but does not own still take part in overlap
      // resolution below (as they do when the text is scanned whole); ownership is applied after it.
      if (c.start < ownFrom - OWN_MARGIN || c.start >= ownTo + OWN_MARGIN) continue;
      if (rule.boundary !== 'none' && !c.parsed && insideToken(text, c, options.looseBoundaries ? ALNUM : TOKEN_CHAR)) continue;
      if (digestBefore(text.slice(Math.max(0, c.start - 8), c.start))) continue;
      const rejected = rejection(rule, c.secret);
      // A provider token that fails its checksum is not a secret, and no looser rule may report its
      // characters either: it stays as an unreported claim. So do public identifiers (report: false).
      const claim = rejected?.check === 'validator' && CHECKSUM_VALIDATORS.has(rule.validator ?? '') && rule.report !== false;
      if (rejected && !claim) continue;
      const phantom = claim || rule.report === false;
      if (!phantom && rule.confidence === 'medium' && unquotedCode(text, c, rule, fragment.path)) continue;
      if (!phantom && rule.confidence === 'medium' && !rule.tags?.includes('generic') && !rule.tags?.includes('structural')) {
        const lineStart = text.lastIndexOf('\n', c.start - 1) + 1;
        if (identifierName(text.slice(Math.max(lineStart, c.start - 200), c.start))) continue;
      }
      index ??= new LineIndex(text);
      const lineIdx = index.lineOf(c.start);
      const line = fragment.startLine + lineIdx;
      if (fragment.lines && !fragment.lines.has(line)) continue;
      if (isAllowed(index, lineIdx, foreign, c.start, c.end)) continue;
      let lowered: string | undefined;
      if (rule.confidence !== 'low') {
        const lineStart = index.lineStart(lineIdx);
        // The lines above, up to five, that may introduce the match as an example (engine/place.ts).
        const above = linesAbove(index, lineIdx, 5);
        lowered = contextReason(text.slice(Math.max(lineStart, c.start - 2000), c.start), text.slice(c.end, c.end + 200), above, fragment.path) ?? undefined;
        if (!lowered && rule.tags?.includes('generic') && /passw|pwd/.test(rule.id) && localHostAbove(above)) lowered = 'a password for a local host';
      }
      // A distinctive key in a plain comment may be a live key commented out: medium (it still blocks a
      // commit), not low. Comments that introduce an example, local hosts, test paths: low.
      ruleConfidence ??= rule.confidentBeside?.test(text) ? 'high' : rule.confidence;
      let confidence: Confidence = lowered ? (lowered === IN_A_COMMENT && ruleConfidence === 'high' ? 'medium' : 'low') : ruleConfidence;
      if (confidence === 'high') {
        const plain = wordPasswordReason(text.slice(Math.max(0, c.start - 200), c.start), c.secret);
        if (plain) [confidence, lowered] = ['medium', plain];
      }
      const match: Match = {
        rule,
        secret: detach(c.secret),
        path: fragment.path,
        line,
        column: c.start - index.lineStart(lineIdx) + 1 + (lineIdx === 0 ? firstColumn - 1 : 0),
        offset: c.start,
        confidence,
        ...(lowered ? { lowered } : {}),
        ...weakJwt(rule, c.secret, options.nowSeconds),
        lineText: detach(index.lineText(lineIdx).slice(0, 2000)),
        origin: fragment.origin,
        commit: fragment.commit,
        ...(fragment.inner !== undefined ? { inner: fragment.inner } : {}),
        ...(phantom ? { phantom: true } : {}),
      };
      if (rule.vendor) NAME_GAP.set(match, nameGap(rule.vendor, text, c.start, c.end));
      matches.push(match);
    }
    if (profile) profile.add(rule.id, profile.now() - ruleFrom, candidates);
    if (budget && stopped.at >= 0) {
      index ??= new LineIndex(text);
      const at = Math.min(stopped.at, text.length);
      budget.onExceeded({ rule: rule.id, path: fragment.path, line: fragment.startLine + index.lineOf(at), spentMs: stopped.spentMs });
    }
  }
  const resolved = resolveOverlaps(matches).filter((m) => m.offset >= ownFrom && m.offset < ownTo);
  return options.includeUnreported ? resolved : resolved.filter((m) => !m.phantom);
}
