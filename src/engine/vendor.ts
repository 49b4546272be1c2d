// The vendor-context rule kind: a credential without a distinctive prefix (a 32-hex key, a 40-character
// token) is reported only where its provider's name stands near it as a whole word and a key word (or the
// name) introduces it on its line. A rule states the facts (names, key words, the value's shape); this
// module writes the keywords and the regex, so every vendor rule reads every idiom the same way.
// Pure: string building only.
import type { RuleSpec, VendorSpec } from '../types.js';

/** Key words that introduce a credential when a rule names none. */
export const DEFAULT_VENDOR_WORDS = ['key', 'token', 'secret', 'pass', 'pwd', 'auth', 'credential', 'bearer', 'access'];

/** Lower-case words that may follow a name written in lower case without a separator (`oktatoken`). */
const GLUED_WORDS = ['key', 'token', 'secret', 'api', 'pass', 'auth', 'access', 'client', 'app', 'account', 'acct', 'private', 'sk', 'pk'];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `key` → `[kK][eE][yY]`: case-insensitive without the `i` flag, so the value's charset stays case-sensitive. */
export function anyCase(word: string): string {
  return [...word]
    .map((ch) => {
      const lo = ch.toLowerCase();
      const up = ch.toUpperCase();
      return lo === up ? escapeRegex(ch) : `[${lo}${up}]`;
    })
    .join('');
}

/** The parts of a name: letters and digits, split at spaces, `_`, `-`, `.` and camelCase humps. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .map((p) => p.toLowerCase())
    .filter(Boolean);
}

/**
 * A name as a whole word in any case, its parts joined by nothing, `_`, `-`, `.` or a space. It starts where
 * a word starts (after a non-alphanumeric, or at a camelCase hump) and ends where one ends (before a
 * non-letter or an upper-case letter, or before a glued key word: `oktatoken`), so `okta` never matches
 * inside `rookTable` and `sumo` never inside `sumOfExposures`.
 */
export function wholeName(name: string): string {
  const parts = nameParts(name).map(anyCase);
  const body = parts.join('[ _.-]?');
  const start = `(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))${NOT_A_PACKAGE_BEFORE}`;
  const end = `(?:(?![a-z])|(?=(?:${GLUED_WORDS.join('|')})))${NOT_A_PACKAGE_AFTER}`;
  return `${start}${body}${end}`;
}

/**
 * Whether a name spelled `length` characters long at `at` stands where wholeName lets a name stand: a word
 * starts there and one ends after it (the package checks aside). The keyword pass asks it of a vendor
 * rule's keyword hits (engine/scan.ts keywordHits): `chec` inside `check`, `exa` inside `example` open no
 * window, since no match of the rule can stand on them.
 */
export function wholeNameAt(text: string, at: number, length: number): boolean {
  if (at > 0) {
    const prev = text.charCodeAt(at - 1);
    const prevLowerOrDigit = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
    if (prevLowerOrDigit || (prev >= 65 && prev <= 90)) {
      const first = text.charCodeAt(at);
      if (!prevLowerOrDigit || first < 65 || first > 90) return false;
    }
  }
  const end = at + length;
  const next = text.charCodeAt(end);
  if (!(next >= 97 && next <= 122)) return true;
  for (const w of GLUED_WORDS) if (text.startsWith(w, end)) return true;
  return false;
}

/**
 * The keywords of a vendor rule that are whole spellings of its names (nameKeywords): its matches stand
 * only where wholeNameAt holds for them. A name of more than SPELLED_PARTS parts is gated by a part, which
 * may stand anywhere in the name: its keyword is not one of these.
 */
export function wholeNameKeywords(vendor: VendorSpec): Set<string> {
  const whole = new Set<string>();
  const part = new Set<string>();
  for (const n of vendor.names) {
    const parts = nameParts(n);
    for (const k of nameKeywords(parts)) (parts.length > SPELLED_PARTS ? part : whole).add(k);
  }
  for (const k of part) whole.delete(k);
  return whole;
}

/**
 * A provider's name inside a package name is not a vendor context: an npm scope (`@sentry/node`), a
 * registry path or version spec (`node_modules/plivo`, `"plivo@^2.0.0":` and `/plivo/-/plivo-2.0.3.tgz` in a
 * lockfile, whose `#<sha1>` would otherwise read as the provider's key), or a Maven/Gradle coordinate (`com.plivo:plivo-java:5.9.3`,
 * `io.jsonwebtoken:jjwt-api`).
 */
const NOT_A_PACKAGE_BEFORE = '(?<!@|@[\\w.-]{1,60}/|node_modules/|/-/|[a-z0-9]\\.[a-z][\\w-]{0,60}:)';
const NOT_A_PACKAGE_AFTER = '(?![\\w.-]{0,60}(?:/-/|@[\\^~]?[0-9]|\\.tgz\\b)|[\\w.-]{0,60}:[a-z][\\w.-]{0,60}:[0-9$])';

