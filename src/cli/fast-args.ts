// The everyday command lines (`keyscan`, `keyscan dir PATH`, `keyscan files FILE...`, `keyscan staged`,
// `keyscan git [REPO]`, `keyscan ci [REMOTE]`)
// are read here without yargs, which costs some 30 ms to load and set up on every run. Only what this
// reader knows for sure is taken: anything else (help, a typo, an option it does not know, a value it
// would have to guess at, a repeated option, `--`) gives null, and the full CLI reads the command line.
// test/cli/fast-args.test.ts checks that every command line this reads gives what yargs gives.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { failureText } from '../errors.js';
import { FORMATS } from '../reporters/index.js';
import { COMMANDS } from './commands/list.js';
import type { CommonArgs } from './context.js';
import type { Io } from './io.js';

const VALUE_OPTIONS: Record<string, keyof CommonArgs> = {
  '--format': 'format',
  '-f': 'format',
  '--output': 'output',
  '-o': 'output',
  '--config': 'config',
  '-c': 'config',
  '--baseline': 'baseline',
  '--min-confidence': 'minConfidence',
  '--fail-on': 'failOn',
};
/** Options yargs reads as numbers: taken only when written as plain decimals. */
const NUMBER_OPTIONS: Record<string, keyof CommonArgs> = { '--time-budget': 'timeBudget', '--decode-depth': 'decodeDepth' };
const COMMON_FLAGS: Record<string, [string, boolean]> = {
  '--redact': ['redact', true],
  '--no-redact': ['redact', false],
  '--color': ['color', true],
  '--no-color': ['color', false],
  '--debug': ['debug', true],
  '--verbose': ['verbose', true],
  '--quiet': ['quiet', true],
  '-q': ['quiet', true],
};
const LEVELS = ['low', 'medium', 'high'];

export interface FastArgs {
  /** The options, by the names the command's handler reads; format and redact always set. */
  values: CommonArgs & Record<string, unknown>;
  positionals: string[];
}

/**
 * The options and positionals of `argv` from index `from` on, or null when yargs must read them.
 * `flags` adds a command's own boolean options; `dashes`: whatever follows `--` is positional.
 */
export function readOptions(
  argv: string[],
  from: number,
  flags: Record<string, [string, boolean]> = {},
  dashes = false,
  options: { values?: Record<string, string>; numbers?: Record<string, string> } = {},
): FastArgs | null {
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const allFlags = { ...COMMON_FLAGS, ...flags };
  const valueOptions: Record<string, string> = { ...VALUE_OPTIONS, ...options.values };
  const numberOptions: Record<string, string> = { ...NUMBER_OPTIONS, ...options.numbers };
  for (let i = from; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      if (!dashes) return null;
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let key: string;
    let value: unknown;
    if (name in allFlags && inline === undefined) [key, value] = allFlags[name];
    else if (name in valueOptions || name in numberOptions) {
      const text = inline ?? argv[++i];
      if (text === undefined || text === '' || (inline === undefined && text.startsWith('-'))) return null;
      if (name in numberOptions) {
        if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
        [key, value] = [numberOptions[name], Number(text)];
      } else [key, value] = [valueOptions[name], text];
    } else return null;
    if (key in values) return null; // yargs makes a list of a repeated option: let it
    values[key] = value;
  }
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format as string)) return null;
  if (values.verbose && values.quiet) return null;
  for (const level of [values.minConfidence, values.failOn]) if (level !== undefined && !LEVELS.includes(level as string)) return null;
  return { values: { format: 'human', redact: true, ...values } as FastArgs['values'], positionals };
}

/** Every command name and alias, as the first word of a command line. */
const NAMES = new Set(COMMANDS.flatMap((c) => (Array.isArray(c.command) ? c.command : [c.command])).map((usage) => usage.split(' ')[0]));

/**
 * Which scanning command a command line runs, as far as this reader can tell without yargs: `dir` (also
 * `scan`, and the default command when its first argument is no command), `files`, or null.
 */
