// The everyday command lines skip yargs (cli/fast-args.ts): each one the fast reader takes must give the
// handler exactly what yargs gives it, and anything it is unsure of must go to yargs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStagedArgs } from '../../src/cli/commands/staged.js';
import { readCiArgs, readDirArgs, readFilesArgs, readGitArgs } from '../../src/cli/fast-args.js';
import { cliParser } from '../../src/cli/run.js';

const cwd = mkdtempSync(join(tmpdir(), 'keyscan-fast-args-'));
mkdirSync(join(cwd, 'src'));
mkdirSync(join(cwd, 'help')); // `keyscan help` asks for help even where a folder is named so
writeFileSync(join(cwd, 'a.txt'), 'x\n');
writeFileSync(join(cwd, 'b.txt'), 'y\n');
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function fast(argv: string[]): Record<string, unknown> | null {
  return (readDirArgs(argv, cwd) ?? readFilesArgs(argv) ?? parseStagedArgs(argv) ?? readGitArgs(argv) ?? readCiArgs(argv)) as Record<string, unknown> | null;
}

/** What yargs hands the handler of the command it picks for `argv`. */
async function viaYargs(argv: string[]): Promise<{ command: string; args: Record<string, unknown> }> {
  let got: { command: string; args: Record<string, unknown> } | null = null;
  await cliParser(
    argv,
    (v) => v,
    async (entry, args) => {
      got = { command: [entry.command].flat()[0].split(' ')[0], args: { ...args } };
    },
  ).parseAsync();
  if (!got) throw new Error(`yargs ran no command for ${argv.join(' ')}`);
  return got;
}

/** The options a handler reads: camelCase keys (yargs also gives kebab-case copies, aliases, _ and $0). */
function optionKeys(args: Record<string, unknown>): string[] {
  return Object.keys(args).filter((k) => k.length > 1 && !k.includes('-') && k !== '$0');
}

const TAKEN: string[][] = [
  [],
  ['.'],
  ['src'],
  ['a.txt', 'b.txt', 'src'],
  ['dir'],
  ['dir', 'src', '--format', 'json'],
  ['scan', 'src', '-f', 'sarif', '-o', 'out.sarif'],
  ['--format=json', 'a.txt'],
  ['dir', '--no-gitignore', '--no-default-excludes', '.'],
  ['dir', '--gitignore', '--default-excludes'],
  ['dir', '--no-redact', '--no-color', '--quiet'],
  ['--redact', '--color', '--verbose', '--debug'],
  ['-q', '--config', 'a.txt', '--baseline', 'b.txt'],
  ['-c', 'a.txt', '--min-confidence', 'medium', '--fail-on', 'high'],
  ['--time-budget', '2.5', '--decode-depth', '0', 'src'],
  ['--time-budget=10', '--decode-depth=3'],
  ['files', 'a.txt'],
  ['files', 'a.txt', 'missing.txt', '--format', 'junit', '--no-redact'],
  ['files', '--fail-on', 'low', 'b.txt'],
  ['staged'],
  ['staged', 'a.txt', '--format', 'json', 'b.txt'],
  ['staged', '--quiet', '--no-color', '--fail-on', 'high', '--time-budget', '5'],
  ['git'],
  ['git', '.'],
  ['git', 'src', '--format', 'json', '-o', 'report.json'],
  ['git', '--since', 'main', '--fail-on', 'medium'],
  ['git', '--range=v1..v2', '--purge-plan', 'plan.txt', '--no-redact'],
  ['git', '--jobs', '3', '--quiet', '--time-budget', '5'],
  ['ci'],
  ['ci', '--pre-push', 'origin'],
  ['ci', 'upstream', '--since', 'main', '--format', 'json'],
  ['ci', '--no-pre-push', '--fail-on', 'high', '-q'],
];

const LEFT_TO_YARGS: string[][] = [
  ['--help'],
  ['dir', '--help'],
  ['-h'],
  ['--version'],
  ['-v'],
  ['help'],
  ['dir', 'help'],
  ['scna'],
  ['missing-folder'],
  ['dir', 'missing-folder'],
  ['git', '--help'],
  ['git', 'help'],
  ['git', 'a', 'b'],
  ['git', '--since'],
  ['git', '--range', '--quiet'],
  ['git', '--jobs', 'two'],
  ['git', '--jobs', '1', '--jobs', '2'],
  ['git', '--threads', '2'],
  ['git', '--bogus'],
  ['ci', '--help'],
  ['ci', 'help'],
  ['ci', 'a', 'b'],
  ['ci', '--since'],
  ['ci', '--pre-push', '--pre-push'],
  ['ci', '--pre-push=true'],
  ['ci', '--bogus'],
  ['baseline'],
  ['rules'],
  ['--bogus'],
  ['dir', '--format', 'xml'],
  ['dir', '--format'],
  ['dir', '--format', '--quiet'],
  ['dir', '--format', 'json', '--format', 'sarif'],
  ['dir', '--quiet', '--quiet'],
  ['dir', '--redact', '--no-redact'],
  ['dir', '--quiet', '--verbose'],
  ['dir', '--color=always'],
  ['dir', '--redact=false'],
  ['dir', '--time-budget', 'abc'],
  ['dir', '--time-budget', '1e3'],
  ['dir', '--decode-depth', '-1'],
  ['dir', '--min-confidence', 'severe'],
  ['dir', '--threads', '2'],
  ['dir', '--verify'],
  ['dir', '--sarif-output', 'x.sarif'],
  ['dir', '-fjson'],
  ['dir', '--', 'a.txt'],
  ['files'],
  ['files', 'help'],
  ['staged', '--bogus'],
];

describe('the fast command-line reader', () => {
  it.each(TAKEN.map((argv) => [argv.join(' ') || '(nothing)', argv]))('gives the handler what yargs gives it: %s', async (_, argv) => {
    const mine = fast(argv as string[]);
    expect(mine).not.toBeNull();
    const theirs = await viaYargs(argv as string[]);
    const command = (argv as string[])[0];
    expect(theirs.command).toBe(['files', 'staged', 'git', 'ci'].includes(command) ? command : 'dir');
    // Every option the fast reader sets, yargs sets alike.
    for (const [key, value] of Object.entries(mine!)) expect([key, theirs.args[key]]).toEqual([key, value]);
    // Every option yargs sets from the command line (not a default), the fast reader sets too.
    const bare = await viaYargs(command === 'files' ? ['files', 'a.txt'] : ['staged', 'dir', 'git', 'ci'].includes(command) ? [command] : []);
    for (const key of optionKeys(theirs.args)) {
      if (JSON.stringify(theirs.args[key]) !== JSON.stringify(bare.args[key]) && !['paths', 'files'].includes(key))
        expect(mine).toHaveProperty(key, theirs.args[key]);
    }
  });

  it.each(LEFT_TO_YARGS.map((argv) => [argv.join(' '), argv]))('leaves to yargs: %s', (_, argv) => {
    expect(readDirArgs(argv as string[], cwd)).toBeNull();
    expect(readFilesArgs(argv as string[])).toBeNull();
    if ((argv as string[])[0] === 'staged') expect(parseStagedArgs(argv as string[])).toBeNull();
    expect(readGitArgs(argv as string[])).toBeNull();
    expect(readCiArgs(argv as string[])).toBeNull();
  });
});
