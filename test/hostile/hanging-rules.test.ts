// A repository's own .keyscan.yaml cannot hang keyscan: custom rules run on a linear-time engine, so a
// pattern that passes the backtracking check yet runs for hours in one V8 execution (`\w*` seven times,
// `(?:[a-z]+){2,60}`) finishes in every command; what that engine cannot run (lookahead, backreferences)
// and vendor values that could backtrack are refused with one line naming the rule.
import { afterAll, describe, expect, it } from 'vitest';
import { randomString } from '../helpers/fakes.js';
import { commit, git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const NOT_CI = { GITHUB_ACTIONS: '', GITLAB_CI: '', PRE_COMMIT_FROM_REF: '', PRE_COMMIT_TO_REF: '' };
/** Long enough that V8 runs either pattern for hours on the window around the keyword. */
const LONG_LINE = `hang_${'a'.repeat(20_000)}\n`;

function config(pattern: string, extra = ''): string {
  return [
    'rules:',
    '  - id: custom-hang',
    '    provider: custom',
    '    title: A rule that backtracks without bound in V8',
    '    description: Passes the structural check, hangs one execution.',
    '    severity: high',
    '    keywords: [hang_]',
    `    pattern: ${JSON.stringify(pattern)}`,
    extra,
  ].join('\n');
}

const HANGING = [
  { name: 'seven \\w* in a row', pattern: '(?<secret>hang_\\w*\\w*\\w*\\w*\\w*\\w*\\w*!)' },
  { name: 'a repeated group of [a-z]+', pattern: '(?<secret>hang_(?:[a-z]+){2,60}!)' },
];

/** The planted match: a short line the rule does report, next to the long line it must give up on. */
function planted(): { text: string; secret: string } {
  const secret = `hang_${randomString(8, 'abcdefghijklmnopqrstuvwxyz')}!`;
  return { text: `${LONG_LINE}token = ${secret}\n${LONG_LINE}`, secret };
}

function findingsOf(stdout: string): { rule: string; file: string; line: number }[] {
  return json(stdout).findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line }));
}

