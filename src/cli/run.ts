// The CLI: parse arguments, run one command, turn every outcome into an exit code.
// 0 scanned clean · 1 findings · 2 could not do what was asked (one line on stderr).
import yargs from 'yargs';
import { KeyscanError, oneLine } from '../errors.js';
import { baselineCommand } from './commands/baseline.js';
import { dirCommand, filesCommand, stdinCommand } from './commands/dir.js';
import { rulesCommand } from './commands/rules.js';
import type { Command } from './commands/types.js';
import { processIo, type Io } from './io.js';
import { packageVersion } from './report.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Command<any>[] = [dirCommand, filesCommand, stdinCommand, rulesCommand, baselineCommand];

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number | null = null;
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
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new KeyscanError(msg ?? 'invalid arguments', 'see keyscan --help');
    });
  for (const cmd of COMMANDS) {
    parser = parser.command(cmd.command, cmd.describe, cmd.builder, async (args) => {
      code = await cmd.handler(args, io);
    });
  }
  try {
    await parser.parseAsync();
    return code ?? 0;
  } catch (err) {
    if (err instanceof KeyscanError) {
      io.stderr.write(`keyscan: ${oneLine(err.message)}${err.hint ? ` (${oneLine(err.hint)})` : ''}\n`);
      return 2;
    }
    const e = err as Error;
    io.stderr.write(
      `keyscan: unexpected error: ${oneLine(e?.message ?? String(err))}; please report it with the command you ran (rerun with --debug for details)\n`,
    );
    if (debug && e?.stack) io.stderr.write(`${e.stack}\n`);
    return 2;
  }
}
