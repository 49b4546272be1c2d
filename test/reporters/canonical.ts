// One canonical report with fixed data, for the golden files of every format. The fake secrets are
// made at run time from a fixed seed, so they are the same on every run and never sit in a test source.
import { advise, type GitFacts } from '../../src/advice/advise.js';
import { fingerprint, secretHash } from '../../src/findings/fingerprint.js';
import { redact } from '../../src/findings/redact.js';
import { loadMistakes } from '../../src/mistakes.js';
import type { SarifRule } from '../../src/reporters/sarif.js';
import type { CommitInfo, Finding, Location, MistakeId, Report, Severity, Confidence } from '../../src/types.js';
import { githubToken, openaiProjectKey, randomString, seed } from '../helpers/fakes.js';

export const ADA: Omit<CommitInfo, 'sha' | 'date'> = { author: 'Ada Lovelace', email: 'ada@example.com' };
export const C1: CommitInfo = { sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', date: '2020-01-02T10:00:00Z', ...ADA };
export const C2: CommitInfo = { sha: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890', date: '2020-02-03T11:30:00Z', ...ADA };
export const C3: CommitInfo = { sha: 'c3d4e5f60718293a4b5c6d7e8f90123456789012', date: '2020-03-04T09:15:00Z', author: 'Grace Hopper', email: 'grace@example.com' };
export const C4: CommitInfo = { sha: 'd4e5f60718293a4b5c6d7e8f9012345678901234', date: '2021-05-06T16:45:00Z', ...ADA };

export const REMEDIATION = {
  openai: {
    revoke: 'https://platform.openai.com/api-keys',
    usage: 'https://platform.openai.com/usage',
    docs: 'https://platform.openai.com/settings/organization/limits',
  },
  github: { revoke: 'https://github.com/settings/tokens' },
};

/** Fixed rule metadata for SARIF (not the rule files, which their writers keep improving). */
export const RULES = new Map<string, SarifRule>([
  [
    'openai-project-key',
    {
      id: 'openai-project-key',
      provider: 'openai',
      title: 'OpenAI project API key',
      description: 'A project-scoped OpenAI secret key (sk-proj-). Anyone holding it can call every model the project may use, billed to your organisation.',
      severity: 'critical',
      confidence: 'high',
      billing: 'usage',
      remediation: REMEDIATION.openai,
    },
  ],
  [
    'github-pat-classic',
    {
      id: 'github-pat-classic',
      provider: 'github',
      title: 'GitHub personal access token (classic)',
      description: 'A classic GitHub personal access token (ghp_): whoever holds it acts as its owner on GitHub.',
      severity: 'critical',
      confidence: 'high',
      remediation: REMEDIATION.github,
    },
  ],
  [
    'generic-password',
    {
      id: 'generic-password',
      provider: 'generic',
      title: 'Password in an assignment',
      description: 'A password assigned in code or configuration.',
      severity: 'medium',
      confidence: 'medium',
    },
  ],
]);

export interface Secrets {
  openai: string;
  github: string;
  password: string;
}

export function canonicalSecrets(): Secrets {
  seed(20200102);
  return { openai: openaiProjectKey(40), github: githubToken('ghp_'), password: `Tr0ub4dor-${randomString(10)}` };
}

interface Spec {
  rule: string;
  provider: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  secret: string;
  prefix?: string;
  places: Location[];
  mistakes: MistakeId[];
  stillInHead?: boolean;
  remediation?: Finding['remediation'];
  lowered?: string;
}

function finding(s: Spec, reveal: boolean): Finding {
  const first = s.places[0];
  return {
    rule: s.rule,
    provider: s.provider,
    title: s.title,
    severity: s.severity,
    confidence: s.confidence,
    file: first.file,
    line: first.line,
    column: first.column,
    redacted: redact(s.secret, s.prefix),
    ...(reveal ? { secret: s.secret } : {}),
    fingerprint: fingerprint(s.rule, s.secret, first.file),
    secretHash: secretHash(s.secret),
    mistakes: s.mistakes,
    occurrences: s.places,
    ...(first.commit ? { commit: first.commit } : {}),
    origin: 'git',
    ...(s.remediation ? { remediation: s.remediation } : {}),
    ...(s.lowered ? { lowered: s.lowered } : {}),
    ...(s.stillInHead !== undefined ? { inHead: s.stillInHead } : {}),
  };
}

/**
 * A history scan (`keyscan git`) that found:
 *  - an OpenAI key committed in src/client.ts and docs/setup.md, pushed, then deleted from HEAD;
 *  - a GitHub token in .env committed locally and not pushed, still in HEAD;
 *  - a password in a test fixture (low confidence), pushed, still in HEAD.
 */
export function canonicalReport(options: { reveal?: boolean; clean?: boolean } = {}): Report {
  const s = canonicalSecrets();
  const reveal = options.reveal ?? false;
  const specs: Spec[] = [
    {
      rule: 'openai-project-key', provider: 'openai', title: 'OpenAI project API key', severity: 'critical', confidence: 'high',
      secret: s.openai, prefix: 'sk-proj-', remediation: REMEDIATION.openai, stillInHead: false,
      places: [{ file: 'src/client.ts', line: 12, column: 17, commit: C1 }],
      mistakes: ['stored-insecurely', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored'],
    },
    {
      rule: 'openai-project-key', provider: 'openai', title: 'OpenAI project API key', severity: 'critical', confidence: 'high',
      secret: s.openai, prefix: 'sk-proj-', remediation: REMEDIATION.openai, stillInHead: false,
      places: [{ file: 'docs/setup.md', line: 3, column: 9, commit: C2 }, { file: 'docs/setup.md', line: 40, column: 5, commit: C2 }],
      mistakes: ['stored-insecurely', 'shared-with-others', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored'],
    },
    {
      rule: 'github-pat-classic', provider: 'github', title: 'GitHub personal access token (classic)', severity: 'critical', confidence: 'high',
      secret: s.github, prefix: 'ghp_', remediation: REMEDIATION.github, stillInHead: true,
      places: [{ file: '.env', line: 2, column: 14, commit: C4 }],
      mistakes: ['stored-insecurely', 'not-revoked'],
    },
    {
      rule: 'generic-password', provider: 'generic', title: 'Password in an assignment', severity: 'medium', confidence: 'low',
      secret: s.password, stillInHead: true, lowered: 'in a test or fixture path',
      places: [{ file: 'test/fixtures/db.yml', line: 7, column: 13, commit: C2 }],
      mistakes: ['stored-insecurely', 'not-revoked'],
    },
  ];
  const findings = options.clean ? [] : specs.map((spec) => finding(spec, reveal));
  const report: Report = {
    version: 1,
    findings,
    summary: {
      target: '.: every commit on every ref (42 commits)',
      filesScanned: 57,
      bytesScanned: 123456,
      skipped: options.clean ? {} : { binary: 2 },
      skippedExamples: options.clean ? [] : [{ path: 'assets/logo.png', reason: 'binary' }],
      rules: 390,
      findings: findings.length,
      durationMs: 1234,
      notes: options.clean ? [] : ['1 finding(s) deleted but still in history: every clone still carries them, so revoke those keys'],
    },
  };
  const facts: GitFacts = {
    pushed: { [C1.sha]: true, [C2.sha]: true, [C3.sha]: true, [C4.sha]: false },
    removed: options.clean
      ? {}
      : {
          [fingerprint('openai-project-key', s.openai, 'src/client.ts')]: { sha: C3.sha, date: C3.date },
          [fingerprint('openai-project-key', s.openai, 'docs/setup.md')]: { sha: C3.sha, date: C3.date },
        },
  };
  return advise(report, loadMistakes(), facts);
}

/** A tree scan (`keyscan dir --no-gitignore`) inside a work tree: tracked and committed, ignored, untracked. */
export function canonicalTreeReport(): Report {
  const s = canonicalSecrets();
  const tree = (file: string, secret: string, rule: string, mistakes: MistakeId[]): Finding => ({
    rule,
    provider: rule.startsWith('openai') ? 'openai' : 'github',
    title: rule.startsWith('openai') ? 'OpenAI project API key' : 'GitHub personal access token (classic)',
    severity: 'critical',
    confidence: 'high',
    file,
    line: 1,
    column: 16,
    redacted: redact(secret, rule.startsWith('openai') ? 'sk-proj-' : 'ghp_'),
    fingerprint: fingerprint(rule, secret, file),
    secretHash: secretHash(secret),
    mistakes,
    occurrences: [{ file, line: 1, column: 16 }],
    origin: 'file',
    remediation: rule.startsWith('openai') ? REMEDIATION.openai : REMEDIATION.github,
  });
  const findings = [
    tree('config/settings.py', s.openai, 'openai-project-key', ['stored-insecurely', 'multiple-keys-no-purpose', 'usage-not-monitored']),
    tree('.env', s.openai, 'openai-project-key', ['stored-insecurely', 'multiple-keys-no-purpose', 'usage-not-monitored']),
    tree('notes/token.txt', s.github, 'github-pat-classic', ['stored-insecurely', 'shared-with-others']),
  ];
  const report: Report = {
    version: 1,
    findings,
    summary: {
      target: '.',
      filesScanned: 12,
      bytesScanned: 20480,
      skipped: {},
      skippedExamples: [],
      rules: 390,
      findings: findings.length,
      durationMs: 87,
      notes: [],
    },
  };
  const facts: GitFacts = {
    tracking: { 'config/settings.py': 'tracked', '.env': 'ignored', 'notes/token.txt': 'untracked' },
    inHead: [secretHash(s.openai)],
  };
  return advise(report, loadMistakes(), facts);
}
