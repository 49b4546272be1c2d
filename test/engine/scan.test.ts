import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/engine/scan.js';
import { scanDeep } from '../../src/engine/deep-scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { buildRuleSet, compileRule } from '../../src/engine/compile.js';
import type { Fragment, RuleSpec } from '../../src/types.js';
import { corrupt, githubToken, openaiLegacyKey, openaiProjectKey, randomString } from '../helpers/fakes.js';

const ruleSet = builtinRuleSet();
const frag = (text: string, path = 'src/app.ts'): Fragment => ({ text, path, startLine: 1, origin: 'file' });
const scan = (text: string, path?: string) => scanFragment(frag(text, path), ruleSet);

describe('scanFragment', () => {
  it('finds an OpenAI project key with 1-based line and column of its first character', () => {
    const key = openaiProjectKey();
    const text = `// config\n\nconst client = new OpenAI({ apiKey: "${key}" });\n`;
    const [m, ...rest] = scan(text);
    expect(rest).toEqual([]);
    expect(m.rule.id).toBe('openai-project-key');
    expect(m.secret).toBe(key);
    expect(m.line).toBe(3);
    expect(m.column).toBe(text.split('\n')[2].indexOf('sk-proj-') + 1);
  });

  it('finds every generation of OpenAI key without pinning lengths', () => {
    for (const key of [openaiLegacyKey(), openaiProjectKey(20), openaiProjectKey(58), openaiProjectKey(74)]) {
      expect(scan(`OPENAI_API_KEY=${key}`).map((m) => m.secret)).toEqual([key]);
    }
  });

  it('respects token boundaries', () => {
    const key = openaiProjectKey();
    expect(scan(`x${key}`)).toEqual([]);
    // The secret's charset continues: the match grows rather than stopping inside a token.
    expect(scan(`${key}Q`).map((m) => m.secret)).toEqual([`${key}Q`]);
    expect(scan('.sk-btn-primary { color: red } risk-assessment-engine task-runner-queue')).toEqual([]);
  });

  it('drops placeholders, masked echoes and template references', () => {
    for (const text of [
      'OPENAI_API_KEY=sk-proj-...',
      'api_key = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'key: ${OPENAI_API_KEY}',
      'apiKey: process.env.OPENAI_API_KEY',
      'token: ${{ secrets.GITHUB_TOKEN }}',
      `masked: sk-proj-ab...${randomString(4)}`,
    ]) {
      expect(scan(text), text).toEqual([]);
    }
  });

  it('drops a GitHub token whose checksum fails, finds one whose checksum holds', () => {
    const good = githubToken();
    expect(scan(`GITHUB_TOKEN=${good}`).map((m) => m.rule.provider)).toContain('github');
    expect(scan(`GITHUB_TOKEN=${corrupt(good)}`).filter((m) => m.rule.provider === 'github')).toEqual([]);
    // A fixed-length token running into more token characters is part of something longer.
    expect(scan(`blob=${good}Zq`).filter((m) => m.rule.provider === 'github')).toEqual([]);
  });

  it('honours keyscan:allow on the line and keyscan:allow-next-line above it', () => {
    const key = openaiProjectKey();
    expect(scan(`k = "${key}" // keyscan:allow`)).toEqual([]);
    expect(scan(`# keyscan:allow-next-line\nk = "${key}"`)).toEqual([]);
    expect(scan(`k = "${key}" // gitleaks:allow`)).toEqual([]);
    expect(scanFragment(frag(`k = "${key}" # gitleaks:allow`), ruleSet, { foreignMarkers: false })).toHaveLength(1);
  });

  it('leaves confidence by path to findings: the engine reports the rule confidence anywhere', () => {
    const key = openaiProjectKey();
    expect(scan(`k = "${key}"`, 'test/fixtures/app.ts')[0].confidence).toBe('high');
    expect(scan(`k = "${key}"`, 'src/app.ts')[0].confidence).toBe('high');
  });

  it('reports each place of a repeated secret', () => {
    const key = openaiProjectKey();
    const found = scan(`a="${key}"\nb="${key}"\n`);
    expect(found.map((m) => m.line)).toEqual([1, 2]);
  });

  it('counts lines from the fragment start line and reports only the lines asked for', () => {
    const key = openaiProjectKey();
    const f: Fragment = { text: `x\ny = "${key}"\n`, path: 'a.py', startLine: 10, origin: 'file' };
    expect(scanFragment(f, ruleSet)[0].line).toBe(11);
    expect(scanFragment({ ...f, lines: new Set([10]) }, ruleSet)).toEqual([]);
    expect(scanFragment({ ...f, lines: new Set([11]) }, ruleSet)).toHaveLength(1);
  });

  it('handles CRLF line endings', () => {
    const key = openaiProjectKey();
    const [m] = scan(`a\r\nb\r\n  k=${key}\r\n`);
    expect([m.line, m.column]).toEqual([3, 5]);
  });

  it('ignores lockfile integrity hashes, git SHAs, UUIDs and data URIs', () => {
    const sha512 = `sha512-${randomString(86)}==`;
    const text = [
      `"integrity": "${sha512}",`,
      `commit ${randomString(40, '0123456789abcdef')}`,
      `"id": "3f2b8c1e-4d5a-4b6c-9e8f-0a1b2c3d4e5f"`,
      `background: url(data:image/png;base64,iVBORw0KGgo${randomString(200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')});`,
    ].join('\n');
    expect(scan(text, 'package-lock.json').map((m) => m.rule.id)).toEqual([]);
  });
});