export function fastScanCommand(argv: string[]): { command: 'dir' | 'files'; from: number } | null {
  const first = argv[0];
  if (first === 'dir' || first === 'scan') return { command: 'dir', from: 1 };
  if (first === 'files') return { command: 'files', from: 1 };
  if (first === undefined || first.startsWith('-') || !NAMES.has(first)) return { command: 'dir', from: 0 };
  return null;
}

const DIR_FLAGS: Record<string, [string, boolean]> = {
  '--gitignore': ['gitignore', true],
  '--no-gitignore': ['gitignore', false],
  '--default-excludes': ['defaultExcludes', true],
  '--no-default-excludes': ['defaultExcludes', false],
};

/**
 * `keyscan [dir] [PATH...]`'s options as yargs gives them to its handler, or null. Each PATH must
 * exist: a missing one may be a mistyped command, which the full CLI names. A last positional `help`
 * asks yargs for help.
 */
export function readDirArgs(argv: string[], cwd: string): (FastArgs['values'] & { paths?: string[]; gitignore: boolean; defaultExcludes: boolean }) | null {
  const at = fastScanCommand(argv);
  if (at?.command !== 'dir') return null;
  const read = readOptions(argv, at.from, DIR_FLAGS);
  if (!read || read.positionals.includes('help') || read.positionals.some((p) => !existsSync(resolve(cwd, p)))) return null;
  return { gitignore: true, defaultExcludes: true, ...read.values, ...(read.positionals.length > 0 ? { paths: read.positionals } : {}) };
}

/** `keyscan git [REPO]`'s options as yargs gives them to its handler, or null. */
export function readGitArgs(
  argv: string[],
): (FastArgs['values'] & { repo?: string; since?: string; range?: string; purgePlan?: string; jobs?: number }) | null {
  if (argv[0] !== 'git') return null;
  const read = readOptions(argv, 1, {}, false, {
    values: { '--since': 'since', '--range': 'range', '--purge-plan': 'purgePlan' },
    numbers: { '--jobs': 'jobs' },
  });
  if (!read || read.positionals.length > 1 || read.positionals.includes('help')) return null;
  return { ...read.values, ...(read.positionals.length === 1 ? { repo: read.positionals[0] } : {}) };
}

/** `keyscan ci [REMOTE]`'s options as yargs gives them to its handler, or null. */
export function readCiArgs(argv: string[]): (FastArgs['values'] & { remote?: string; since?: string; prePush: boolean }) | null {
  if (argv[0] !== 'ci') return null;
  const read = readOptions(argv, 1, { '--pre-push': ['prePush', true], '--no-pre-push': ['prePush', false] }, false, { values: { '--since': 'since' } });
  if (!read || read.positionals.length > 1 || read.positionals.includes('help')) return null;
  return { prePush: false, ...read.values, ...(read.positionals.length === 1 ? { remote: read.positionals[0] } : {}) };
}

/** `keyscan files FILE...`'s options as yargs gives them to its handler, or null. */
export function readFilesArgs(argv: string[]): (FastArgs['values'] & { files: string[] }) | null {
  if (fastScanCommand(argv)?.command !== 'files') return null;
  const read = readOptions(argv, 1);
  if (!read || read.positionals.length === 0 || read.positionals.includes('help')) return null;
  return { ...read.values, files: read.positionals };
}

/**
 * What the CLI prints when a command fails: one line (a stack with `debug`). An error can quote a file
 * that holds a token (--config pointed at one): never whole, unless --no-redact.
 */
export async function writeFailure(err: unknown, debug: boolean, rawArgv: string[], io: Io): Promise<void> {
  const text = failureText(err, debug);
  io.stderr.write(rawArgv.includes('--no-redact') ? text : (await import('./redact-text.js')).redactWithBuiltinRules(text));
}

/**
 * Run a handler with the options the fast reader took; null when it took none (`args` null: yargs reads
 * the command line). A failure is one line on stderr and exit 2, as in the full CLI.
 */
export async function runFast<A extends { debug?: boolean }>(
  argv: string[],
  io: Io,
  args: A | null,
  handler: (args: A) => Promise<number>,
): Promise<number | null> {
  if (!args) return null;
  try {
    return await handler(args);
  } catch (err) {
    await writeFailure(err, args.debug === true, argv, io);
    return 2;
  }
}
