#!/usr/bin/env node
// `keyscan staged` (the pre-commit hook, on every commit) starts its git work at once, then loads
// only what it needs: no yargs, no other command.
import { setFlagsFromString } from 'node:v8';
import { processIo } from './cli/io.js';

// V8 grows the young generation to 2 x 16 MB while a scan allocates; pinned at its first size it costs
// a few per cent more CPU in scavenges and ~28 MB less peak memory (DECISIONS.md, "Memory"). The CLI's own
// process only: the library API leaves its host's heap alone; scanning threads get resourceLimits.
setFlagsFromString('--semi-space-growth-factor=1');

const argv = process.argv.slice(2);

// Whatever escapes run() (a module that fails to load, an error thrown outside it) still ends
// with one line and exit 2, never a stack and exit 1, which would read as "findings".
function crashed(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`keyscan: unexpected error: ${message.split('\n')[0]}; please report it with the command you ran\n`);
  if (argv.includes('--debug') && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
process.on('uncaughtException', (err) => {
  crashed(err);
  process.exit(2);
});

try {
  let code: number | null = null;
  if (argv[0] === 'staged') {
    const read = (await import('./sources/staged.js')).startStagedRead(process.cwd());
    code = await (await import('./cli/commands/staged.js')).runStagedFast(argv, processIo(), read);
  }
  process.exitCode = code ?? (await (await import('./cli/run.js')).run(argv));
} catch (err) {
  crashed(err);
}
