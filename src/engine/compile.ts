// Turn rule specs (parsed YAML) into compiled rules, rejecting broken ones with the rule's id.
// Pure: no file system; the loader in src/rules.ts reads the files.
import { KeyscanError } from '../errors.js';
import type { Confidence, Rule, RuleRegex, RuleSpec, Severity } from '../types.js';
import { LinearRegExp } from './linear.js';
import { redosRisk } from './redos.js';
import { VALIDATORS } from './validators.js';
import { expandVendorRule, unboundedValue, vendorParts, vendorValueSource } from './vendor.js';

export { redosRisk };

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
const CONFIDENCES: Confidence[] = ['high', 'medium', 'low'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface RuleSet {
  /** Every rule, compiled (a lazy set, lazyRuleSet, compiles all of them when this is first read). */
  readonly rules: Rule[];
  /** Every distinct lower-case keyword, and the rules it unlocks (a lazy set compiles all to list them). */
  readonly byKeyword: Map<string, Rule[]>;
  /** Each literal some rule `requires`, and those rules (they run only on text holding one of theirs). */
  readonly requiredBy: Map<string, Rule[]>;
  /** The keys of byKeyword, in its order (the keyword automaton's), read without compiling a rule. */
  readonly keywords: readonly string[];
  /** How many rules, without compiling them. */
  readonly size: number;
  /** byKeyword's rules for `keywords[k]`, compiling only those. */
  unlocks(k: number): readonly Rule[];
  /** The rule with this id, compiling only it. */
  ruleById(id: string): Rule | undefined;
}

function fail(source: string, id: string | undefined, what: string): never {
  throw new KeyscanError(`broken rule ${id ?? '(no id)'} in ${source}: ${what}`);
}

/**
 * `trusted`: a built-in rule (checked at build time: no backtracking check, lazy compile). `custom`: a rule a
 * configuration brings (a scanned repository's own, possibly hostile): it runs on the linear-time engine.
 */
export function compileRule(written: RuleSpec, source: string, requireExamples = true, trusted = false, custom = false): Rule {
  const id = written.id;
  if (typeof id !== 'string' || !ID.test(id)) fail(source, id, 'id must be kebab-case');
  const vendor = written.vendor;
  const spec = vendor !== undefined ? expandVendorRule(written, (what) => fail(source, id, what), !trusted) : written;
  if (custom && written.vendor !== undefined) {
    const why = unboundedValue(written.vendor.value);
    if (why) fail(source, id, `vendor.value of a custom rule must vary in length at one place at most (${why})`);
  }
  for (const field of ['provider', 'title', 'description'] as const) {
    if (typeof spec[field] !== 'string' || !spec[field]) fail(source, id, `missing ${field}`);
  }
  if (spec.assignment !== undefined) checkAssignment(spec, source);
  else if ((vendor === undefined || !trusted) && (typeof spec.pattern !== 'string' || !spec.pattern)) fail(source, id, 'missing pattern');
  if (!id.startsWith(spec.provider.toLowerCase().replace(/[^a-z0-9]+/g, '-'))) {
    fail(source, id, `id must start with the provider (${spec.provider})`);
  }
  if (!SEVERITIES.includes(spec.severity)) fail(source, id, `severity must be one of ${SEVERITIES.join(', ')}`);
  const confidence = spec.confidence ?? 'high';
  if (!CONFIDENCES.includes(confidence)) fail(source, id, `confidence must be one of ${CONFIDENCES.join(', ')}`);
  if (!Array.isArray(spec.keywords) || spec.keywords.length === 0 || spec.keywords.some((k) => typeof k !== 'string' || k.length < 3)) {
    fail(source, id, 'keywords must be a non-empty list of strings of at least 3 characters');
  }
  if (spec.validator !== undefined && !VALIDATORS[spec.validator]) fail(source, id, `unknown validator ${spec.validator}`);
  if (spec.requires !== undefined && (!Array.isArray(spec.requires) || spec.requires.length === 0 || spec.requires.some((k) => typeof k !== 'string' || k.length < 2))) {
    fail(source, id, 'requires must be a non-empty list of strings of at least 2 characters');
  }
  const requiresLower = spec.requires?.map((k) => k.toLowerCase());
  const examples = spec.examples ?? [];
  const negatives = spec.negative_examples ?? [];
  if (!Array.isArray(examples) || !Array.isArray(negatives)) fail(source, id, 'examples must be lists');
  if (requireExamples && (examples.length < 2 || negatives.length < 2)) {
    fail(source, id, 'needs at least two examples and two negative_examples');
  }
  if (spec.assignment) {
    const keywordSource = spec.keywords.map(escapeRegex).join('|');
    let anchors = ANCHORS.get(keywordSource);
    if (!anchors) ANCHORS.set(keywordSource, (anchors = new RegExp(keywordSource, 'gi')));
    const extra = assignmentRegexes(spec, source, trusted, custom);
    return {
      ...spec,
      ...extra,
      confidence,
      examples,
      negative_examples: negatives,
      regex: /(?!)/dg,
      anchors,
      multiline: false,
      keywordsLower: spec.keywords.map((k) => k.toLowerCase()),
      ...(requiresLower ? { requiresLower } : {}),
      source,
    };
  }
  let pattern = spec.pattern ?? '';
  let flags = 'gd';
  const multiline = spec.multiline ?? /\\n|\\r|\[\\s\\S\]|\[\\S\\s\]/.test(pattern);
  if (pattern.startsWith('(?i)')) {
    pattern = pattern.slice(4);
    flags += 'i';
  }
  const risk = trusted ? null : redosRisk(pattern);
  if (risk) fail(source, id, `pattern can backtrack catastrophically (${risk})`);
  let regex: RuleRegex | null = null;
  // A built-in rule's regex is made when a keyword first brings the rule to a text: parsing 1,069 patterns
  // (a vendor rule's is ~1.8 KB) cost ~45 ms of every start-up, the pre-commit hook's included.
  if (!trusted) {
    try {
      regex = new RegExp(pattern, flags);
    } catch (err) {
      fail(source, id, `pattern does not compile (${(err as Error).message})`);
    }
  }
  if (custom && written.vendor === undefined) {
    // A custom rule runs on a linear-time engine: no single execution can outlast the time budget.
    try {
      regex = new LinearRegExp(pattern, flags.includes('i'));
    } catch (err) {
      fail(source, id, `pattern needs what custom rules cannot use (${(err as Error).message.replace(/^error parsing regexp: /, '')}): custom rules run on a linear-time engine (RE2 syntax: no lookahead or backreferences, repeat counts up to 1000)`);
    }
  }
  // Running a regex compiles it (~0.25 ms each): built-in rules were checked at build time, so their
  // regexes compile lazily, only when a keyword occurs (the pre-commit hook loads every rule per commit).
  if (regex && regex.test('')) fail(source, id, 'pattern matches the empty string');
  if (regex) regex.lastIndex = 0;
  let confidentBeside: RegExp | undefined;
  if (spec.confident_beside !== undefined) {
    const risk = trusted ? null : redosRisk(String(spec.confident_beside));
    if (risk) fail(source, id, `confident_beside can backtrack catastrophically (${risk})`);
    try {
      confidentBeside = new RegExp(spec.confident_beside);
    } catch (err) {
      fail(source, id, `confident_beside does not compile (${(err as Error).message})`);
    }
  }
  let appliesTo: ((path: string) => boolean) | undefined;
  if (spec.paths !== undefined) {
    if (!Array.isArray(spec.paths) || spec.paths.length === 0 || spec.paths.some((g) => typeof g !== 'string' || g.length === 0 || g === '!')) {
      fail(source, id, 'paths must be a non-empty list of globs');
    }
    try {
      appliesTo = pathTest(spec.paths, custom);
    } catch (err) {
      fail(source, id, `bad glob in paths (${(err as Error).message})`);
    }
  }
  const rule = {
    ...spec,
    ...(appliesTo ? { appliesTo } : {}),
    ...(confidentBeside ? { confidentBeside } : {}),
    confidence,
    keywords: spec.keywords,
    examples,
    negative_examples: negatives,
    multiline,
    keywordsLower: spec.keywords.map((k) => k.toLowerCase()),
    ...(requiresLower ? { requiresLower } : {}),
    source,
  } as Rule;
  if (regex) rule.regex = regex;
  else if (vendor !== undefined) {
    // A built-in vendor rule's names and key words are written out only if something reads them.
    made(rule, 'pattern', () => vendorParts(vendor).pattern);
    made(rule, 'regex', () => new RegExp(vendorParts(vendor).pattern, flags));
  } else made(rule, 'regex', () => new RegExp(pattern, flags));
  if (vendor !== undefined) {
    const value = vendorValueSource(vendor);
    let vendorValue = VENDOR_VALUES.get(value);
    if (!vendorValue) VENDOR_VALUES.set(value, (vendorValue = new RegExp(value, 'g')));
    rule.vendorValue = vendorValue;
    // Parsed where the rule's value first occurs: most vendor rules never see theirs.
    made(rule, 'vendorContext', () => new RegExp(vendorParts(vendor).context, 'y'));
  }
  return rule;
}

/** Give `obj[key]` a value made on first read (and kept): a regex parsed only if the scan needs it. */
function made<K extends 'regex' | 'vendorContext' | 'pattern'>(obj: Rule, key: K, make: () => Rule[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
  });
}

