// The CLI: parse arguments, run one command, turn every outcome into an exit code.
// 0 scanned clean · 1 findings · 2 could not do what was asked (one line on stderr).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { KeyscanError } from '../errors.js';
import { COMMANDS } from './commands/list.js';
import type { CommandEntry } from './commands/types.js';
import { colorWhen } from './color.js';
import { writeFailure } from './fast-args.js';
import { processIo, type Io } from './io.js';
import { packageVersion } from './version.js';

/**
 * yargs leaves whatever follows `--` out of a command's positionals, so `keyscan files -- -rf.env`
 * would scan nothing. Each such argument stands in as a placeholder that cannot read as an option or
 * a command, and gets its value back before the command runs (and in error messages).
 */
function protectAfterDashes(argv: string[]): { argv: string[]; restore: <T>(value: T) => T } {
  const at = argv.indexOf('--');
  if (at === -1) return { argv, restore: (v) => v };
  const rest = argv.slice(at + 1);
  const tokens = new Map(rest.map((value, i) => [`\u0000keyscan-argument-${i}\u0000`, value]));
  const restore = <T>(value: T): T => {
    if (typeof value === 'string') return (tokens.get(value) ?? value.replace(/\u0000keyscan-argument-\d+\u0000/g, (t) => tokens.get(t) ?? t)) as T;
    if (Array.isArray(value)) return value.map(restore) as T;
    return value;
  };
  return { argv: [...argv.slice(0, at), ...tokens.keys()], restore };
}

/** Command names and aliases (the first word of each command's usage), for "did you mean". */
function commandNames(): string[] {
  return COMMANDS.flatMap((c) => (Array.isArray(c.command) ? c.command : [c.command]))
    .map((usage) => usage.split(' ')[0])
    .filter((name) => name !== '$0');
}

/** Edit distance with adjacent transpositions (optimal string alignment): scna → scan is 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * `keyscan scna`: the default command takes paths, so a mistyped command would read as a path that
 * does not exist. When the first argument names no command and no file, but is one or two edits
 * from a command, say which one was meant (exit 2) instead of "cannot read scna".
 */
function mistypedCommand(argv: string[], cwd: string): KeyscanError | null {
  const first = argv[0];
  if (!first || first.startsWith('-') || /[/\\.]/.test(first)) return null;
  const names = commandNames();
  if (names.includes(first) || existsSync(resolve(cwd, first))) return null;
  const lower = first.toLowerCase();
  const scored = names.map((name) => ({ name, d: editDistance(lower, name) })).sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  const best = scored[0];
  if (!best || best.d > (best.name.length <= 4 ? 1 : 2)) return null;
  return new KeyscanError(`unknown command ${first}: did you mean \`keyscan ${best.name}\`? (there is no file or folder named ${first} either)`);
}

const HELP_OR_VERSION = new Set(['--help', '-h', '--version', '-v']);

/**
 * yargs lays out a command's whole help text (cliui, string-width: ~40 ms) each time the command runs,
 * in case the handler later asks for help. Ours never does, and failures never show help (`.fail`
 * throws a one-line error), so unless help or the version is asked for, skip it. The help for
 * `--help` is built by `help()` itself, which this leaves alone. yargs has no option for this
 * (Angular's CLI does the same, angular/angular-cli#34087).
 */
function skipHelpCache(parser: Argv): void {
  const internal = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * The whole CLI's yargs parser for `argv`: `onCommand` runs the command yargs picks, with the arguments
 * it gives that command's handler (test/cli/fast-args.test.ts compares them with cli/fast-args.ts).
 */
export function cliParser(
  argv: string[],
  restore: <T>(value: T) => T,
  onCommand: (entry: CommandEntry, args: Record<string, unknown>) => Promise<void>,
): Argv {
  let parser = yargs(argv)
    .scriptName('keyscan')
    .usage('$0 [command] [options]\n\nFind API keys and other secrets before they leak, and say what to do about the ones that did.')
    .option('debug', { type: 'boolean', describe: 'print the stack of unexpected errors' })
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new KeyscanError(restore(msg ?? 'invalid arguments'), 'see keyscan --help');
    });
  // Each command's module loads when yargs picks that command (its builder, also for its --help);
  // `keyscan --help` needs only the descriptions.
  for (const entry of COMMANDS) {
    parser = parser.command(
      entry.command,
      entry.describe,
      async (y: Argv) => (await entry.load()).builder(y),
      async (args) => {
        for (const key of Object.keys(args)) args[key] = restore(args[key]);
        await onCommand(entry, args);
      },
    );
  }
  if (!argv.some((a) => HELP_OR_VERSION.has(a))) skipHelpCache(parser);
  return parser;
}

export async function run(rawArgv: string[], io: Io = processIo()): Promise<number> {
  let code: number | null = null;
  const { argv: unsafeArgv, restore } = protectAfterDashes(rawArgv);
  const { argv, error: colorError } = colorWhen(unsafeArgv);
  const debug = argv.includes('--debug');
  const parser = cliParser(argv, restore, async (entry, args) => {
    code = await (await entry.load()).handler(args, io);
  });
  try {
    if (colorError) throw colorError;
    const typo = mistypedCommand(argv, io.cwd);
    if (typo) throw typo;
    await parser.parseAsync();
    return code ?? 0;
  } catch (err) {
    await writeFailure(err, debug, rawArgv, io);
    return 2;
  }
}
