// Remediation by provider and git state: the steps for each combination, and advise() over a report.
import { describe, expect, it } from 'vitest';
import { advise, secretState, stepsFor, windowText, type SecretState } from '../../src/advice/advise.js';
import { loadMistakes } from '../../src/mistakes.js';
import type { Finding, Report } from '../../src/types.js';

const OPENAI = {
  revoke: 'https://platform.openai.com/api-keys',
  usage: 'https://platform.openai.com/usage',
  docs: 'https://platform.openai.com/settings/organization/limits',
};
const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const SHA2 = '0123456789abcdef0123456789abcdef01234567';

function state(over: Partial<SecretState>): SecretState {
  return { rule: 'openai-project-key', provider: 'openai', links: OPENAI, mistakes: ['stored-insecurely'], origin: 'git', files: ['a.ts'], commits: [], ...over };
}

describe('steps by git state', () => {
  const table: [string, Partial<SecretState>, RegExp[], RegExp[]][] = [
    [
      'pushed: revoke now, rewriting history does not un-leak it',
      { commits: [SHA], pushed: true, pushedCommits: [SHA], inHead: true, exposure: { from: '2020-01-02T00:00:00Z' } },
      [/^Revoke it now at https:\/\/platform\.openai\.com\/api-keys: commit abcdef0123 was pushed, and rewriting history does not un-leak it\.$/, /for the time it was exposed: 2020-01-02 to now\./],
      [/amend/, /purge-plan/],
    ],
    [
      'not pushed: amend or rebase it away, then rotate if shared',
      { commits: [SHA], pushed: false, inHead: true, exposure: { from: '2020-01-02T00:00:00Z' } },
      [/^Not pushed yet: take it out of commit abcdef0123 before you push/, /git commit --amend/, /git rebase -i abcdef0123\^/, /^Then rotate it at https:\/\/platform\.openai\.com\/api-keys if it was shared any other way/],
      [/Revoke it now/],
    ],
    [
      'pushed state unknown: treated as pushed',
      { commits: [SHA] },
      [/^Revoke it now at .*: keyscan could not tell whether commit abcdef0123 was pushed/],
      [/Not pushed yet/],
    ],
    [
      'pushed and deleted from HEAD: still in history, purge only after revoking',
      { commits: [SHA, SHA2], pushed: true, pushedCommits: [SHA, SHA2], inHead: false, exposure: { from: '2020-01-02T00:00:00Z', until: '2020-03-04T00:00:00Z', removedIn: SHA2 } },
      [/commits abcdef0123 and 0123456789 were pushed/, /deleted from HEAD but every clone and fork still holds it: after revoking, purge it/, /2020-01-02 to 2020-03-04/],
      [],
    ],
    [
      'no revoke link: where it was issued',
      { links: {}, commits: [SHA], pushed: true, pushedCommits: [SHA] },
      [/^Revoke or change it now where it was issued/],
      [/usage at/],
    ],
    [
      'usage billing: set a limit (docs link) and check usage for the window',
      { mistakes: ['stored-insecurely', 'usage-not-monitored'], commits: [SHA], pushed: true, pushedCommits: [SHA], exposure: { from: '2020-01-02T00:00:00Z' } },
      [/^Set a usage limit with alerts at https:\/\/platform\.openai\.com\/settings\/organization\/limits\.$/, /^Check its usage at https:\/\/platform\.openai\.com\/usage for the time it was exposed: 2020-01-02 to now\.$/],
      [],
    ],
    [
      'tree, committed in HEAD: treat as leaked, run keyscan git',
      { origin: 'file', inHead: true, tracking: { tracked: ['a.ts'] } },
      [/^HEAD already holds it, so it is in git history: treat it as leaked\. Run keyscan git/],
      [/tracked by git: take the key out/],
    ],
    [
      'tree, tracked but not committed',
      { origin: 'file', inHead: false, tracking: { tracked: ['a.ts'] } },
      [/^a\.ts is tracked by git: take the key out before you commit\.$/],
      [/HEAD already/],
    ],
    [
      'tree, untracked',
      { origin: 'file', inHead: false, tracking: { untracked: ['notes.txt'] } },
      [/^notes\.txt is not in git yet: add it to \.gitignore/],
      [/Revoke/],
    ],
    [
      'tree, gitignored .env: the lesser risk',
      { origin: 'file', inHead: false, tracking: { ignored: ['.env'] } },
      [/^\.env is ignored by git, so the key stays out of commits \(the lesser risk\)/],
      [/Revoke/],
    ],
    [
      'tree, outside git',
      { origin: 'file' },
      [/^Move it to an environment variable or a secret store/],
      [],
    ],
    [
      'tree, shared with others: revoke',
      { origin: 'file', mistakes: ['stored-insecurely', 'shared-with-others'], tracking: { tracked: ['README.md'] } },
      [/^Revoke it at https:\/\/platform\.openai\.com\/api-keys: it sits where others read it\.$/],
      [],
    ],
    [
      'staged',
      { origin: 'staged', files: ['src/a.ts'] },
      [/^It is staged, not committed yet: take it out of src\/a\.ts/],
      [/Revoke/],
    ],
    [
      'standard input',
      { origin: 'stdin', mistakes: [] },
      [/^If the text you scanned is stored or shared anywhere .*, revoke it at https/],
      [],
    ],
  ];
  it.each(table)('%s', (_, over, want, notWant) => {
    const steps = stepsFor(state(over));
    for (const re of want) expect(steps.some((s) => re.test(s)), `${re} in\n${steps.join('\n')}`).toBe(true);
    for (const re of notWant) expect(steps.some((s) => re.test(s)), `${re} not in\n${steps.join('\n')}`).toBe(false);
    for (const s of steps) expect(s).toMatch(/[.]$/);
  });

  it('words the exposure window', () => {
    expect(windowText({ from: '2020-01-02T03:04:05Z' })).toBe('2020-01-02 to now');
    expect(windowText({ from: '2020-01-02T03:04:05Z', until: '2021-02-03T00:00:00Z' })).toBe('2020-01-02 to 2021-02-03');
  });
});