const NAME_RES = new WeakMap<VendorSpec, RegExp>();

/**
 * How far the value at `start` stands from the nearest of the rule's names: the characters between the end
 * of the last name before it (within 300 characters) and the value, or between the value and a name after it
 * on its line. When two vendor rules claim the same value, the nearer name wins: in
 * `IPGEOLOCATION_KEY=a` / `IPSTACK_KEY=b`, b belongs to ipstack although both names stand within reach.
 */
export function nameGap(vendor: VendorSpec, text: string, start: number, end: number): number {
  let re = NAME_RES.get(vendor);
  if (!re) {
    re = new RegExp(`(?:${vendor.names.map(wholeName).join('|')})`, 'g');
    NAME_RES.set(vendor, re);
  }
  const from = Math.max(0, start - 300);
  const before = text.slice(from, start);
  let best = Infinity;
  re.lastIndex = 0;
  for (let m = re.exec(before); m; m = re.exec(before)) {
    best = before.length - (m.index + m[0].length);
    if (m[0].length === 0) re.lastIndex++;
  }
  if (best !== Infinity) return best;
  const nl = text.indexOf('\n', end);
  const after = text.slice(end, nl === -1 ? Math.min(text.length, end + 200) : Math.min(nl, end + 200));
  re.lastIndex = 0;
  const m = re.exec(after);
  return m ? m.index : 1000;
}

