// The built package's rules (dist/rules.jsonl, dist/keywords.bin, dist/rule-index.json): the CLI's rule set
// compiles each rule when first needed, and is the rule set of every rule compiled at once. A damaged or
// stale index is not trusted: the rules are then compiled at once, as before.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RuleSet } from '../../src/engine/compile.js';
import type { Rule } from '../../src/types.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

interface Dist {
  rules: { builtinRuleSet(disabled?: string[]): RuleSet; loadBuiltinRules(): Rule[] };
  compile: { buildRuleSet(rules: Rule[]): RuleSet };
}

async function load(dist: string): Promise<Dist> {
  return {
    rules: await import(pathToFileURL(join(dist, 'rules.js')).href),
    compile: await import(pathToFileURL(join(dist, 'engine/compile.js')).href),
  };
}

/**
 * dist/ copied (its modules load their data files from beside themselves), with `damage` applied. Under
 * node_modules/.cache, so that the copy's imports find the project's dependencies as dist/'s do.
 */
function copyOfDist(damage: (dir: string) => void): string {
  const cache = join(DIST, '..', 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'keyscan-dist-'));
  copies.push(dir);
  cpSync(DIST, dir, { recursive: true });
  damage(dir);
  return dir;
}

const isLazy = (set: RuleSet) => typeof Object.getOwnPropertyDescriptor(set, 'rules')?.get === 'function';
const ids = (list: readonly Rule[]) => list.map((r) => r.id);

function expectSameSet(set: RuleSet, eager: RuleSet): void {
  expect(set.size).toBe(eager.size);
  expect(set.keywords).toEqual(eager.keywords);
  for (let k = 0; k < eager.keywords.length; k++) expect(ids(set.unlocks(k))).toEqual(ids(eager.unlocks(k)));
  expect([...set.requiredBy].map(([kw, l]) => [kw, ids(l)])).toEqual([...eager.requiredBy].map(([kw, l]) => [kw, ids(l)]));
  expect(ids(set.rules)).toEqual(ids(eager.rules));
}

describe('the built rules', () => {
  it('load lazily, as the rule set of every rule compiled at once', async () => {
    const d = await load(DIST);
    const set = d.rules.builtinRuleSet();
    expect(isLazy(set)).toBe(true);
    expectSameSet(set, d.compile.buildRuleSet(d.rules.loadBuiltinRules()));
  });

  it('load lazily with rules turned off, as the rule set of the other rules compiled at once', async () => {
    const d = await load(DIST);
    // A vendor rule, a prefix rule and one that requires a literal (its requirement goes with it).
    const off = ['acmeweather-nope', 'airtable-personal-access-token', 'database-odbc-password', 'openai-project-key'];
    const set = d.rules.builtinRuleSet(off);
    expect(isLazy(set)).toBe(true);
    const eager = d.compile.buildRuleSet(d.rules.loadBuiltinRules().filter((r) => !off.includes(r.id)));
    expect(set.size).toBe(eager.size);
    expect(ids(set.rules)).toEqual(ids(eager.rules));
    expect(set.ruleById('openai-project-key')).toBeUndefined();
    // The turned-off rules' keywords stay in the automaton and unlock nothing.
    set.keywords.forEach((kw, k) => expect(ids(set.unlocks(k)), kw).toEqual(ids(eager.byKeyword.get(kw) ?? [])));
    expect(eager.keywords.every((kw) => set.keywords.includes(kw))).toBe(true);
    expect([...set.requiredBy].map(([kw, l]) => [kw, ids(l)])).toEqual([...eager.requiredBy].map(([kw, l]) => [kw, ids(l)]));
  });

  it('say the install is broken where a rule line is', async () => {
    const d = await load(copyOfDist((dir) => writeFileSync(join(dir, 'rules.jsonl'), `{"not":1}\n${readFileSync(join(dir, 'rules.jsonl'), 'utf8')}`)));
    expect(() => d.rules.builtinRuleSet()).toThrow(/broken .*rules\.jsonl/);
  });

  it('compile at once where the index does not match the rules', async () => {
    for (const damage of [
      (dir: string) => writeFileSync(join(dir, 'rule-index.json'), '{"ids": ["not', 'utf8'),
      (dir: string) => rmSync(join(dir, 'rule-index.json')),
      (dir: string) => {
        // A rule left out of the index: the ids no longer match dist/rules.jsonl.
        const index = JSON.parse(readFileSync(join(dir, 'rule-index.json'), 'utf8'));
        index.ids.pop();
        writeFileSync(join(dir, 'rule-index.json'), JSON.stringify(index));
      },
    ]) {
      const d = await load(copyOfDist(damage));
      const set = d.rules.builtinRuleSet();
      expect(isLazy(set)).toBe(false);
      expectSameSet(set, d.compile.buildRuleSet(d.rules.loadBuiltinRules()));
    }
  });
});
