// Adversarial text: every scan finishes (timings are printed, never asserted), and a time budget
// stops a rule that runs away between regex executions, which the summary and exit status say.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { BudgetStop } from '../../src/engine/budget.js';
import { compileRule } from '../../src/engine/compile.js';
import { CONTEXT_LINES, keywordHits, scanFragment, windowsFor } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import type { RuleSpec } from '../../src/types.js';
import { openaiProjectKey } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json, report } from './helpers.js';

const ruleSet = builtinRuleSet();
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const MB = 1024 * 1024;
const CASES: Record<string, () => string> = {
  '2 MB of "a" (a keyword of 21 A is one letter repeated)': () => 'a'.repeat(2 * MB),
  '2 MB of "x"': () => 'x'.repeat(2 * MB),
  '2 MB of "="': () => '='.repeat(2 * MB),
  '20,000 × sk-': () => 'sk-'.repeat(20_000),
  '20,000 × sk- on their own lines': () => 'sk-\n'.repeat(20_000),
  '20,000 × password=': () => 'password='.repeat(20_000),
  '20,000 × password=" ': () => 'password=" '.repeat(20_000),
  '20,000 × AKIA': () => 'AKIA'.repeat(20_000),
  '20,000 × ghp_': () => 'ghp_'.repeat(20_000),
  '4 MB of base64 without a boundary': () => randomBytes(3 * MB).toString('base64'),
  '4 MB of hex': () => randomBytes(2 * MB).toString('hex'),
  'every rule example on one line': () => ruleSet.rules.flatMap((r) => r.examples).join(' ').repeat(2),
};

describe('adversarial text', () => {
  it.each(Object.keys(CASES))('finishes on %s', (name) => {
    const text = CASES[name]();
    const started = performance.now();
    const matches = scanFragment({ text, path: 'adversarial.txt', startLine: 1, origin: 'file' }, ruleSet);
    report(`${name} (${(text.length / MB).toFixed(1)} M chars, ${matches.length} matches)`, { ms: Math.round(performance.now() - started) });
    if (!name.startsWith('every rule')) expect(matches).toEqual([]);
    else expect(matches.length).toBeGreaterThan(ruleSet.rules.length / 2);
  });

  it('finds a key planted in the middle of each adversarial text', () => {
    const key = openaiProjectKey();
    for (const [name, make] of Object.entries(CASES)) {
      if (name.startsWith('every rule')) continue;
      const filler = make();
      const half = Math.floor(filler.length / 2);
      const text = `${filler.slice(0, half)}\nOPENAI_API_KEY=${key}\n${filler.slice(half)}`;
      const found = scanFragment({ text, path: 'adversarial.txt', startLine: 1, origin: 'file' }, ruleSet).filter((m) => m.secret === key);
      expect(found.map((m) => m.rule.id), name).toEqual(['openai-project-key']);
    }
  });

  it('keeps keyword offsets bounded on dense runs without changing the windows', () => {
    const text = `${'a'.repeat(100_000)}\n${'sk-'.repeat(5_000)}`;
    const lower = text.toLowerCase();
    const hits = keywordHits(text, ruleSet);
    let total = 0;
    for (const [rule, positions] of hits) {
      total += positions.length;
      // The full list of offsets, found naively, gives the same windows.
      const naive: number[] = [];
      for (const kw of rule.keywordsLower) for (let i = lower.indexOf(kw); i !== -1; i = lower.indexOf(kw, i + 1)) naive.push(i);
      naive.sort((x, y) => x - y);
      expect(windowsFor(text, positions, false), rule.id).toEqual(windowsFor(text, [...new Set(naive)], false));
    }
    expect(total).toBeLessThan(1000);
  });
});

/** A custom rule that is slow on purpose but not catastrophic: the backtracking check lets it through. */
function slowRule(): RuleSpec {
  return {
    id: 'custom-slow',
    provider: 'custom',
    title: 'A slow custom rule',
    description: 'Quadratic per attempt, with an attempt on every line.',
    severity: 'high',
    keywords: ['tok_'],
    pattern: '(?<secret>tok_[a-z]{0,1000}[a-z]{0,1000}\\b)',
    examples: [],
    negative_examples: [],
  };
}

describe('the time budget', () => {
  it('stops a rule between regex executions and reports where (with an injected clock)', () => {
    const set = builtinRuleSet([], [compileRule(slowRule(), 'test', false)]);
    let clock = 0;
    const stops: BudgetStop[] = [];
    // Each reading of the clock advances it 10 ms; the budget is 35 ms: the rule is stopped after a few windows.
    const budget = { ms: 35, now: () => (clock += 10), onExceeded: (s: BudgetStop) => stops.push(s) };
    const text = 'tok_abc!\n'.repeat(3) + 'tok_def!\n'.repeat(20);
    const matches = scanFragment({ text, path: 'slow.txt', startLine: 1, origin: 'file' }, set, { budget });
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ rule: 'custom-slow', path: 'slow.txt' });
    expect(stops[0].line).toBeGreaterThan(1);
    expect(stops[0].line).toBeLessThan(23);
    const slow = matches.filter((m) => m.rule.id === 'custom-slow');
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.length).toBeLessThan(23);
    // Without a budget the engine reads no clock and finds all of them.
    const all = scanFragment({ text, path: 'slow.txt', startLine: 1, origin: 'file' }, set).filter((m) => m.rule.id === 'custom-slow');
    expect(all).toHaveLength(23);
  });

  it('makes the CLI say the scan is incomplete and exit 2 when a rule ran out of time', () => {
    const dir = tempDir('keyscan-hostile-');
    dirs.push(dir);
    const spec = slowRule();
    const yaml = [
      'rules:',
      `  - id: ${spec.id}`,
      `    provider: ${spec.provider}`,
      `    title: ${spec.title}`,
      `    description: ${spec.description}`,
      `    severity: ${spec.severity}`,
      '    keywords: [tok_]',
      `    pattern: ${JSON.stringify(spec.pattern)}`,
      '',
    ].join('\n');
    // Each attempt costs the rule ~100 ms on the linear-time engine custom rules run on (2,000 states over
    // 3,000 letters); 400 attempts take many seconds. Blank lines between them keep each keyword's window apart (a window reaches CONTEXT_LINES
    // lines down), so each attempt is one regex execution and the budget is read between them.
    const gap = '\n'.repeat(CONTEXT_LINES + 2);
    writeFiles(dir, { '.keyscan.yaml': yaml, 'slow.txt': `tok_${'a'.repeat(3000)}${gap}`.repeat(400), 'ok.txt': 'fine\n' });
    const r = cli(['--format', 'json', '--time-budget', '0.3'], { cwd: dir, timeoutMs: 90_000 });
    report('custom rule stopped by a 0.3 s budget', r);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^keyscan: incomplete scan: rule custom-slow stopped by the time budget \(0\.3 s\) at slow\.txt:\d+/);
    const summary = json(r.stdout).summary;
    expect(summary.incomplete).toHaveLength(1);
    expect(summary.notes.join(' ')).toMatch(/custom-slow stopped by the time budget/);
  });
});