function f(over: Partial<Finding>): Finding {
  return {
    rule: 'openai-project-key', provider: 'openai', title: 'OpenAI project API key', severity: 'critical', confidence: 'high',
    file: 'a.ts', line: 1, column: 1, redacted: 'sk-proj-Ab…wxyz', fingerprint: 'fp-a', secretHash: 'h1',
    mistakes: ['stored-insecurely'], occurrences: [{ file: 'a.ts', line: 1, column: 1 }], origin: 'file', remediation: OPENAI,
    ...over,
  };
}

function report(findings: Finding[]): Report {
  return {
    version: 1,
    findings,
    summary: { target: '.', filesScanned: 1, bytesScanned: 1, skipped: {}, skippedExamples: [], rules: 1, findings: findings.length, durationMs: 1, notes: [] },
  };
}

describe('advise()', () => {
  const c1 = { sha: SHA, author: 'Ada', email: 'ada@example.com', date: '2020-01-02T00:00:00Z' };
  const c2 = { sha: SHA2, author: 'Ada', email: 'ada@example.com', date: '2020-02-03T00:00:00Z' };

  it('labels tree findings tracked / ignored / untracked and adds not-revoked when HEAD holds the secret', () => {
    const r = advise(
      report([f({ file: 'src/a.ts' }), f({ file: '.env', fingerprint: 'fp-b' }), f({ file: 'n.txt', fingerprint: 'fp-c', secretHash: 'h2' })]),
      loadMistakes(),
      { tracking: { 'src/a.ts': 'tracked', '.env': 'ignored', 'n.txt': 'untracked' }, inHead: ['h1'] },
    );
    expect(r.findings.map((x) => [x.tracked, x.inHead])).toEqual([
      ['tracked', true],
      ['ignored', true],
      ['untracked', false],
    ]);
    expect(r.findings[0].mistakes).toEqual(['stored-insecurely', 'not-revoked']);
    expect(r.findings[2].mistakes).toEqual(['stored-insecurely']);
    expect(r.mistakes?.map((m) => m.id)).toEqual(['stored-insecurely', 'not-revoked']);
    // one secret, one set of steps for each of its findings
    expect(r.findings[0].steps).toEqual(r.findings[1].steps);
  });

  it('sets pushed and the exposure window of history findings from the facts', () => {
    const a = f({ origin: 'git', commit: c1, occurrences: [{ file: 'a.ts', line: 1, column: 1, commit: c1 }], inHead: false, mistakes: ['stored-insecurely', 'not-revoked'] });
    const b = f({ origin: 'git', commit: c2, file: 'b.ts', fingerprint: 'fp-b', occurrences: [{ file: 'b.ts', line: 2, column: 1, commit: c2 }], inHead: false, mistakes: ['stored-insecurely', 'not-revoked'] });
    const r = advise(report([a, b]), loadMistakes(), {
      pushed: { [SHA]: false, [SHA2]: true },
      removed: { 'fp-a': { sha: SHA2, date: '2020-03-01T00:00:00Z' }, 'fp-b': { sha: SHA2, date: '2020-04-01T00:00:00Z' } },
    });
    expect(r.findings.map((x) => x.pushed)).toEqual([false, true]);
    expect(r.findings[0].exposure).toEqual({ from: c1.date, until: '2020-03-01T00:00:00Z', removedIn: SHA2 });
    const s = secretState(r.findings);
    expect(s.pushed).toBe(true);
    expect(s.exposure).toEqual({ from: c1.date, until: '2020-04-01T00:00:00Z', removedIn: SHA2 });
    expect(r.findings[0].steps?.[0]).toMatch(/^Revoke it now .*commit 0123456789 was pushed/);
  });

  it('leaves pushed unknown when the facts do not cover every commit, and does not change its input', () => {
    const a = f({ origin: 'git', commit: c1, occurrences: [{ file: 'a.ts', line: 1, column: 1, commit: c1 }] });
    const input = report([a]);
    const before = JSON.stringify(input);
    const r = advise(input, loadMistakes(), { pushed: {} });
    expect(r.findings[0].pushed).toBeUndefined();
    expect(r.findings[0].exposure).toEqual({ from: c1.date });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('gives a clean report no mistakes', () => {
    const r = advise(report([]), loadMistakes());
    expect(r.mistakes).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