/** Raise a clear error for a vendor block that cannot be compiled. */
function check(spec: RuleSpec, vendor: VendorSpec, fail: (what: string) => never): void {
  if (!vendor || typeof vendor !== 'object') fail('vendor must be a mapping with names and value');
  if (!Array.isArray(vendor.names) || vendor.names.length === 0) fail('vendor.names must be a non-empty list');
  for (const n of vendor.names) {
    if (typeof n !== 'string' || nameParts(n).join('').length < 3) fail(`vendor name ${JSON.stringify(n)} needs at least 3 letters`);
  }
  if (vendor.words !== undefined && (!Array.isArray(vendor.words) || vendor.words.some((w) => typeof w !== 'string' || w.length < 2))) {
    fail('vendor.words must be a list of words of at least 2 characters');
  }
  if (typeof vendor.value !== 'string' || !vendor.value) fail('vendor.value must be a regex');
  if (/\((?!\?)|\(\?<(?![=!])/.test(vendor.value.replace(/\\./g, ''))) fail('vendor.value must not hold capture groups: use (?:…)');
  if (spec.pattern !== undefined) fail('a vendor rule has no pattern: the compiler writes it');
}

/** The end of a value: not followed by more token characters (a `.` only before a letter or digit). */
const VALUE_END = '(?![A-Za-z0-9_+/=@-]|\\.[A-Za-z0-9])';

/**
 * A vendor rule's pattern in two parts that the engine runs one after the other (engine/scan.ts):
 * - `value`: the value standing as a whole token, the same for every rule with that value shape (158 shapes
 *   serve 532 rules), so it is compiled once and its search is a tight loop over the window;
 * - `context`: at the value's start, the name near it and a key word (or the name) introducing it on its line:
 *   lookarounds only, run sticky at each value found, so a rule whose value never occurs never compiles it.
 * `pattern` is the two as one regex (the rule's documented pattern, used by `keyscan fake` and rule tests):
 * at any start, it matches exactly where `value` matches and `context` holds.
 */
export function vendorParts(vendor: VendorSpec): { value: string; context: string; pattern: string } {
  let parts = PARTS.get(vendor);
  if (!parts) PARTS.set(vendor, (parts = writeParts(vendor)));
  return parts;
}
const PARTS = new WeakMap<VendorSpec, { value: string; context: string; pattern: string }>();

function writeParts(vendor: VendorSpec): { value: string; context: string; pattern: string } {
  const name = `(?:${vendor.names.map(wholeName).join('|')})`;
  const words = (vendor.words ?? DEFAULT_VENDOR_WORDS).map(anyCase);
  const value = `(?:${vendor.value})`;
  const context = [
    // (a) the name on this line before the value or up to three lines above, or after it on this line;
    `(?:(?<=${name}[\\s\\S]{0,300})|(?=[^\\n]{1,200}${name}))`,
    // (b) a key word or the name introduces the value on its own line.
    `(?<=(?:${[...words, name].join('|')})[^\\n]{0,48})`,
  ].join('');
  const pattern = [
    // Not inside a longer token.
    '(?<![A-Za-z0-9_+/.-])',
    // Cheap test first: the value stands here and ends as a whole token.
    `(?=${value}${VALUE_END})`,
    context,
    `(?<secret>${value})`,
    VALUE_END,
  ].join('');
  return { value: vendorValueSource(vendor), context, pattern };
}

/** vendorParts' `value` alone: cheap (no names), for loading a rule without writing its lookarounds. */
export function vendorValueSource(vendor: VendorSpec): string {
  return `(?<![A-Za-z0-9_+/.-])(?:${vendor.value})${VALUE_END}`;
}

/** What wholeName puts between a name's parts. */
const SEPARATORS = ['', ' ', '_', '.', '-'];
/** Names of more parts than this are gated by their longest part (5^3 spellings would be too many keywords). */
const SPELLED_PARTS = 3;

/**
 * The keywords that gate a vendor rule for one name: every spelling wholeName accepts (`acme weather`,
 * `acme_weather`, `acmeweather`, `acme-weather`, `acme.weather`; the automaton ignores case), so the rule's
 * windows open only where the whole name stands, not at every `app` or `here` of a multi-word name. A name
 * of one part is its own keyword; one of more than SPELLED_PARTS parts is gated by its longest part, which
 * every spelling contains. Either way the rule runs wherever its pattern could match: the pattern needs the
 * whole name within reach, and a window opened at the name covers that reach (engine/scan.ts windowsFor).
 */
export function nameKeywords(parts: string[]): string[] {
  if (parts.length === 1 || parts.length > SPELLED_PARTS) {
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
    return [longest.length >= 3 ? longest : parts.join('')];
  }
  let spellings = [parts[0]];
  for (const part of parts.slice(1)) spellings = spellings.flatMap((head) => SEPARATORS.map((sep) => head + sep + part));
  return spellings;
}

/**
 * Turn a `vendor:` rule into an ordinary rule spec: keywords (every part of every name), confidence
 * `medium` and priority -5 unless the rule says otherwise, and the pattern.
 */
export function expandVendorRule(spec: RuleSpec, fail: (what: string) => never, withPattern = true): RuleSpec {
  const vendor = spec.vendor as VendorSpec;
  check(spec, vendor, fail);
  const keywords = new Set<string>();
  for (const n of vendor.names) for (const k of nameKeywords(nameParts(n))) keywords.add(k);
  return {
    ...spec,
    keywords: [...keywords],
    // A built-in rule's pattern is written when first read (compile.ts): most are never run whole.
    ...(withPattern ? { pattern: vendorParts(vendor).pattern } : {}),
    confidence: spec.confidence ?? 'medium',
    priority: spec.priority ?? -5,
    multiline: false,
  };
}

/**
 * Why a custom vendor rule's value could make V8 backtrack for long, or null. A vendor rule runs on V8 (its
 * pattern needs lookahead, which the linear-time engine of custom rules lacks), so its value must have one
 * shape: at most one place where its length varies, and no repeated group that holds a choice or a
 * repetition (`[a-f0-9]{32}`, `(?:live|test)_[A-Za-z0-9]{24,40}` pass; `\w*\w*!`, `(?:[a-z]+){2,9}` do not).
 * Each start then costs at most the one range's width, so no execution outlasts the time budget.
 */
export function unboundedValue(value: string): string | null {
  let variable = 0;
  /** Per open group: holds `|` or a quantifier. */
  const groups: boolean[] = [];
  let lastGroupBusy = false;
  let prev: 'atom' | 'group' | 'quant' | 'open' = 'open';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    let quant: { variable: boolean; end: number } | null = null;
    if (ch === '\\') {
      i++;
      prev = 'atom';
      continue;
    }
    if (ch === '[') {
      for (i++; i < value.length && value[i] !== ']'; i++) if (value[i] === '\\') i++;
      prev = 'atom';
      continue;
    }
    if (ch === '(') {
      groups.push(false);
      if (value[i + 1] === '?') i += value[i + 2] === '<' ? 3 : 2;
      prev = 'open';
      continue;
    }
    if (ch === ')') {
      lastGroupBusy = groups.pop() ?? false;
      if (lastGroupBusy && groups.length > 0) groups[groups.length - 1] = true;
      prev = 'group';
      continue;
    }
    if (ch === '|') {
      if (groups.length > 0) groups[groups.length - 1] = true;
      prev = 'open';
      continue;
    }
    if (ch === '?' && prev === 'quant') continue; // lazy: the same repetition
    if (ch === '*' || ch === '+' || ch === '?') quant = { variable: true, end: i };
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(value.slice(i));
      if (m) quant = { variable: m[2] !== undefined && m[3] !== m[1], end: i + m[0].length - 1 };
    }
    if (!quant) {
      prev = 'atom';
      continue;
    }
    if (prev === 'group' && lastGroupBusy) return 'a repeated group holds a choice or a repetition';
    if (quant.variable) variable++;
    if (variable > 1) return 'its length varies at more than one place';
    if (groups.length > 0) groups[groups.length - 1] = true;
    i = quant.end;
    prev = 'quant';
  }
  return null;
}
