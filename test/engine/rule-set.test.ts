// A lazy rule set (engine/compile.ts lazyRuleSet) is the rule set buildRuleSet makes of the same rules,
// compiling each rule only when a scan first needs it.
import { describe, expect, it } from 'vitest';
import { buildRuleSet, lazyRuleSet, ruleIndexOf, type RuleSet } from '../../src/engine/compile.js';
import { scanDeep } from '../../src/engine/deep-scan.js';
import { loadBuiltinRules } from '../../src/rules.js';
import type { Rule } from '../../src/types.js';

const rules = loadBuiltinRules();
const eager = buildRuleSet(rules);

/** A lazy set of the built-in rules that records which rules it compiled (they come already compiled here). */
function lazy(): { set: RuleSet; compiled: Set<number> } {
  const compiled = new Set<number>();
  const set = lazyRuleSet(JSON.parse(JSON.stringify(ruleIndexOf(eager))), (i) => {
    compiled.add(i);
    return rules[i];
  });
  return { set, compiled };
}

const ids = (list: readonly Rule[]) => list.map((r) => r.id);

/** Every rule's examples and negative examples, one text a rule, with the matches each set finds. */
function scanAll(set: RuleSet): string[] {
  return rules.map((rule) => {
    const text = [...rule.examples, ...rule.negative_examples].join('\n');
    const found = scanDeep({ text, path: 'config/settings.env', startLine: 1, origin: 'file' }, set, { nowSeconds: 1_800_000_000 });
    return found.map((m) => `${m.rule.id} ${m.line}:${m.column} ${m.confidence} ${m.secret.length}`).join(', ');
  });
}

describe('lazy rule set', () => {
  it('has the eager set keywords, unlocked rules, required literals and size, and compiles only what is asked', () => {
    const { set, compiled } = lazy();
    const required = new Set([...eager.requiredBy.values()].flat().map((r) => rules.indexOf(r)));
    expect(compiled).toEqual(required);
    expect(set.size).toBe(rules.length);
    expect(set.keywords).toEqual(eager.keywords);
    expect([...set.requiredBy].map(([kw, list]) => [kw, ids(list)])).toEqual([...eager.requiredBy].map(([kw, list]) => [kw, ids(list)]));
    const k = eager.keywords.indexOf('t3blbkfj');
    expect(k).toBeGreaterThanOrEqual(0);
    expect(ids(set.unlocks(k))).toEqual(ids(eager.unlocks(k)));
    expect(compiled.size).toBe(new Set([...required, ...eager.unlocks(k).map((r) => rules.indexOf(r))]).size);
    expect(set.ruleById('openai-project-key')).toBe(eager.ruleById('openai-project-key'));
    expect(set.ruleById('no-such-rule')).toBeUndefined();
    for (let i = 0; i < eager.keywords.length; i++) expect(ids(set.unlocks(i))).toEqual(ids(eager.unlocks(i)));
    expect(ids(set.rules)).toEqual(ids(rules));
    expect([...set.byKeyword].map(([kw, list]) => [kw, ids(list)])).toEqual([...eager.byKeyword].map(([kw, list]) => [kw, ids(list)]));
    expect(compiled.size).toBe(rules.length);
  });

  it('finds what the eager set finds in every rule example', () => {
    const { set, compiled } = lazy();
    expect(scanAll(set)).toEqual(scanAll(eager));
    expect(compiled.size).toBeLessThanOrEqual(rules.length);
  });

  it('a scan of ordinary text compiles only the rules its keywords unlock', () => {
    const { set, compiled } = lazy();
    const before = compiled.size;
    scanDeep({ text: 'const total = items.reduce((a, b) => a + b, 0);\nexport default total;\n', path: 'src/sum.ts', startLine: 1, origin: 'file' }, set);
    expect(compiled.size).toBe(before);
    scanDeep({ text: 'const password = process.env.DB_PASSWORD;\n', path: 'src/db.ts', startLine: 1, origin: 'file' }, set);
    expect(compiled.size).toBeGreaterThan(before);
    expect(compiled.size).toBeLessThan(rules.length / 10);
  });
});
