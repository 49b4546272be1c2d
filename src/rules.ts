// Load rule files (YAML) from the package's rules/ folder, found relative to this module,
// never the working directory, so an installed package finds its own rules.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KeyscanError } from './errors.js';
import { buildRuleSet, compileRule, type RuleSet } from './engine/compile.js';
import type { Rule, RuleSpec } from './types.js';

export const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));

interface RuleFile {
  provider?: string;
  billing?: RuleSpec['billing'];
  remediation?: RuleSpec['remediation'];
  rules?: Partial<RuleSpec>[];
}

/** Compile the rules of one parsed rule document; file-level provider, billing and remediation are defaults. */
export function rulesFromDocument(doc: unknown, source: string, requireExamples = true): Rule[] {
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
    ),
  );
}

export function parseYamlFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KeyscanError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parse(text, { prettyErrors: true });
  } catch (err) {
    const e = err as Error & { linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
    throw new KeyscanError(`invalid YAML in ${what} ${where}: ${e.message.split('\n')[0]}`);
  }
}

let cache: Rule[] | null = null;

/** Every built-in rule, compiled (cached per process). */
export function loadBuiltinRules(): Rule[] {
  if (cache) return cache;
  let files: string[];
  try {
    files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml') && f !== 'mistakes.yaml').sort();
  } catch {
    throw new KeyscanError(`cannot read the rules folder ${RULES_DIR}`, 'reinstall keyscan-cli');
  }
  const rules: Rule[] = [];
  for (const f of files) rules.push(...rulesFromDocument(parseYamlFile(join(RULES_DIR, f), 'rule file'), `rules/${f}`));
  cache = rules;
  return rules;
}

export function builtinRuleSet(disabled: string[] = [], extra: Rule[] = []): RuleSet {
  const off = new Set(disabled);
  return buildRuleSet([...loadBuiltinRules(), ...extra].filter((r) => !off.has(r.id)));
}