describe('windowsFor', () => {
  it('clips to the line and merges hits on one line', async () => {
    const { windowsFor } = await import('../../src/engine/scan.js');
    const text = 'aaaa\nbb KEY cc KEY dd\neeee\n1\n2\n3\n4';
    const first = text.indexOf('KEY');
    const second = text.indexOf('KEY', first + 1);
    // From the keyword's line through the next three lines.
    expect(windowsFor(text, [first, second], false)).toEqual([[5, text.indexOf('\n3')]]);
    expect(windowsFor(text, [first], true)).toEqual([[0, text.length]]);
  });
  it('stays within WINDOW characters on a long line and covers every hit', async () => {
    const { windowsFor, WINDOW } = await import('../../src/engine/scan.js');
    const text = 'x'.repeat(3 * WINDOW) + 'K' + 'y'.repeat(3 * WINDOW) + 'K' + 'z'.repeat(100);
    const hits = [3 * WINDOW, 6 * WINDOW + 1];
    const spans = windowsFor(text, hits, false);
    for (const h of hits) expect(spans.some(([s, e]) => s <= h - WINDOW && e >= Math.min(text.length, h + WINDOW))).toBe(true);
    const dense = windowsFor(text, Array.from({ length: 500 }, (_, i) => i * 10), false);
    expect(dense).toHaveLength(1);
  });
});

describe('all rule examples at once', () => {
  it('finds every positive example by its own rule when all share one text', () => {
    // Rules bound to a kind of file (paths:) run their examples at their own paths in rules.test.ts.
    const rules = ruleSet.rules.filter((r) => !r.appliesTo || r.appliesTo('src/all.txt'));
    const lines: { rule: string; text: string }[] = rules.flatMap((r) => r.examples.map((text) => ({ rule: r.id, text })));
    const text = lines.map((l) => l.text).join('\n\n');
    const found = scanDeep({ text, path: 'src/all.txt', startLine: 1, origin: 'file' }, ruleSet, { includeUnreported: true });
    let line = 1;
    const missing: string[] = [];
    for (const l of lines) {
      const span = l.text.split('\n').length;
      if (!found.some((m) => m.rule.id === l.rule && m.line >= line && m.line < line + span)) missing.push(l.rule);
      line += span + 1;
    }
    expect(missing).toEqual([]);
  });
});

describe('identifierName', () => {
  it('recognises names of identifiers, hashes and versions, not of credentials', async () => {
    const { identifierName } = await import('../../src/engine/scan.js');
    for (const before of ['trace_id = "', 'DD_TRACE_ID=', '"requestId": "', 'commit_sha: ', 'TWILIO_ACCOUNT_SID=', 'checksum("']) {
      expect(identifierName(before), before).not.toBeNull();
    }
    for (const before of ['DATADOG_API_KEY=', '"apiKey": "', 'twilio_auth_token = "', 'client = Mistral(api_key="', 'os.Setenv("DEEPSEEK_API_KEY", "', 'token: ']) {
      expect(identifierName(before), before).toBeNull();
    }
  });
});

describe('genericValueReason', () => {
  it('rejects code references but keeps passwords that contain dots', async () => {
    const { genericValueReason } = await import('../../src/engine/placeholders.js');
    for (const v of ['config.db.password', 'settings.SECRET_KEY', 'process.env.DB_PASS', 'os.getenv("X")', 'changeme']) {
      expect(genericValueReason(v), v).not.toBeNull();
    }
    for (const v of ['Marble.Saffron923', 'jgJMyw8t9.wn5p', 'Tr0ub4dor&3x!', 'k9#Lm2$pQ7vX']) {
      expect(genericValueReason(v), v).toBeNull();
    }
  });
});

