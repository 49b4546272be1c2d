// The classifier, table by table: which mistakes a finding shows (CONTRACT.md, "Mistakes").
import { describe, expect, it } from 'vitest';
import { MISTAKE_TABLE, classifyFindings, mistakesOf, sharedPlace, withMistake, type MistakeFacts } from '../../src/advice/classify.js';
import { buildFindings } from '../../src/findings/build.js';
import { loadMistakes, MISTAKE_IDS, mistakesFromDocument } from '../../src/mistakes.js';
import type { Finding, Match, MistakeId, Origin, Rule } from '../../src/types.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'openai-project-key',
    provider: 'openai',
    title: 'OpenAI project API key',
    severity: 'critical',
    confidence: 'high',
    file: 'src/a.ts',
    line: 1,
    column: 1,
    redacted: 'sk-proj-Ab…wxyz',
    fingerprint: 'f'.repeat(32),
    secretHash: 'a'.repeat(16),
    mistakes: [],
    occurrences: [{ file: over.file ?? 'src/a.ts', line: 1, column: 1 }],
    origin: 'file',
    ...over,
  };
}

function facts(over: Omit<Partial<MistakeFacts>, 'finding'> & { finding?: Partial<Finding> } = {}): MistakeFacts {
  return {
    lines: [],
    billedByUsage: false,
    filesWithSecret: 1,
    providerSecrets: 1,
    ...over,
    finding: finding(over.finding),
  };
}

const COMMIT = { sha: '1'.repeat(40), author: 'Ada', email: 'ada@example.com', date: '2020-01-01T00:00:00Z' };

describe('the mistakes catalogue', () => {
  it('holds exactly the five ids of CONTRACT.md, each with a title, why and do', () => {
    const catalogue = loadMistakes();
    expect(catalogue.map((m) => m.id)).toEqual([...MISTAKE_IDS]);
    for (const m of catalogue) {
      expect(m.title.length).toBeGreaterThan(5);
      expect(m.why.length).toBeGreaterThan(20);
      expect(m.do.length).toBeGreaterThan(20);
    }
  });

  it('lists its mistakes in the same order as the classifier table', () => {
    expect(MISTAKE_TABLE.map((r) => r.id)).toEqual([...MISTAKE_IDS]);
  });

  it.each([
    ['not a mapping', 'x', /expected a mapping/],
    ['an unknown id', { mistakes: [{ id: 'leaked', title: 't', why: 'w', do: 'd' }] }, /unknown mistake id leaked/],
    ['a missing field', { mistakes: MISTAKE_IDS.map((id) => ({ id, title: 't', why: 'w' })) }, /needs a title, why and do/],
    ['a missing id', { mistakes: MISTAKE_IDS.slice(1).map((id) => ({ id, title: 't', why: 'w', do: 'd' })) }, /missing stored-insecurely/],
  ])('rejects a catalogue with %s', (_, doc, error) => {
    expect(() => mistakesFromDocument(doc, 'test')).toThrow(error);
  });
});

