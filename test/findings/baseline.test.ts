import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baselineChanges,
  isExpired,
  loadBaseline,
  makeBaseline,
  parseBaseline,
  renderBaseline,
  suppress,
  todayUtc,
  type AllowEntry,
  type LoadedBaseline,
} from '../../src/findings/baseline.js';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { scanFragment } from '../../src/engine/scan.js';
import { builtinRuleSet } from '../../src/rules.js';
import { findingsOf as toFindings } from '../../src/pipeline/index.js';
import type { Match } from '../../src/types.js';
import { githubToken, minted, MINTED, openaiProjectKey, secretsIn } from '../helpers/fakes.js';
import { removeDir, tempDir } from '../helpers/repo.js';

const ruleSet = builtinRuleSet();
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Scan in-memory files; return matches and findings. */
function scan(files: Record<string, string>): { matches: Match[]; findings: ReturnType<typeof toFindings> } {
  const matches = Object.entries(files).flatMap(([path, text]) => scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet));
  return { matches, findings: toFindings(matches, false) };
}

function loaded(entries: ReturnType<typeof makeBaseline>['entries']): LoadedBaseline {
  return { path: '.keyscan-baseline.json', entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}

describe('fingerprint', () => {
  it('is sha256 of rule, secret and file, the same on every machine (golden value)', () => {
    // sha256 over length-prefixed parts ("10:keyscan/v1", "9:demo-rule", …), first 32 hex digits.
    // If this changes, every baseline and allow.secrets entry users hold stops matching.
    expect(fingerprint('demo-rule', 'not-a-secret-value', 'src/a.ts')).toBe('f6b208445e7d70aee1c9a2fd3d8ff906');
  });

  it('does not change when lines move, and changes with the file or the rule', () => {
    const key = minted(openaiProjectKey());
    const a = scan({ 'a.ts': `const k = "${key}";\n` }).findings[0];
    const moved = scan({ 'a.ts': `// one\n// two\n\n\nconst k = "${key}";\n` }).findings[0];
    const elsewhere = scan({ 'b.ts': `const k = "${key}";\n` }).findings[0];
    expect(moved.line).not.toBe(a.line);
    expect(moved.fingerprint).toBe(a.fingerprint);
    expect(elsewhere.fingerprint).not.toBe(a.fingerprint);
    expect(fingerprint('other-rule', key, 'a.ts')).not.toBe(a.fingerprint);
  });
});

describe('makeBaseline and renderBaseline', () => {
  const keys = [minted(openaiProjectKey()), minted(openaiProjectKey()), minted(githubToken())];
  const files = { 'z.ts': `const a = "${keys[0]}";\n`, 'a/b.py': `A = "${keys[1]}"\nB = "${keys[2]}"\n` };

  it('holds fingerprint, rule and file only, sorted by file, rule and fingerprint', () => {
    const { findings } = scan(files);
    const baseline = makeBaseline(findings);
    expect(baseline.version).toBe(1);
    expect(baseline.entries.map((e) => Object.keys(e))).toEqual([
      ['fingerprint', 'rule', 'file'],
      ['fingerprint', 'rule', 'file'],
      ['fingerprint', 'rule', 'file'],
    ]);
    expect(baseline.entries.map((e) => `${e.file} ${e.rule}`)).toEqual(['a/b.py github-pat-classic', 'a/b.py openai-project-key', 'z.ts openai-project-key']);
  });

  it('renders the same bytes whatever order the findings come in, one entry per line, no secret', () => {
    const { findings } = scan(files);
    const text = renderBaseline(makeBaseline(findings));
    expect(renderBaseline(makeBaseline([...findings].reverse()))).toBe(text);
    expect(text.split('\n').filter((l) => l.includes('"fingerprint"'))).toHaveLength(3);
    expect(text).not.toMatch(/"line"|"column"|"date"|"commit"|"time"/);
    expect(secretsIn(text, keys)).toEqual([]);
    expect(parseBaseline(text, 'x')).toEqual(makeBaseline(findings).entries);
    expect(renderBaseline({ version: 1, entries: [] })).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
  });

  it('keeps the reasons of entries that still match and drops entries that do not', () => {
    const { findings } = scan(files);
    const first = makeBaseline(findings);
    const previous = first.entries.map((e, i) => (i === 0 ? { ...e, reason: 'rotated in ticket SEC-1' } : e));
    const gone = { fingerprint: 'f'.repeat(32), rule: 'openai-project-key', file: 'old.ts', reason: 'gone' };
    const next = makeBaseline(findings, [...previous, gone]);
    expect(next.entries[0].reason).toBe('rotated in ticket SEC-1');
    expect(next.entries.some((e) => e.file === 'old.ts')).toBe(false);
    expect(baselineChanges([...previous, gone], next)).toEqual({ added: 0, removed: 1 });
    expect(renderBaseline(next)).toContain('"reason": "rotated in ticket SEC-1"}');
  });
});

describe('parseBaseline and loadBaseline', () => {
  it('names what is wrong', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^invalid baseline b\.json: /);
    expect(() => parseBaseline('{"version": 2, "entries": []}', 'b.json')).toThrow(/version 2 is newer than this keyscan reads/);
    expect(() => parseBaseline('{"version": 1}', 'b.json')).toThrow(/expected \{"version": 1, "entries"/);
    expect(() => parseBaseline('{"version": 1, "entries": [{"fingerprint": "abc", "rule": "r", "file": "f"}]}', 'b.json')).toThrow(
      /entries\[0\]: "fingerprint" must be 32 hexadecimal characters/,
    );
    const fp = 'a'.repeat(32);
    expect(() => parseBaseline(`{"version": 1, "entries": [{"fingerprint": "${fp}", "file": "f"}]}`, 'b.json')).toThrow(/entries\[0\]: "rule" must be a string/);
  });

  it('reads .keyscan-baseline.json at the root, or --baseline FILE relative to the working directory', () => {
    const root = tempDir();
    dirs.push(root);
    expect(loadBaseline(root)).toBeNull();
    const body = renderBaseline({ version: 1, entries: [{ fingerprint: 'b'.repeat(32), rule: 'r', file: 'f' }] });
    writeFileSync(join(root, '.keyscan-baseline.json'), body);
    expect(loadBaseline(root)?.fingerprints.has('b'.repeat(32))).toBe(true);
    mkdirSync(join(root, 'ci'));
    writeFileSync(join(root, 'ci', 'other.json'), renderBaseline({ version: 1, entries: [] }));
    expect(loadBaseline('/nowhere', 'ci/other.json', root)?.entries).toEqual([]);
    expect(() => loadBaseline(root, 'missing.json', root)).toThrow(/cannot read baseline missing\.json: no such file or folder/);
  });
});