describe('keys in comments', () => {
  it('a distinctive key commented out stays medium (it still blocks a commit); an introduced example is low', () => {
    const key = openaiProjectKey();
    const [commented] = scan(`// const client = new OpenAI({ apiKey: "${key}" });\n`);
    expect(commented.confidence).toBe('medium');
    expect(commented.lowered).toBe('in a comment');
    const [example] = scan(`/**\n * @example\n * new OpenAI({ apiKey: "${key}" })\n */\n`);
    expect(example.confidence).toBe('low');
  });
});

describe('passwords that end like code', () => {
  it('a password ending in ! is a password; an identifier with a bang is code', () => {
    const pw = `Xq${randomString(12)}7!`;
    expect(scan(`DB_PASSWORD=${pw}\n`, '.env').map((m) => m.secret)).toEqual([pw]);
    expect(scan('password: user.save!\n', 'config.yml')).toEqual([]);
  });
});

describe('where a secret stands (the search runs without the d flag)', () => {
  const spec = (id: string, pattern: string): RuleSpec => ({
    id,
    provider: 'acme',
    title: 'Acme test token',
    description: 'A rule for this test only.',
    severity: 'high',
    keywords: ['acme'],
    pattern,
    examples: [],
    negative_examples: [],
  });
  const at = (pattern: string, text: string) => {
    const set = buildRuleSet([compileRule(spec('acme-test-token', pattern), 'test', false)]);
    return scanFragment(frag(text), set).map((m) => [m.secret, m.line, m.column]);
  };

  it('reports the secret group where it matched, also when its text stands twice in the match', () => {
    const token = randomString(16, 'abcdefghijklmnopqrstuvwxyz');
    // The group is the second of two equal runs: the first occurrence in the match is not it.
    expect(at(`acme[=:](?:${token}):(?<secret>${token})`, `x\nacme=${token}:${token}\n`)).toEqual([[token, 2, 7 + token.length]]);
    // A group inside a lookbehind lies before the match, though its text also stands inside it.
    expect(at(`(?<=acme=(?<secret>${token}):)${token}`, `acme=${token}:${token}\n`)).toEqual([[token, 1, 6]]);
    // No group: the whole match.
    expect(at(`acme_${token}`, `  acme_${token}\n`)).toEqual([[`acme_${token}`, 1, 3]]);
  });
});

describe('windowsFor with the newlines of a fragment shared between rules', () => {
  // The windows as they were worked out before (a search of each hit's surroundings), to compare with.
  function contextEnd(text: string, p: number, limit: number, lines: number): number {
    let at = p;
    for (let i = 0; i <= lines; i++) {
      const nl = text.slice(at, limit).indexOf('\n');
      if (nl === -1) return limit;
      if (i === lines) return at + nl;
      at += nl + 1;
    }
    return limit;
  }
  function reference(text: string, positions: number[], window: number, lines: number): [number, number][] {
    const spans: [number, number][] = [];
    for (const p of positions) {
      const last = spans[spans.length - 1];
      const end = contextEnd(text, p, Math.min(text.length, p + window), lines);
      if (last && p <= last[1]) {
        if (end > last[1]) last[1] = end;
        continue;
      }
      const floor = Math.max(last ? last[1] : 0, p - window);
      const back = text.slice(floor, p).lastIndexOf('\n');
      if (back === -1 && last && p - window <= last[1]) {
        last[1] = end;
        continue;
      }
      spans.push([back === -1 ? floor : floor + back + 1, end]);
    }
    return spans;
  }

  it('gives the same windows as searching around each hit, rule after rule, on short, long and missing lines', async () => {
    const { windowsFor, WINDOW, CONTEXT_LINES } = await import('../../src/engine/scan.js');
    const { Newlines } = await import('../../src/engine/lines.js');
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000003) % n;
    for (let round = 0; round < 300; round++) {
      const lines: string[] = [];
      const count = 1 + rnd(400);
      for (let i = 0; i < count; i++) {
        const kind = rnd(20);
        lines.push('x'.repeat(kind === 0 ? 5000 + rnd(40000) : kind === 1 ? 0 : rnd(120)));
      }
      const text = lines.join('\n') + (rnd(2) ? '\n' : '');
      const newlines = new Newlines(text);
      for (let rule = 0; rule < 4; rule++) {
        const set = new Set<number>();
        const hits = rnd(4) === 0 ? 1 + rnd(3) : rnd(200);
        for (let h = 0; h < hits; h++) set.add(rnd(text.length));
        const positions = [...set].sort((a, b) => a - b);
        expect(windowsFor(text, positions, false, newlines), `round ${round} rule ${rule}`).toEqual(reference(text, positions, WINDOW, CONTEXT_LINES));
      }
    }
  });
});
