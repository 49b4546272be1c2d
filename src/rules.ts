// Load rule files (YAML) from the package's rules/ folder, found relative to this module,
// never the working directory, so an installed package finds its own rules.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { KeyscanError } from './errors.js';
import { readTextFile } from './read-text.js';
import { buildRuleSet, compileRule, type RuleSet } from './engine/compile.js';
import { deserializeAutomaton, type KeywordAutomaton, seedAutomaton } from './engine/keywords.js';
import type { Rule, RuleSpec } from './types.js';

export const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));
/** The rule files pre-parsed at build time (dist/rules.json); absent when running from src/. */
const RULES_BUNDLE = fileURLToPath(new URL('./rules.json', import.meta.url));
/** The built-in rules' keyword automaton, built at build time (engine/keywords.ts serializeAutomaton). */
const KEYWORDS_BUNDLE = fileURLToPath(new URL('./keywords.bin', import.meta.url));

// The YAML parser costs ~60 ms to load: only load it when a YAML file must be read.
const require = createRequire(import.meta.url);
function parseYaml(text: string): unknown {
  return (require('yaml') as typeof import('yaml')).parse(text, { prettyErrors: true });
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
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as RuleFile).rules)) {
    throw new KeyscanError(`broken rule file ${source}: expected a mapping with a "rules" list`);
  }
  const file = doc as RuleFile;
  return file.rules!.map((r) =>
    compileRule(
      {
        provider: file.provider,
        billing: file.billing,
        ...r,
        remediation: { ...file.remediation, ...r.remediation },
      } as RuleSpec,
      source,
      requireExamples,
      trusted,
    ),
  );
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

/** Parse every rule file under rules/ (the build bundles the result into dist/rules.json). */
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
  const bundled = existsSync(RULES_BUNDLE);
  const docs: RuleDocument[] = bundled ? JSON.parse(readFileSync(RULES_BUNDLE, 'utf8')) : readRuleDocuments();
  cache = docs.flatMap((d) => rulesFromDocument(d.doc, d.file, true, bundled));
  return cache;
}

export function builtinRuleSet(disabled: string[] = [], extra: Rule[] = []): RuleSet {
  const off = new Set(disabled);
  const set = buildRuleSet([...loadBuiltinRules(), ...extra].filter((r) => !off.has(r.id)));
  // The built-in rules alone: their keyword automaton was built at build time (dist/keywords.bin).
  if (off.size === 0 && extra.length === 0) {
    const a = bundledAutomaton();
    if (a) seedAutomaton(set.byKeyword, a);
  }
  return set;
}

let automaton: KeywordAutomaton | null | undefined;

/** dist/keywords.bin read once per process (null when absent or unreadable: then it is built). */
function bundledAutomaton(): KeywordAutomaton | null {
  if (automaton === undefined) automaton = existsSync(KEYWORDS_BUNDLE) ? deserializeAutomaton(readFileSync(KEYWORDS_BUNDLE)) : null;
  return automaton;
}