describe('suppress', () => {
  const key = minted(openaiProjectKey());
  const other = minted(openaiProjectKey());
  const { matches, findings } = scan({ 'a.ts': `const k = "${key}";\n`, 'b.ts': `const o = "${other}";\n` });
  const [fa, fb] = findings;
  const base = { matches, findings, allow: [] as AllowEntry[], baseline: null, today: '2025-06-15', reportUnused: false };

  it('leaves out live allow.secrets entries and baseline entries, counting each', () => {
    const out = suppress({ ...base, allow: [{ fingerprint: fa.fingerprint, source: '.keyscan.yaml:4', expires: '2025-06-15' }], baseline: loaded(makeBaseline([fb]).entries) });
    expect(out.findings).toEqual([]);
    expect(out.summary.suppressed).toEqual({ allowSecrets: 1, baseline: 1 });
    expect(out.notes).toContain('1 finding(s) suppressed by the baseline .keyscan-baseline.json');
  });

  it('reports a finding again once its allow.secrets entry has expired, and says which entry', () => {
    const entry: AllowEntry = { fingerprint: fa.fingerprint, source: '.keyscan.yaml:7', reason: 'test account', expires: '2025-06-14' };
    expect(isExpired(entry, '2025-06-14')).toBe(false);
    expect(isExpired(entry, '2025-06-15')).toBe(true);
    const out = suppress({ ...base, allow: [entry] });
    expect(out.findings.map((f) => f.fingerprint)).toContain(fa.fingerprint);
    expect(out.notes).toContain(
      `allow.secrets entry ${fa.fingerprint} (.keyscan.yaml:7, "test account") expired on 2025-06-14: its finding is reported again`,
    );
    expect(out.summary.expired).toEqual([{ fingerprint: fa.fingerprint, expires: '2025-06-14', source: '.keyscan.yaml:7', reason: 'test account' }]);
    const covered = suppress({ ...base, allow: [entry], baseline: loaded(makeBaseline([fa]).entries) });
    expect(covered.findings.map((f) => f.fingerprint)).not.toContain(fa.fingerprint);
    expect(covered.notes.join('\n')).toMatch(/expired on 2025-06-14; the baseline still covers it/);
  });

  it('reports a baselined secret that spread to a new file, and says where it was baselined', () => {
    const spread = scan({ 'a.ts': `const k = "${key}";\n`, 'lib/copy.ts': `export const k = "${key}";\n` });
    const baseline = loaded(makeBaseline(scan({ 'a.ts': `const k = "${key}";\n` }).findings).entries);
    const out = suppress({ ...base, matches: spread.matches, findings: spread.findings, baseline });
    expect(out.findings.map((f) => f.file)).toEqual(['lib/copy.ts']);
    expect(out.summary.spread).toEqual([{ fingerprint: out.findings[0].fingerprint, rule: 'openai-project-key', file: 'lib/copy.ts', baselinedIn: 'a.ts' }]);
    expect(out.notes.join('\n')).toContain('a secret baselined in a.ts (openai-project-key) now also stands in lib/copy.ts: it spread');
    const fresh = suppress({ ...base, baseline });
    expect(fresh.summary.spread).toBeUndefined();
  });

  it('lists entries that match nothing only when asked', () => {
    const stale = { fingerprint: 'c'.repeat(32), rule: 'openai-project-key', file: 'gone.ts' };
    const allow: AllowEntry[] = [{ fingerprint: 'd'.repeat(32), source: '.keyscan.yaml:9' }];
    const quiet = suppress({ ...base, allow, baseline: loaded([stale, ...makeBaseline([fa]).entries]) });
    expect(quiet.summary.unused).toBeUndefined();
    const out = suppress({ ...base, allow, baseline: loaded([stale, ...makeBaseline([fa]).entries]), reportUnused: true });
    expect(out.summary.unused).toEqual([
      { from: 'baseline', fingerprint: stale.fingerprint, rule: 'openai-project-key', file: 'gone.ts' },
      { from: 'allow.secrets', fingerprint: 'd'.repeat(32), source: '.keyscan.yaml:9' },
    ]);
    expect(out.notes).toContain(`unused baseline entry ${stale.fingerprint} (openai-project-key in gone.ts): it matches nothing (keyscan baseline drops it)`);
  });

  it('takes today in UTC', () => {
    expect(todayUtc(new Date(Date.UTC(2030, 0, 2, 23, 59)))).toBe('2030-01-02');
  });

  it('never needed a secret in what it returns', () => {
    const out = suppress({ ...base, reportUnused: true, baseline: loaded(makeBaseline(findings).entries) });
    expect(secretsIn(JSON.stringify(out), MINTED)).toEqual([]);
  });
});