/** One value regex per vendor value shape: 532 vendor rules have 158 shapes, each compiled once. */
const VENDOR_VALUES = new Map<string, RegExp>();

/** One anchors regex per keyword list: assignment rules that share keywords share parsed windows (scan.ts). */
const ANCHORS = new Map<string, RegExp>();
const NAME_CLASSES = ['password', 'secret'];
const VALUE_FORMS = ['quoted', 'unquoted', 'element'];

/** An assignment rule names which name classes and value forms it reports (engine/assignment.ts). */
function checkAssignment(spec: RuleSpec, source: string): void {
  const a = spec.assignment as unknown as Record<string, unknown>;
  const list = (v: unknown, allowed: string[]) => Array.isArray(v) && v.length > 0 && v.every((x) => allowed.includes(x as string));
  if (!a || typeof a !== 'object') fail(source, spec.id, 'assignment must be a mapping');
  if (spec.pattern !== undefined) fail(source, spec.id, 'a rule has either a pattern or an assignment, not both');
  if (!list(a.names, NAME_CLASSES)) fail(source, spec.id, `assignment.names must list some of ${NAME_CLASSES.join(', ')}`);
  if (!list(a.values, VALUE_FORMS)) fail(source, spec.id, `assignment.values must list some of ${VALUE_FORMS.join(', ')}`);
  if (a.min_length !== undefined && !(Number.isInteger(a.min_length) && (a.min_length as number) >= 4)) {
    fail(source, spec.id, 'assignment.min_length must be an integer of at least 4');
  }
  for (const k of ['value', 'beside', 'name']) if (a[k] !== undefined && (typeof a[k] !== 'string' || a[k] === '')) fail(source, spec.id, `assignment.${k} must be a regex`);
  const extra = Object.keys(a).filter((k) => !['names', 'values', 'min_length', 'value', 'beside', 'name'].includes(k));
  if (extra.length > 0) fail(source, spec.id, `unknown assignment field ${extra[0]}`);
}

