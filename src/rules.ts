// Load rule files (YAML) from the package's rules/ folder, found relative to this module,
// never the working directory, so an installed package finds its own rules.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { KeyscanError } from './errors.js';
import { readTextFile } from './read-text.js';
import { buildRuleSet, compileRule, lazyRuleSet, type RuleIndex, type RuleSet } from './engine/compile.js';
import { deserializeAutomaton, type KeywordAutomaton, seedAutomaton } from './engine/keywords.js';
import type { Rule, RuleSpec } from './types.js';
import { yaml } from './yaml.js';

export const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/**
 * The rule files pre-parsed at build time, one rule a line (dist/rules.jsonl, bundledRuleLines); absent
 * when running from src/.
 */
const RULES_BUNDLE = fileURLToPath(new URL('./rules.jsonl', import.meta.url));
/** The built-in rules' keyword automaton, built at build time (engine/keywords.ts serializeAutomaton). */
const KEYWORDS_BUNDLE = fileURLToPath(new URL('./keywords.bin', import.meta.url));
/** Which built-in rules each keyword unlocks, worked out at build time (engine/compile.ts ruleIndexOf). */
const RULE_INDEX_BUNDLE = fileURLToPath(new URL('./rule-index.json', import.meta.url));

function parseYaml(text: string): unknown {
  return yaml().parse(text, { prettyErrors: true });
}

interface RuleFile {
  provider?: string;
  billing?: RuleSpec['billing'];
  remediation?: RuleSpec['remediation'];
  rules?: Partial<RuleSpec>[];
}

/**
 * Compile the rules of one parsed rule document; file-level provider, billing and remediation are defaults.
 * `trusted` skips the backtracking check (built-in rules are checked at build time and by the tests).
 */
export function rulesFromDocument(doc: unknown, source: string, requireExamples = true, trusted = false): Rule[] {
  const file = ruleFile(doc, source);
  return file.rules!.map((r) => ruleOfFile(file, r, source, requireExamples, trusted));
}

/** A parsed rule document, checked to be a mapping with a list of rules. */
function ruleFile(doc: unknown, source: string): RuleFile {
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as RuleFile).rules)) {
    throw new KeyscanError(`broken rule file ${source}: expected a mapping with a "rules" list`);
  }
  return doc as RuleFile;
}

/** One rule of a rule document, compiled: the file's provider, billing and remediation are its defaults. */
function ruleOfFile(file: RuleFile, r: Partial<RuleSpec>, source: string, requireExamples: boolean, trusted: boolean): Rule {
  return compileRule(specOfFile(file, r), source, requireExamples, trusted);
}

/** One rule's spec with its file's provider, billing and remediation as defaults. */
function specOfFile(file: RuleFile, r: Partial<RuleSpec>): RuleSpec {
  return { provider: file.provider, billing: file.billing, ...r, remediation: { ...file.remediation, ...r.remediation } } as RuleSpec;
}

/** One line of dist/rules.jsonl: a built-in rule's id (first, so it is read without parsing the line), file and spec. */
interface RuleLine {
  id: string;
  source: string;
  spec: RuleSpec;
}

/**
 * The rule documents as dist/rules.jsonl holds them: one line a rule, in order, each its id, its file and
 * its spec with the file's defaults. A run parses only the lines of the rules it compiles (the whole file
 * as JSON took ~12 ms of every start: reading 1.3 MB as text, then parsing it).
 */
export function bundledRuleLines(docs: RuleDocument[]): string {
  return docs
    .flatMap((d) => {
      const file = ruleFile(d.doc, d.file);
      return file.rules!.map((r) => JSON.stringify({ id: String(r.id), source: d.file, spec: specOfFile(file, r) } satisfies RuleLine));
    })
    .join('\n');
}

