// .keyscan.yaml through the CLI: what each key leaves out or adds, and how a broken file fails.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, minted, MINTED, openaiProjectKey, randomString, secretsIn } from '../helpers/fakes.js';
import { commit, filesUnder, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => {
  // The baselines written here hold no secret either.
  for (const file of dirs.flatMap((d) => filesUnder(d, (name) => name === '.keyscan-baseline.json'))) {
    expect(secretsIn(readFileSync(file, 'utf8'), MINTED), file).toEqual([]);
  }
  dirs.forEach(removeDir);
});

function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

interface JsonReport {
  findings: { rule: string; file: string; fingerprint: string }[];
  summary: { notes: string[]; suppressed?: { allowSecrets: number; baseline: number }; expired?: { fingerprint: string }[] };
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

function acmeRule(negative = 'acme_short'): string {
  return [
    'rules:',
    '  - id: acme-api-token',
    '    provider: acme',
    '    title: ACME API token',
    '    description: Full access to an ACME account.',
    '    severity: high',
    '    keywords: [acme_]',
    "    pattern: '(?<secret>acme_[A-Za-z0-9]{24})'",
    '    entropy: 3',
    `    examples: ['token = "acme_${randomString(24)}"', 'ACME=acme_${randomString(24)}']`,
    `    negative_examples: ['${negative}', 'acme_docs']`,
    '',
  ].join('\n');
}

describe('a broken .keyscan.yaml', () => {
  it('stops every command with exit 2 and one line naming file, line and problem, and no report', () => {
    const key = minted(openaiProjectKey());
    const dir = makeRepo([{ files: { 'a.ts': `const k = "${key}";\n`, '.keyscan.yaml': 'allow:\n  rules: [openai-projet-key]\n' } }]);
    dirs.push(dir);
    const line = 'keyscan: invalid config .keyscan.yaml:2:11: allow.rules[0]: unknown rule id "openai-projet-key" (did you mean "openai-project-key"? keyscan rules lists them)\n';
    for (const args of [['.'], ['dir', '.', '--format', 'json'], ['files', 'a.ts'], ['git'], ['staged'], ['baseline'], ['rules']]) {
      const r = keyscan(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(line);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('names --config FILE as given', () => {
    const dir = project({ 'ci/scan.yaml': 'allow:\n  paths:\n    - 42\n' });
    const r = keyscan(['.', '--config', 'ci/scan.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('keyscan: invalid config ci/scan.yaml:3:7: allow.paths[0]: expected a string, got 42\n');
    expect(keyscan(['.', '--config', 'nope.yaml'], { cwd: dir }).stderr).toBe('keyscan: cannot read config nope.yaml: no such file or folder\n');
  });
});

describe('allow.paths and allow.rules', () => {
  it('leave out globbed paths (a trailing / covers the folder) and switched-off rules', () => {
    const keys = [0, 1, 2, 3].map(() => minted(openaiProjectKey()));
    const token = minted(githubToken());
    const files = {
      'src/a.ts': `const k = "${keys[0]}";\nconst g = "${token}";\n`,
      'vendor/lib/x.js': `k = "${keys[1]}";\n`,
      'generated/y.js': `k = "${keys[2]}";\n`,
      'test/fixtures/z.json': `{"k": "${keys[3]}"}\n`,
    };
    const open = json(keyscan(['--format', 'json'], { cwd: project(files) }).stdout);
    expect(open.findings).toHaveLength(5);
    const dir = project({
      ...files,
      '.keyscan.yaml': 'allow:\n  paths: ["vendor/**", "./generated/", "test/fixtures/**"]\n  rules: [github-pat-classic]\n',
    });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['src/a.ts openai-project-key']);
  });
});

describe('allow.secrets', () => {
  const key = minted(openaiProjectKey());
  const files = { 'src/a.ts': `const k = "${key}";\n` };
  const fp = json(keyscan(['--format', 'json'], { cwd: project(files) }).stdout).findings[0].fingerprint;
  const entry = (extra: string) => `allow:\n  secrets:\n    - fingerprint: ${fp}\n      reason: revoked, kept as a sample\n${extra}`;

  it('accepts a finding by fingerprint, with or without an expiry to come', () => {
    for (const extra of ['', '      expires: 2999-12-31\n']) {
      const r = keyscan(['--format', 'json'], { cwd: project({ ...files, '.keyscan.yaml': entry(extra) }) });
      expect(r.code, extra).toBe(0);
      expect(json(r.stdout).findings).toEqual([]);
      expect(json(r.stdout).summary.suppressed).toEqual({ allowSecrets: 1, baseline: 0 });
    }
  });

  it('reports the finding again once the entry has expired, with a note naming the entry', () => {
    const r = keyscan(['--format', 'json'], { cwd: project({ ...files, '.keyscan.yaml': entry('      expires: 2020-01-31\n') }) });
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.findings.map((f) => f.fingerprint)).toEqual([fp]);
    const note = `allow.secrets entry ${fp} (.keyscan.yaml:3, "revoked, kept as a sample") expired on 2020-01-31: its finding is reported again`;
    expect(report.summary.notes).toContain(note);
    expect(report.summary.expired?.map((e) => e.fingerprint)).toEqual([fp]);
    expect(r.stderr).toContain(`keyscan: ${note}\n`);
    const human = keyscan([], { cwd: project({ ...files, '.keyscan.yaml': entry('      expires: 2020-01-31\n') }) });
    expect(human.stdout.replace(/\s+/g, ' ')).toContain(`note: ${note}`);
  });

  it('is kept out of a baseline while it holds', () => {
    const dir = project({ ...files, 'b.ts': `const k = "${key}";\n`, '.keyscan.yaml': entry('') });
    expect(keyscan(['baseline'], { cwd: dir }).code).toBe(0);
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.suppressed).toEqual({ allowSecrets: 1, baseline: 1 });
  });
});

describe('custom rules', () => {
  it('find what they describe, and keyscan rules --test runs their examples', () => {
    const token = `acme_${randomString(24)}`;
    const dir = project({ 'app.py': `ACME_KEY = "${token}"\n`, '.keyscan.yaml': acmeRule() });
    const r = keyscan(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.rule)).toContain('acme-api-token');
    expect(r.stdout).not.toContain(token);
    const listed = keyscan(['rules'], { cwd: dir });
    expect(listed.stdout).toMatch(/^acme-api-token +high +ACME API token$/m);
    // Its four examples run with the built-in rules' (which are another suite's business).
    const counts = (stdout: string) => /(\d+) rules, (\d+) examples/.exec(stdout)!.slice(1).map(Number);
    const builtin = counts(keyscan(['rules', '--test'], { cwd: project({}) }).stdout);
    const tested = keyscan(['rules', '--test'], { cwd: dir });
    expect(counts(tested.stdout)).toEqual([builtin[0] + 1, builtin[1] + 4]);
    expect(tested.stdout).not.toContain('FAIL acme-api-token');
  });

  it('fail keyscan rules --test when an example is wrong', () => {
    const dir = project({ '.keyscan.yaml': acmeRule(`acme_${randomString(24)}`) });
    const tested = keyscan(['rules', '--test'], { cwd: dir });
    expect(tested.code).toBe(1);
    expect(tested.stdout).toContain('FAIL acme-api-token negative_example #1: matched\n');
  });

  it('come with an extended file, and allow.rules can switch them off', () => {
    const token = `acme_${randomString(24)}`;
    const dir = project({
      'app.py': `ACME_KEY = "${token}"\n`,
      'org/keyscan.yaml': acmeRule(),
      '.keyscan.yaml': 'extends: [keyscan:default, org/keyscan.yaml]\n',
    });
    expect(json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings.map((f) => f.rule)).toContain('acme-api-token');
    writeFiles(dir, { '.keyscan.yaml': 'extends: org/keyscan.yaml\nallow:\n  rules: [acme-api-token]\n' });
    expect(json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings.map((f) => f.rule)).not.toContain('acme-api-token');
  });

  it('apply to history scans too', () => {
    const token = `acme_${randomString(24)}`;
    const dir = makeRepo([{ files: { '.keyscan.yaml': acmeRule() } }, { files: { 'app.py': `ACME_KEY = "${token}"\n` } }]);
    dirs.push(dir);
    commit(dir, { files: { 'app.py': 'ACME_KEY = os.environ["ACME_KEY"]\n' } }, 3);
    const r = keyscan(['git', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => `${f.rule} ${f.file}`)).toContain('acme-api-token app.py');
  });
});

describe('an empty .keyscan.yaml', () => {
  it('is the defaults', () => {
    const key = minted(openaiProjectKey());
    const dir = project({ 'a.ts': `const k = "${key}";\n`, '.keyscan.yaml': '# yaml-language-server: $schema=https://unpkg.com/keyscan-cli/schema/keyscan.schema.json\n' });
    expect(keyscan([], { cwd: dir }).code).toBe(1);
  });
});