/**
 * assignment.value (anchored to the whole value), assignment.beside (searched in the file) and
 * assignment.name (anchored, any case, to the name's last segment), compiled.
 */
function assignmentRegexes(spec: RuleSpec, source: string, trusted: boolean, custom: boolean): Pick<Rule, 'assignValue' | 'assignBeside' | 'assignName'> {
  const out: Pick<Rule, 'assignValue' | 'assignBeside' | 'assignName'> = {};
  for (const [field, key] of [['value', 'assignValue'], ['beside', 'assignBeside'], ['name', 'assignName']] as const) {
    const pattern = spec.assignment?.[field];
    if (pattern === undefined) continue;
    const risk = trusted ? null : redosRisk(pattern);
    if (risk) fail(source, spec.id, `assignment.${field} can backtrack catastrophically (${risk})`);
    const whole = field === 'beside' ? pattern : `^(?:${pattern})$`;
    try {
      out[key] = new RegExp(whole, field === 'name' ? 'i' : '');
    } catch (err) {
      fail(source, spec.id, `assignment.${field} does not compile (${(err as Error).message})`);
    }
    if (!custom) continue;
    // A configuration's rule: on the linear-time engine, as its pattern would be (engine/linear.ts).
    try {
      out[key] = new LinearRegExp(whole, field === 'name');
    } catch (err) {
      fail(source, spec.id, `assignment.${field} needs what custom rules cannot use (${(err as Error).message.replace(/^error parsing regexp: /, '')}): custom rules run on a linear-time engine (RE2 syntax: no lookahead or backreferences, repeat counts up to 1000)`);
    }
  }
  return out;
}

/** A glob as a regex over `/`-separated relative paths: `*`, `?`, `**`, `{a,b}`; no `/` = any folder. */
export function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:[^/]*/)*' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) throw new Error(`unclosed { in ${glob}`);
      out += `(?:${glob.slice(i + 1, end).split(',').map(escapeRegex).join('|')})`;
      i = end;
    } else out += escapeRegex(ch);
  }
  // A glob without `/` names a file in any folder, inside an archive too (`a.zip!x/.npmrc`, `a.tgz!.npmrc`).
  return new RegExp(`${glob.includes('/') ? '^' : '(?:^|[/!])'}${out}$`, 'i');
}

