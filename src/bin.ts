#!/usr/bin/env node
// `keyscan staged` (the pre-commit hook, on every commit) starts its git work at once, then loads
// only what it needs: no yargs, no other command. A plain `keyscan [dir] PATH...`, `keyscan files
// FILE...`, `keyscan git [REPO]` or `keyscan ci [REMOTE]` skips yargs too (cli/fast-args.ts); everything
// else goes through the full CLI.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { processIo } from './cli/io.js';

// V8 doubles the young generation while a process allocates, up to two 16 MB semi-spaces. Here it grows to
// two 4 MB ones and no further (the observer runs between scan steps). Rails: peak RSS 132 -> ~110 MB for 41
// scavenges instead of 27 (pinned at the first 1 MB: 109 MB, but 282 scavenges, 3x the GC time). Start-up
// is synchronous, so an empty scan still reaches 93 MB. DECISIONS.md, "Speed (issue 14)". The CLI's own
// process only: the library API leaves its host's heap alone. A history scan allocates far more (every added
// line of every commit) for longer: there 16 MB semi-spaces cost no memory at peak (7,994 commits of real
// code: 175 -> 177 MB) and ~7 % of the time (fewer objects survive into the old generation).
const argv = process.argv.slice(2);
const SEMI_SPACE_CAP = 2 * ((argv.find((a) => !a.startsWith('-')) === 'git' ? 16 : 4) << 20);
setFlagsFromString('--semi-space-growth-factor=1');
const young = new PerformanceObserver(() => {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (space && space.space_size < SEMI_SPACE_CAP) setFlagsFromString('--semi-space-growth-factor=2');
  else {
    setFlagsFromString('--semi-space-growth-factor=1');
    young.disconnect();
  }
});
young.observe({ entryTypes: ['gc'] });

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
  } else if (argv[0] === 'git') {
    code = await (await import('./cli/commands/git.js')).runGitFast(argv, processIo());
  } else if (argv[0] === 'ci') {
    code = await (await import('./cli/commands/ci.js')).runCiFast(argv, processIo());
  } else if ((await import('./cli/fast-args.js')).fastScanCommand(argv)) {
    code = await (await import('./cli/commands/dir.js')).runScanFast(argv, processIo());
  }
  process.exitCode = code ?? (await (await import('./cli/run.js')).run(argv));
} catch (err) {
  crashed(err);
}
