import { describe, expect, it } from 'vitest';
import { formatProfile, KEYWORD_PASS, RuleProfile } from '../../src/engine/profile.js';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();

describe('per-rule profile (clock injected)', () => {
  it('adds each rule the fragment ran, with its candidates, and changes no match', () => {
    const key = openaiProjectKey();
    const token = githubToken();
    const text = `const a = "${key}";\nGITHUB_TOKEN=${token}\nconst b = 1;\n`;
    const fragment = { text, path: 'src/app.js', startLine: 1, origin: 'file' as const };
    let tick = 0;
    const profile = new RuleProfile(() => (tick += 2));
    const plain = scanFragment(fragment, ruleSet);
    const timed = scanFragment(fragment, ruleSet, { profile });
    expect(timed).toEqual(plain);
    const ruleIds = plain.map((m) => m.rule.id);
    expect(ruleIds.length).toBeGreaterThanOrEqual(2);
    const top = profile.top(1000);
    const ids = top.map((t) => t.id);
    expect(ids).toContain(KEYWORD_PASS);
    for (const id of ruleIds) {
      const t = top.find((e) => e.id === id)!;
      expect(t.candidates).toBeGreaterThanOrEqual(1);
      expect(t.fragments).toBe(1);
      expect(t.ms).toBe(2); // one clock read before the rule, one after: the fake clock steps by 2
    }
    // Ranked by time, then by id; the printed report names rules and figures, never the text.
    expect(profile.top(3)).toHaveLength(3);
    const printed = formatProfile(profile, 5);
    expect(printed.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(5);
    expect(printed).not.toContain(key);
    expect(printed).not.toContain(token);
  });

  it('sums across fragments', () => {
    const profile = new RuleProfile(() => 0);
    profile.add('r', 1.5, 2);
    profile.add('r', 2.5, 1);
    profile.add('q', 10, 0);
    expect(profile.top(2)).toEqual([
      { id: 'q', ms: 10, candidates: 0, fragments: 1 },
      { id: 'r', ms: 4, candidates: 3, fragments: 2 },
    ]);
    expect(profile.totalMs()).toBe(14);
  });
});
