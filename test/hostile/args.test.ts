// Hostile arguments and configuration, and unexpected errors: exit 2 with one line on stderr and
// nothing on stdout; a stack only with --debug.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { openaiProjectKey } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, inProcess } from './helpers.js';

const dirs: string[] = [];
function project(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('keyscan-hostile-');
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

/** YAML aliases that expand to 9⁶ strings: a "billion laughs" config. */
const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcde'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(',')}]`), `f: [${Array(9).fill('*e').join(',')}]`, ''].join('\n');

function customRule(id: string, pattern: string): string {
  return [
    'rules:',
    `  - id: ${id}`,
    '    provider: custom',
    '    title: Custom token',
    '    description: A token of our own.',
    '    severity: high',
    '    keywords: [tok_]',
    `    pattern: ${JSON.stringify(pattern)}`,
    '',
  ].join('\n');
}

function expectOneLineFailure(r: { code: number; stdout: string; stderr: string }, label: string): string {
  expect(r.code, label).toBe(2);
  expect(r.stdout, label).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, `${label}: ${r.stderr}`).toHaveLength(1);
  expect(lines[0], label).toMatch(/^keyscan: /);
  expect(r.stderr, label).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe('arguments', () => {
  it('refuses unknown options and bad values with one line, for every command', async () => {
    const dir = project({ 'a.txt': 'x\n' });
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown argument/i],
      [['dir', '--bogus'], /unknown argument/i],
      [['files', 'a.txt', '--nope'], /unknown argument/i],
      [['stdin', 'extra'], /unknown argument/i],
      [['git', '--bogus'], /unknown argument/i],
      [['baseline', '--bogus'], /unknown argument/i],
      [['--format', 'xml'], /format/],
      [['--time-budget', '0'], /time-budget/],
      [['--time-budget', 'soon'], /time-budget/],
      [['files'], /not enough/i],
      [['no-such-path'], /no such file/],
    ];
    for (const [args, why] of cases) expect(expectOneLineFailure(await inProcess(args, { cwd: dir }), args.join(' ')), args.join(' ')).toMatch(why);
    // And through the real binary.
    expect(expectOneLineFailure(cli(['--bogus'], { cwd: dir }), 'binary --bogus')).toMatch(/unknown argument/i);
  });

  it('keeps --debug from adding a stack to expected failures', async () => {
    const dir = project({ 'a.txt': 'x\n' });
    expectOneLineFailure(await inProcess(['--bogus', '--debug'], { cwd: dir }), '--bogus --debug');
    expectOneLineFailure(await inProcess(['--config', 'missing.yaml', '--debug'], { cwd: dir }), '--config missing.yaml --debug');
  });
});

describe('configuration', () => {
  it('refuses a missing, unreadable, malformed or ill-shaped config with one line naming the file', async () => {
    const dir = project({
      'a.txt': 'x\n',
      'broken.yaml': 'allow: [unclosed\n',
      'tabs.yaml': 'allow:\n\tpaths: [x]\n',
      'shape.yaml': 'allow:\n  paths: 42\n',
      'unknown.yaml': 'allwo:\n  paths: [x]\n',
      'binary.yaml': Buffer.from([0, 1, 2, 3, 0xff, 0xfe]),
      'bomb.yaml': BOMB,
    });
    mkdirSync(join(dir, 'folder.yaml'));
    for (const file of ['missing.yaml', 'folder.yaml', 'broken.yaml', 'tabs.yaml', 'shape.yaml', 'unknown.yaml', 'binary.yaml']) {
      const r = await inProcess(['--config', file], { cwd: dir });
      expect(expectOneLineFailure(r, file), file).toContain(file);
    }
    // A billion-laughs alias bomb is refused promptly, on one line.
    const bomb = cli(['--config', 'bomb.yaml'], { cwd: dir, timeoutMs: 30_000 });
    expect(bomb.timedOut).toBe(false);
    expectOneLineFailure(bomb, 'bomb.yaml');
    // The default .keyscan.yaml at the root is read the same way.
    writeFiles(dir, { '.keyscan.yaml': 'allow: {paths: [\n' });
    expect(expectOneLineFailure(await inProcess([], { cwd: dir }), '.keyscan.yaml')).toContain('.keyscan.yaml');
  });

  it('names the config file when its YAML aliases explode', async () => {
    const dir = project({ 'bomb.yaml': BOMB });
    const line = expectOneLineFailure(await inProcess(['--config', 'bomb.yaml'], { cwd: dir }), 'bomb.yaml');
    expect(line).toContain('bomb.yaml');
    expect(line).not.toMatch(/unexpected error/);
  });

  it('rejects a custom rule whose pattern does not compile or can backtrack catastrophically, naming the rule', async () => {
    const cases: [string, string, RegExp][] = [
      ['custom-unclosed', '(?<secret>tok_[a-z', /does not compile/],
      ['custom-bad-group', '(?<secret>tok_(?<secret>x))', /does not compile/],
      ['custom-nested', '(?<secret>tok_(a+)+)', /backtrack/],
      ['custom-words', '(?<secret>tok_(\\w+\\s?)*)', /backtrack/],
      ['custom-alternatives', '(?<secret>tok_(?:a|ab)+c)', /backtrack/],
      ['custom-empty', '(?:tok_)?', /empty string/],
    ];
    for (const [id, pattern, why] of cases) {
      const dir = project({ 'a.txt': 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n', '.keyscan.yaml': customRule(id, pattern) });
      const line = expectOneLineFailure(await inProcess([], { cwd: dir }), id);
      expect(line, id).toContain(id);
      expect(line, id).toMatch(why);
    }
  });
});

/** An Io whose stdout throws: an unexpected error in the middle of a scan. */
function explodingIo(cwd: string) {
  let stderr = '';
  return {
    io: {
      stdout: {
        write(): boolean {
          throw new TypeError('the terminal went away');
        },
      },
      stderr: {
        write(text: string): boolean {
          stderr += text;
          return true;
        },
      },
      stdin: new PassThrough(),
      cwd,
      env: { NO_COLOR: '1' },
    },
    stderr: () => stderr,
  };
}

describe('unexpected errors', () => {
  it('prints one line that says how to report it, exit 2; the stack only with --debug', async () => {
    const key = openaiProjectKey();
    const dir = project({ 'a.env': `OPENAI_API_KEY=${key}\n` });
    const quiet = explodingIo(dir);
    expect(await run(['dir', '.'], quiet.io)).toBe(2);
    const lines = quiet.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keyscan: unexpected error: the terminal went away; please report it/);
    expect(lines[0]).toMatch(/--debug/);
    expect(quiet.stderr()).not.toContain(key);

    const loud = explodingIo(dir);
    expect(await run(['dir', '.', '--debug'], loud.io)).toBe(2);
    expect(loud.stderr()).toMatch(/unexpected error: the terminal went away/);
    expect(loud.stderr()).toMatch(/\n\s+at /);
    expect(loud.stderr()).not.toContain(key);
  });

  it('turns a failure of the real binary into one line and exit 2', () => {
    const dir = project({ 'a.txt': 'x\n' });
    mkdirSync(join(dir, 'report.json'));
    expectOneLineFailure(cli(['--format', 'json', '--output', 'report.json'], { cwd: dir }), '--output onto a folder');
  });
});
