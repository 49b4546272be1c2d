import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, builtinRuleSet } from '../../src/rules.js';
import { testRuleExamples } from '../../src/engine/ruletest.js';

const ruleSet = builtinRuleSet();

describe('built-in rules', () => {
  it('load and compile', () => {
    expect(loadBuiltinRules().length).toBeGreaterThan(0);
  });
  for (const rule of ruleSet.rules) {
    it(`${rule.id} passes its own examples`, () => {
      expect(testRuleExamples(rule, ruleSet)).toEqual([]);
    });
  }
});