export function parseYamlFile(path: string, what: string): unknown {
  const text = readTextFile(path, what, path);
  try {
    return parseYaml(text);
  } catch (err) {
    const e = err as Error & { linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
    throw new KeyscanError(`invalid YAML in ${what} ${where}: ${e.message.split('\n')[0]}`);
  }
}

export interface RuleDocument {
  file: string;
  doc: unknown;
}

/** Parse every rule file under rules/ (the build bundles the result into dist/rules.jsonl). */
export function readRuleDocuments(): RuleDocument[] {
  let files: string[];
  try {
    files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml') && f !== 'mistakes.yaml').sort();
  } catch {
    throw new KeyscanError(`cannot read the rules folder ${RULES_DIR}`, 'reinstall keyscan-cli');
  }
  return files.map((f) => ({ file: `rules/${f}`, doc: parseYamlFile(join(RULES_DIR, f), 'rule file') }));
}

let cache: Rule[] | null = null;

/** Every built-in rule, compiled (cached per process). */
export function loadBuiltinRules(): Rule[] {
  if (cache) return cache;
  const bundled = bundledRules();
  cache = bundled ? bundled.ids.map((_, i) => bundled.rule(i)) : readRuleDocuments().flatMap((d) => rulesFromDocument(d.doc, d.file, true, false));
  return cache;
}

/** The built-in rules' ids, without compiling the rules where the build bundled them. */
export function builtinRuleIds(): Set<string> {
  const bundled = bundledRules();
  return new Set(bundled ? bundled.ids : loadBuiltinRules().map((r) => r.id));
}

interface BundledRules {
  /** The rules' ids, in order. */
  ids: string[];
  /** Rule `i`, its line parsed and compiled once per process (loadBuiltinRules and the lazy rule set share them). */
  rule(i: number): Rule;
}

let bundle: BundledRules | null | undefined;

const ID_OPEN = Buffer.from('{"id":"');

/** dist/rules.jsonl, read once per process as bytes; a rule's line is parsed when it is compiled. Null when running from src/. */
function bundledRules(): BundledRules | null {
  if (bundle !== undefined) return bundle;
  if (!existsSync(RULES_BUNDLE)) return (bundle = null);
  const bytes = readFileSync(RULES_BUNDLE);
  const starts: number[] = [];
  const ids: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.indexOf(10, at);
    const close = bytes.indexOf(0x22, at + ID_OPEN.length);
    // Ids are kebab-case (compile.ts): no escapes inside their quotes.
    if (!bytes.subarray(at, at + ID_OPEN.length).equals(ID_OPEN) || close === -1) throw new KeyscanError(`broken ${RULES_BUNDLE}`, 'reinstall keyscan-cli');
    starts.push(at);
    ids.push(bytes.toString('latin1', at + ID_OPEN.length, close));
    at = end === -1 ? bytes.length : end + 1;
  }
  starts.push(bytes.length + 1);
  const made: Rule[] = new Array(ids.length);
  const rule = (i: number): Rule => {
    const line = JSON.parse(bytes.toString('utf8', starts[i], starts[i + 1] - 1)) as RuleLine;
    return compileRule(line.spec, line.source, true, true);
  };
  return (bundle = { ids, rule: (i) => (made[i] ??= rule(i)) });
}

export function builtinRuleSet(disabled: string[] = [], extra: Rule[] = []): RuleSet {
  const off = new Set(disabled);
  // The built-in rules (some perhaps turned off): their keyword automaton and which rules each keyword
  // unlocks were worked out at build time (dist/keywords.bin, dist/rule-index.json), so each rule compiles
  // when first needed.
  if (extra.length === 0) {
    const lazy = bundledRuleSet(off);
    if (lazy) return lazy;
  }
  const set = buildRuleSet([...loadBuiltinRules(), ...extra].filter((r) => !off.has(r.id)));
  if (off.size === 0 && extra.length === 0) {
    const a = bundledAutomaton();
    if (a) seedAutomaton(set.keywords, a);
  }
  return set;
}

/**
 * The built-in rules but those turned `off`, as a lazy rule set (engine/compile.ts lazyRuleSet), from the
 * build's index and automaton; null unless both are there and agree with dist/rules.jsonl (same rules in the
 * same order, same keywords), and then the rules are compiled at once as before. With rules turned off,
 * their keywords stay in the automaton and unlock nothing.
 */
function bundledRuleSet(off: ReadonlySet<string>): RuleSet | null {
  const bundled = bundledRules();
  const a = bundledAutomaton();
  if (!bundled || !a || !existsSync(RULE_INDEX_BUNDLE)) return null;
  let index: RuleIndex;
  try {
    index = JSON.parse(readFileSync(RULE_INDEX_BUNDLE, 'utf8')) as RuleIndex;
  } catch {
    return null;
  }
  const ids = index.ids;
  if (!Array.isArray(ids) || ids.length !== bundled.ids.length || ids.some((id, i) => id !== bundled.ids[i])) return null;
  if (!Array.isArray(index.unlock) || index.unlock.length !== index.keywords?.length) return null;
  const kept = off.size === 0 ? null : ids.flatMap((id, i) => (off.has(id) ? [] : [i]));
  const set = kept ? lazyRuleSet(withoutRules(index, kept), (j) => bundled.rule(kept[j])) : lazyRuleSet(index, bundled.rule);
  return seedAutomaton(set.keywords, a) ? set : null;
}

/** `index` with only the rules numbered `kept` (ascending), renumbered in that order. */
function withoutRules(index: RuleIndex, kept: number[]): RuleIndex {
  const renumber = new Map(kept.map((old, j) => [old, j]));
  const map = (list: number[]) => list.flatMap((i) => (renumber.has(i) ? [renumber.get(i)!] : []));
  return {
    ids: kept.map((i) => index.ids[i]),
    keywords: index.keywords,
    unlock: index.unlock.map(map),
    required: index.required.map(([kw, list]): [string, number[]] => [kw, map(list)]).filter(([, list]) => list.length > 0),
  };
}

let automaton: KeywordAutomaton | null | undefined;

/** dist/keywords.bin read once per process (null when absent or unreadable: then it is built). */
function bundledAutomaton(): KeywordAutomaton | null {
  if (automaton === undefined) automaton = existsSync(KEYWORDS_BUNDLE) ? deserializeAutomaton(readFileSync(KEYWORDS_BUNDLE)) : null;
  return automaton;
}