describe.each(HANGING)('a custom rule with $name finishes in every command', ({ pattern }) => {
  const { text, secret } = planted();
  const repo = makeRepo([{ files: { '.keyscan.yaml': config(pattern), 'README.md': '# app\n' } }]);
  dirs.push(repo);
  const base = git(repo, ['rev-parse', 'HEAD']).trim();
  commit(repo, { files: { 'big.txt': text } }, 1);
  const expected = [{ rule: 'custom-hang', file: 'big.txt', line: 2 }];

  it('keyscan dir', () => {
    const r = cli(['dir', '--format', 'json'], { cwd: repo });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(expected);
  });

  it('keyscan files and keyscan stdin', () => {
    const files = cli(['files', 'big.txt', '--format', 'json'], { cwd: repo });
    expect(files.timedOut).toBe(false);
    expect(findingsOf(files.stdout)).toEqual(expected);
    const stdin = cli(['stdin', '--label', 'big.txt', '--format', 'json'], { cwd: repo, input: text });
    expect(stdin.timedOut).toBe(false);
    expect(stdin.code, stdin.stderr).toBe(1);
    expect(findingsOf(stdin.stdout)).toEqual([{ rule: 'custom-hang', file: 'big.txt', line: 2 }]);
  });

  it('keyscan git', () => {
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(expected);
  });

  it('keyscan ci (the base commit holds the rule) and the pre-push check', () => {
    const r = cli(['ci', '--since', base, '--format', 'json'], { cwd: repo, env: NOT_CI });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(expected);
    const tip = git(repo, ['rev-parse', 'HEAD']).trim();
    const push = cli(['ci', '--pre-push', 'origin', '--format', 'json'], { cwd: repo, env: NOT_CI, input: `refs/heads/main ${tip} refs/heads/main ${base}\n` });
    expect(push.timedOut).toBe(false);
    expect(push.code, push.stderr).toBe(1);
    expect(findingsOf(push.stdout)).toEqual(expected);
  });

  it('keyscan staged, run by the installed pre-commit hook on a real git commit', () => {
    const hooked = makeRepo([{ files: { '.keyscan.yaml': config(pattern), 'README.md': '# app\n' } }]);
    dirs.push(hooked);
    linkKeyscanBin(hooked);
    expect(keyscan(['install'], { cwd: hooked }).code).toBe(0);
    writeFiles(hooked, { 'big.txt': text });
    git(hooked, ['add', 'big.txt']);
    const started = Date.now();
    const r = gitTry(hooked, ['commit', '-m', 'add big.txt']);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/big\.txt:2\b.*custom/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    // The commit was blocked, not made.
    expect(git(hooked, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  });
});

describe('what the linear-time engine cannot run is refused, naming the rule', () => {
  const cases = [
    { name: 'lookahead', pattern: '(?<secret>hang_[a-z]+)(?=!)', why: /lookahead|Perl syntax/ },
    { name: 'a backreference', pattern: '(?<secret>hang_([a-z])\\1)', why: /escape/ },
    { name: 'a repeat count over 1000', pattern: '(?<secret>hang_[a-z]{0,3000}!)', why: /repeat count/ },
  ];
  it.each(cases)('$name: exit 2 with one line, in dir, git and staged', ({ pattern, why }) => {
    const repo = makeRepo([{ files: { '.keyscan.yaml': config(pattern), 'big.txt': LONG_LINE } }]);
    dirs.push(repo);
    for (const command of ['dir', 'git', 'staged']) {
      const r = cli([command], { cwd: repo, timeoutMs: 30_000 });
      expect(r.timedOut).toBe(false);
      expect(r.code, `${command}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/custom-hang/);
      expect(lines[0]).toMatch(/\.keyscan\.yaml:\d+/);
      expect(lines[0]).toMatch(why);
      expect(lines[0]).toMatch(/linear-time engine/);
      expect(r.stdout).toBe('');
    }
  });

  it('a custom vendor rule whose value could backtrack is refused; a fixed-shape value runs', () => {
    const vendor = (value: string) =>
      [
        'rules:',
        '  - id: acmehang-api-key',
        '    provider: acmehang',
        '    title: t',
        '    description: d',
        '    severity: high',
        '    vendor:',
        '      names: [acmehang]',
        `      value: ${JSON.stringify(value)}`,
        '',
      ].join('\n');
    const line = `ACMEHANG_KEY=${'a'.repeat(5000)}\n`;
    for (const value of ['\\w*\\w*\\w*\\w*\\w*!', '(?:[a-z]+){2,60}!', '(?:a|a){40}!']) {
      const repo = makeRepo([{ files: { '.keyscan.yaml': vendor(value), 'a.env': line } }]);
      dirs.push(repo);
      const r = cli(['dir'], { cwd: repo, timeoutMs: 30_000 });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/acmehang-api-key.*vendor\.value/);
    }
    const key = randomString(32, '0123456789abcdef');
    const ok = makeRepo([{ files: { '.keyscan.yaml': vendor('[a-f0-9]{32}'), 'a.env': `ACMEHANG_KEY=${key}\n` } }]);
    dirs.push(ok);
    const r = cli(['dir', '--format', 'json'], { cwd: ok });
    expect(r.code, r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toEqual([{ rule: 'acmehang-api-key', file: 'a.env', line: 1 }]);
  });
});

describe('siblings: the globs of a custom rule', () => {
  it('paths: a glob that backtracks polynomially in V8 against a long file name still finishes', () => {
    const glob = `${'*a'.repeat(8)}*x`;
    const repo = makeRepo([{ files: { '.keyscan.yaml': config('(?<secret>hang_[a-z]{8}!)', `    paths: [${JSON.stringify(glob)}]\n`), [`${'a'.repeat(200)}.txt`]: `hang_${randomString(8, 'abcdefghijklmnopqrstuvwxyz')}!\n`, 'aaaaaaaaax': `hang_${randomString(8, 'abcdefghijklmnopqrstuvwxyz')}!\n` } }]);
    dirs.push(repo);
    const r = cli(['dir', '--format', 'json'], { cwd: repo });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(1);
    // The glob still means what it says: the long name does not end in x; `aaaaaaaaax` matches.
    expect(findingsOf(r.stdout)).toEqual([{ rule: 'custom-hang', file: 'aaaaaaaaax', line: 1 }]);
  });

  it('allow.paths: the same glob leaves out what it names and finishes; an extglob is refused with one line', () => {
    const key = `hang_${randomString(8, 'abcdefghijklmnopqrstuvwxyz')}!`;
    const glob = `${'*a'.repeat(8)}*x`;
    const files = { '.keyscan.yaml': `${config('(?<secret>hang_[a-z]{8}!)')}\nallow:\n  paths: [${JSON.stringify(glob)}]\n`, [`${'a'.repeat(200)}.txt`]: `${key}\n`, 'aaaaaaaaax': `${key}\n` };
    const repo = makeRepo([{ files }]);
    dirs.push(repo);
    for (const command of ['dir', 'git']) {
      const r = cli([command, '--format', 'json'], { cwd: repo });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(1);
      expect(findingsOf(r.stdout).map((f) => f.file)).toEqual([`${'a'.repeat(200)}.txt`]);
    }
    writeFiles(repo, { '.keyscan.yaml': `${config('(?<secret>hang_[a-z]{8}!)')}\nallow:\n  paths: ["src/**/!(*.test).ts"]\n` });
    const r = cli(['dir'], { cwd: repo, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\.keyscan\.yaml:\d+:\d+: allow\.paths\[0\]: glob "src\/\*\*\/!\(\*\.test\)\.ts" needs lookahead/);
  });

  it('assignment.beside (searched in the whole file): a regex that hangs V8 runs on the linear-time engine', () => {
    const field = 'beside';
    const hang = '\\w*\\w*\\w*\\w*\\w*\\w*\\w*!';
    const yaml = [
      'rules:',
      '  - id: custom-assigned',
      '    provider: custom',
      '    title: t',
      '    description: d',
      '    severity: high',
      '    keywords: [password]',
      '    assignment:',
      '      names: [password]',
      '      values: [quoted]',
      `      ${field}: '${hang}'`,
      '',
    ].join('\n');
    const long = 'a'.repeat(20_000);
    const repo = makeRepo([{ files: { '.keyscan.yaml': yaml, 'a.py': `password = "${long}"\nother = "${long}"\n` } }]);
    dirs.push(repo);
    const r = cli(['dir', '--format', 'json'], { cwd: repo });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(findingsOf(r.stdout).filter((f) => f.rule === 'custom-assigned')).toEqual([]);
  });

  it('a multi-line custom rule is read in pieces: the budget stops it, and pieces lose no match', () => {
    const slow = config('(?<secret>hang_[\\s\\S]{0,1000}[a-z]{0,1000}\\b)');
    const repo = makeRepo([{ files: { '.keyscan.yaml': slow, 'big.txt': `hang_${'a'.repeat(3000)}\n`.repeat(330) } }]);
    dirs.push(repo);
    const r = cli(['dir', '--format', 'json', '--time-budget', '1'], { cwd: repo });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^keyscan: incomplete scan: rule custom-hang stopped by the time budget \(1\.0 s\) at big\.txt:\d+/);

    // 2,000 keys 200 characters apart in one multi-line window of 400 KB: each found once, none twice.
    const keys = Array.from({ length: 2000 }, () => `hang_${randomString(12, 'abcdefghijklmnopqrstuvwxyz')}`);
    const text = keys.map((k) => `${k}\n${'-'.repeat(180)}\n`).join('');
    const many = makeRepo([{ files: { '.keyscan.yaml': config('(?<secret>hang_[a-z]{12})(?:[\\s\\S]{0,3})'), 'keys.txt': text } }]);
    dirs.push(many);
    const all = cli(['dir', '--format', 'json'], { cwd: many });
    expect(all.code, all.stderr).toBe(1);
    expect(json(all.stdout).findings.map((f) => f.line)).toEqual(keys.map((_, i) => 2 * i + 1));
  });
});

