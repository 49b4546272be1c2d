import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { fakeTokens } from '../../src/fakes/make.js';
import { builtinRuleSet } from '../../src/rules.js';
import { runIn } from '../helpers/io.js';

const ruleSet = builtinRuleSet();
const scan = (text: string) => scanFragment({ text, path: 'src/app.ts', startLine: 1, origin: 'file' }, ruleSet);
const reportable = ruleSet.rules.filter((r) => r.report !== false && !r.tags?.includes('generic'));

describe('keyscan fake', () => {
  it('makes a fake for most formats, each in the rule\'s shape and never reported', () => {
    let made = 0;
    for (const rule of reportable) {
      let fakes;
      try {
        fakes = fakeTokens(rule.id, ruleSet);
      } catch {
        continue;
      }
      made++;
      const [fake] = fakes;
      expect(fake.rule).toBe(rule.id);
      // In the example's own context the rule would find a token of this shape if it were not a known fake.
      const ex = rule.examples[0];
      const withFake = ex.replace(/[^\s"'`=:,;()[\]{}<>]{12,}/, fake.token);
      expect(scan(withFake).filter((m) => m.secret === fake.token), `${rule.id}: ${withFake}`).toEqual([]);
      expect(['checksum', 'marker']).toContain(fake.why);
    }
    // Formats with no room for a marker are few (very short or fixed-alphabet tokens).
    expect(made / reportable.length).toBeGreaterThan(0.85);
  });

  it('uses a failing checksum where the format has one, the marker elsewhere', () => {
    expect(fakeTokens('github-pat-classic', ruleSet).length > 0 || fakeTokens('github', ruleSet).length > 0).toBe(true);
    const gh = fakeTokens('github', ruleSet);
    expect(gh.some((f) => f.why === 'checksum')).toBe(true);
    const [openai] = fakeTokens('openai-project-key', ruleSet);
    expect(openai.why).toBe('marker');
    expect(openai.token.startsWith('sk-proj-')).toBe(true);
  });

  it('prints bare tokens for one rule, rule and token per line for a provider, and exit 2 for an unknown name', async () => {
    const one = await runIn(process.cwd(), ['fake', 'openai-project-key']);
    expect(one.code).toBe(0);
    expect(one.out.trim()).toMatch(/^sk-proj-\S+$/);
    const many = await runIn(process.cwd(), ['fake', 'openai']);
    expect(many.code).toBe(0);
    expect(many.out.trim().split('\n').length).toBeGreaterThan(1);
    const bad = await runIn(process.cwd(), ['fake', 'nosuchprovider']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^keyscan: no provider or rule named nosuchprovider/);
  });
});
