// The CLI: parse arguments, run one command, turn every outcome into an exit code.
// 0 scanned clean · 1 findings · 2 could not do what was asked (one line on stderr).
import { redactWithBuiltinRules } from './redact-text.js';
import yargs from 'yargs';
import { failureText, KeyscanError } from '../errors.js';
import { baselineCommand } from './commands/baseline.js';
import { ciCommand } from './commands/ci.js';
import { dirCommand, filesCommand, stdinCommand } from './commands/dir.js';
import { fakeCommand } from './commands/fake.js';
import { fixCommand } from './commands/fix.js';
import { gitCommand } from './commands/git.js';
import { installCommand, uninstallCommand } from './commands/install.js';
import { rulesCommand } from './commands/rules.js';
import { stagedCommand } from './commands/staged.js';
import type { Command } from './commands/types.js';
import { processIo, type Io } from './io.js';
import { packageVersion } from './report.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Command<any>[] = [dirCommand, filesCommand, stdinCommand, rulesCommand, baselineCommand, stagedCommand, gitCommand, ciCommand, installCommand, uninstallCommand, fakeCommand, fixCommand];

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

export async function run(rawArgv: string[], io: Io = processIo()): Promise<number> {
  let code: number | null = null;
  const { argv, restore } = protectAfterDashes(rawArgv);
  const debug = argv.includes('--debug');
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
  for (const cmd of COMMANDS) {
    parser = parser.command(cmd.command, cmd.describe, cmd.builder, async (args) => {
      for (const key of Object.keys(args)) args[key] = restore(args[key]);
      code = await cmd.handler(args, io);
    });
  }
  try {
    await parser.parseAsync();
    return code ?? 0;
  } catch (err) {
    // An error can quote a file that holds a token (--config pointed at one): never whole.
    const text = failureText(err, debug);
    io.stderr.write(rawArgv.includes('--no-redact') ? text : redactWithBuiltinRules(text));
    return 2;
  }
}