describe('classifier table', () => {
  const cases: [string, MistakeFacts, MistakeId[]][] = [
    ['a key in source', facts(), ['stored-insecurely']],
    ['a key on standard input', facts({ finding: { origin: 'stdin' as Origin, file: '<stdin>' } }), []],
    ['a committed .env (history)', facts({ finding: { file: '.env', commit: COMMIT, origin: 'git' } }), ['stored-insecurely', 'not-revoked']],
    ['a tree finding HEAD already holds', facts({ finding: { inHead: true } }), ['stored-insecurely', 'not-revoked']],
    ['a tree finding not committed', facts({ finding: { inHead: false, tracked: 'untracked' } }), ['stored-insecurely']],
    ['README.md', facts({ finding: { file: 'README.md' } }), ['stored-insecurely', 'shared-with-others']],
    ['docs/setup.rst', facts({ finding: { file: 'docs/setup.rst' } }), ['stored-insecurely', 'shared-with-others']],
    ['a notebook', facts({ finding: { file: 'analysis/explore.ipynb' } }), ['stored-insecurely', 'shared-with-others']],
    ['public/', facts({ finding: { file: 'web/public/config.js' } }), ['stored-insecurely', 'shared-with-others']],
    ['static/', facts({ finding: { file: 'static/app.js' } }), ['stored-insecurely', 'shared-with-others']],
    ['a browser bundle', facts({ finding: { file: 'out/main.min.js' } }), ['stored-insecurely', 'shared-with-others']],
    ['NEXT_PUBLIC_', facts({ lines: ['NEXT_PUBLIC_OPENAI_KEY=sk-…'] }), ['stored-insecurely', 'shared-with-others']],
    ['VITE_', facts({ lines: ['VITE_KEY=…'] }), ['stored-insecurely', 'shared-with-others']],
    ['REACT_APP_', facts({ lines: ['REACT_APP_KEY=…'] }), ['stored-insecurely', 'shared-with-others']],
    ['EXPO_PUBLIC_', facts({ lines: ['EXPO_PUBLIC_KEY=…'] }), ['stored-insecurely', 'shared-with-others']],
    ['dangerouslyAllowBrowser', facts({ lines: ['new OpenAI({ apiKey, dangerouslyAllowBrowser: true })'] }), ['stored-insecurely', 'shared-with-others']],
    ['a _PUBLIC_ that is not a browser prefix', facts({ lines: ['STRIPE_PUBLIC_KEY_PATH=…'] }), ['stored-insecurely']],
    ['the same secret in two files', facts({ filesWithSecret: 2 }), ['stored-insecurely', 'multiple-keys-no-purpose']],
    ['three keys of one provider', facts({ providerSecrets: 3 }), ['stored-insecurely', 'multiple-keys-no-purpose']],
    ['two keys of one provider', facts({ providerSecrets: 2 }), ['stored-insecurely']],
    ['a provider that bills by usage', facts({ billedByUsage: true }), ['stored-insecurely', 'usage-not-monitored']],
    [
      'all five',
      facts({ finding: { file: 'docs/README.md', commit: COMMIT, origin: 'git' }, filesWithSecret: 3, billedByUsage: true }),
      ['stored-insecurely', 'shared-with-others', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored'],
    ],
  ];
  it.each(cases)('%s', (_, f, expected) => {
    expect(mistakesOf(f)).toEqual(expected);
  });

  it.each([
    ['README', [], 'documentation'],
    ['guide/intro.mdx', [], 'documentation'],
    ['wiki/Home.txt', [], 'documentation'],
    ['notebooks/a.ipynb', [], 'a notebook'],
    ['site/index.html', [], 'browser code'],
    ['src/server.ts', [], null],
    ['src/server.ts', ['const k = import.meta.env.VITE_OPENAI_KEY ?? "…"'], 'browser code'],
  ] as const)('sharedPlace(%s)', (path, lines, expected) => {
    expect(sharedPlace(path, [...lines])).toBe(expected);
  });

  it('adds a mistake once, in catalogue order', () => {
    expect(withMistake(['stored-insecurely', 'usage-not-monitored'], 'not-revoked')).toEqual([
      'stored-insecurely',
      'not-revoked',
      'usage-not-monitored',
    ]);
    expect(withMistake(['not-revoked'], 'not-revoked')).toEqual(['not-revoked']);
  });
});

describe('classifyFindings over a scan', () => {
  const rule = (id: string, provider: string, billing: 'usage' | 'none' = 'none') =>
    ({ id, provider, title: id, description: id, severity: 'high', confidence: 'high', billing, keywords: [], pattern: '', examples: [], negative_examples: [] }) as unknown as Rule;
  const match = (r: Rule, secret: string, path: string, lineText = ''): Match => ({
    rule: r, secret, path, line: 1, column: 1, offset: 0, confidence: 'high', lineText, origin: 'file',
  });

  it('counts the same secret across files and distinct keys per provider (generic rules apart)', () => {
    const ai = rule('ai-key', 'ai', 'usage');
    const generic = rule('generic-secret', 'generic');
    const matches = [
      match(ai, 'k1-aaaaaaaaaaaa', 'a.ts'),
      match(ai, 'k1-aaaaaaaaaaaa', 'b.ts'),
      match(ai, 'k2-bbbbbbbbbbbb', 'c.ts'),
      match(generic, 'g1-cccccccccccc', 'd.ts'),
      match(generic, 'g2-dddddddddddd', 'e.ts'),
      match(generic, 'g3-eeeeeeeeeeee', 'f.ts'),
    ];
    const out = classifyFindings(buildFindings(matches, { reveal: false }));
    const by = Object.fromEntries(out.map((f) => [f.file, f.mistakes]));
    expect(by['a.ts']).toEqual(['stored-insecurely', 'multiple-keys-no-purpose', 'usage-not-monitored']);
    expect(by['c.ts']).toEqual(['stored-insecurely', 'usage-not-monitored']);
    expect(by['d.ts']).toEqual(['stored-insecurely']);
  });

  it('sees browser variables on the line of the secret', () => {
    const ai = rule('ai-key', 'ai');
    const out = classifyFindings(buildFindings([match(ai, 'k1-aaaaaaaaaaaa', 'src/env.ts', 'NEXT_PUBLIC_AI=k1-aaaaaaaaaaaa')], { reveal: false }));
    expect(out[0].mistakes).toContain('shared-with-others');
  });
});
