// Run every rule's own examples through the real engine: positives must be found by that rule,
// negatives must not be. Pure; `keyscan rules --test` and the vitest suite both call it.
import type { Rule } from '../types.js';
import type { RuleSet } from './compile.js';
import { scanDeep } from './deep-scan.js';

export interface ExampleFailure {
  rule: string;
  kind: 'example' | 'negative_example';
  index: number;
  problem: string;
}

/** A path a rule's examples are scanned at: one its `paths` globs include (`*.npmrc` → `.npmrc`). */
export function examplePath(rule: Rule): string {
  const include = (rule.paths ?? []).find((g) => !g.startsWith('!'));
  if (!include) return 'src/example.txt';
  return include.replace(/^\*\*\//, '').replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/\*\*/g, 'x').replace(/\*/g, '').replace(/\?/g, 'x') || 'example';
}

export function testRuleExamples(rule: Rule, ruleSet: RuleSet): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const path = examplePath(rule);
  const scan = (text: string) =>
    scanDeep({ text, path, startLine: 1, origin: 'file' }, ruleSet, {
      foreignMarkers: true,
      includeUnreported: rule.report === false,
    }).filter((m) => rule.report === false || !m.phantom);
  rule.examples.forEach((text, index) => {
    const matches = scan(text);
    if (!matches.some((m) => m.rule.id === rule.id)) {
      const other = matches.map((m) => m.rule.id).join(', ');
      failures.push({ rule: rule.id, kind: 'example', index, problem: other ? `found only by ${other}` : 'not found' });
    }
  });
  rule.negative_examples.forEach((text, index) => {
    if (scan(text).some((m) => m.rule.id === rule.id)) {
      failures.push({ rule: rule.id, kind: 'negative_example', index, problem: 'matched' });
    }
  });
  return failures;
}

export function testAllRules(ruleSet: RuleSet): ExampleFailure[] {
  return ruleSet.rules.flatMap((rule) => testRuleExamples(rule, ruleSet));
}