/** The `paths` of a rule as one test: included by a positive glob (or by none being given), not excluded. */
function pathTest(globs: string[], custom: boolean): (path: string) => boolean {
  // A custom rule's globs are a repository's too: `*a*a*a*a*a*a*x` backtracks polynomially in V8 on a long name.
  const compile = (glob: string): { test(path: string): boolean } => {
    const re = globRegex(glob);
    return custom ? new LinearRegExp(re.source, true) : re;
  };
  const include = globs.filter((g) => !g.startsWith('!')).map(compile);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => compile(g.slice(1)));
  return (path) => (include.length === 0 || include.some((r) => r.test(path))) && !exclude.some((r) => r.test(path));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function buildRuleSet(rules: Rule[]): RuleSet {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new KeyscanError(`broken rule ${rule.id} in ${rule.source}: duplicate id`);
    seen.add(rule.id);
  }
  const byKeyword = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const kw of new Set(rule.keywordsLower)) {
      const list = byKeyword.get(kw) ?? [];
      list.push(rule);
      byKeyword.set(kw, list);
    }
  }
  // Required literals are keywords too (the keyword pass finds them), opening no window of their own.
  const requiredBy = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const kw of new Set(rule.requiresLower ?? [])) {
      if (!byKeyword.has(kw)) byKeyword.set(kw, []);
      const list = requiredBy.get(kw) ?? [];
      list.push(rule);
      requiredBy.set(kw, list);
    }
  }
  const keywords = [...byKeyword.keys()];
  let byId: Map<string, Rule> | null = null;
  return {
    rules,
    byKeyword,
    requiredBy,
    keywords,
    size: rules.length,
    unlocks: (k) => byKeyword.get(keywords[k]) ?? [],
    ruleById: (id) => (byId ??= new Map(rules.map((r) => [r.id, r]))).get(id),
  };
}

/**
 * Which rules each keyword unlocks, by rule number, as buildRuleSet would list them: what a lazy rule set
 * needs to start without compiling a rule. The build writes the built-in rules' (dist/rule-index.json).
 */
export interface RuleIndex {
  /** The rules' ids, in order. */
  ids: string[];
  /** The keywords, in buildRuleSet's order. */
  keywords: string[];
  /** By keyword: the numbers of the rules it unlocks. */
  unlock: number[][];
  /** Each required literal (one of the keywords) and the numbers of the rules that require it. */
  required: [string, number[]][];
}

/** A rule set's index (for the build to store beside the rules it was made from). */
export function ruleIndexOf(set: RuleSet): RuleIndex {
  const number = new Map(set.rules.map((r, i) => [r, i]));
  return {
    ids: set.rules.map((r) => r.id),
    keywords: [...set.keywords],
    unlock: set.keywords.map((_, k) => set.unlocks(k).map((r) => number.get(r)!)),
    required: [...set.requiredBy].map(([kw, rules]) => [kw, rules.map((r) => number.get(r)!)]),
  };
}

/**
 * The rule set buildRuleSet would make of `index.ids.length` rules, with each rule compiled (`compile(i)`)
 * only when a scan first needs it: a keyword of its found in a text, its id asked for, or every rule read.
 * Loading the 1,069 built-in rules cost ~40 ms of every start (the pre-commit hook's included), and a scan of
 * a few files brings a few dozen of them to a text. Rules that require a literal are compiled at once.
 */
export function lazyRuleSet(index: RuleIndex, compile: (i: number) => Rule): RuleSet {
  const made: (Rule | undefined)[] = new Array(index.ids.length);
  const rule = (i: number): Rule => (made[i] ??= compile(i));
  const unlocked: (Rule[] | undefined)[] = new Array(index.keywords.length);
  const requiredBy = new Map(index.required.map(([kw, list]) => [kw, list.map(rule)]));
  let all: Rule[] | null = null;
  let byKeyword: Map<string, Rule[]> | null = null;
  let byId: Map<string, number> | null = null;
  const set: RuleSet = {
    get rules() {
      return (all ??= index.ids.map((_, i) => rule(i)));
    },
    get byKeyword() {
      return (byKeyword ??= new Map(index.keywords.map((kw, k) => [kw, [...set.unlocks(k)]])));
    },
    requiredBy,
    keywords: index.keywords,
    size: index.ids.length,
    unlocks: (k) => (unlocked[k] ??= index.unlock[k].map(rule)),
    ruleById(id) {
      const i = (byId ??= new Map(index.ids.map((x, n) => [x, n]))).get(id);
      return i === undefined ? undefined : rule(i);
    },
  };
  return set;
}
