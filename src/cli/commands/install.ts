// keyscan install / keyscan uninstall: the pre-commit hook (and with --pre-push the pre-push hook)
// in the repository at the working directory, through husky, lefthook, the pre-commit framework or
// git's own hooks folder, whichever the repository uses.
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { repositoryRoot } from '../../sources/git.js';
import { ManualEditError } from '../../hook/configs.js';
import { MANAGERS, type ManagerKind } from '../../hook/detect.js';
import { installHooks, uninstallHooks, type HookChange } from '../../hook/install.js';
import type { HookName } from '../../hook/script.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

interface InstallArgs {
  prePush: boolean;
  using?: ManagerKind;
  bin?: string;
  print: boolean;
}

function describe(c: HookChange, managed: boolean): string {
  const runs = c.hook === 'pre-commit' ? 'checks every commit' : 'checks every push';
  switch (c.change) {
    case 'created':
      return `created ${c.file}: keyscan ${runs}`;
    case 'added':
      return managed ? `added keyscan to ${c.file}: keyscan ${runs}` : `added keyscan to the top of ${c.file}; the hook's own commands still run after it`;
    case 'chained':
      return `${c.file} is not a shell script: moved it to ${c.file}.keyscan-chained; the new ${c.file} runs keyscan, then it`;
    case 'updated':
      return `updated keyscan's lines in ${c.file}${c.detail ? ` (${c.detail})` : ''}`;
    case 'kept-edit':
      return `keyscan's lines in ${c.file} were edited by hand: left them as they are, with your edit (${c.detail})`;
    case 'lint-staged':
      return `lint-staged already runs keyscan on every commit (${c.file}): not adding a second scan to the pre-commit hook`;
    case 'unchanged':
      return `${c.file} already runs keyscan (${c.hook})`;
    case 'removed':
      return `removed keyscan from ${c.file}${c.detail ? ` (${c.detail})` : ''}`;
    case 'restored':
      return `removed ${c.file} and put the hook it chained back in its place${c.detail ? ` (${c.detail})` : ''}`;
    default:
      return `${c.file}: nothing to do`;
  }
}

function hooksOf(prePush: boolean): HookName[] {
  return prePush ? ['pre-commit', 'pre-push'] : ['pre-commit'];
}

export const installCommand: Command<InstallArgs> = {
  builder: (y: Argv) =>
    y
      .option('pre-push', { type: 'boolean', default: false, describe: 'add the pre-push hook as well (scans the commits being pushed)' })
      .option('using', { choices: MANAGERS, describe: 'the hook manager to use (default: the one the repository uses)' })
      .option('bin', { type: 'string', describe: 'the keyscan the hook runs (default: node_modules/.bin/keyscan)' })
      .option('print', { type: 'boolean', default: false, describe: 'print what would be added, and write nothing' }) as unknown as Argv<InstallArgs>,
  async handler(args, io: Io) {
    try {
      // npm runs "prepare": "keyscan install" outside a clone too (a tarball, a Docker build): no hook, no failure.
      if (io.env.npm_lifecycle_event === 'prepare' || io.env.npm_lifecycle_event === 'postinstall') {
        const repo = await repositoryRoot(io.cwd).catch(() => null);
        if (!repo || repo.bare) {
          io.stderr.write('keyscan: not in a git work tree: no hook installed\n');
          return 0;
        }
      }
      const result = await installHooks({ cwd: io.cwd, hooks: hooksOf(args.prePush), using: args.using, bin: args.bin, print: args.print });
      const managed = result.target.kind !== 'git';
      for (const c of result.changes) {
        if (c.change === 'printed') io.stdout.write(`# add to ${c.file}:\n${c.text}`);
        else io.stderr.write(`keyscan: ${describe(c, managed)}\n`);
      }
      for (const note of result.notes) io.stderr.write(`keyscan: note: ${note}\n`);
      return 0;
    } catch (err) {
      if (err instanceof ManualEditError) io.stdout.write(err.text);
      throw err;
    }
  },
};

interface UninstallArgs {
  using?: ManagerKind;
}

export const uninstallCommand: Command<UninstallArgs> = {
  builder: (y: Argv) =>
    y.option('using', { choices: MANAGERS, describe: 'only this hook manager (default: every place install may have used)' }) as unknown as Argv<UninstallArgs>,
  async handler(args, io: Io) {
    const results = await uninstallHooks({ cwd: io.cwd, hooks: ['pre-commit', 'pre-push'], using: args.using });
    const changes = results.flatMap((r) => r.changes).filter((c) => c.change !== 'absent');
    const problems = results.flatMap((r) => r.problems);
    for (const c of changes) io.stderr.write(`keyscan: ${describe(c, true)}\n`);
    // What could not be taken out: each on its own line, the last one as the failure (exit 2).
    for (const p of problems.slice(0, -1)) io.stderr.write(`keyscan: ${p}\n`);
    if (problems.length > 0) throw new KeyscanError(problems[problems.length - 1]);
    if (changes.length === 0) io.stderr.write('keyscan: no hook of this repository runs keyscan: nothing to remove\n');
    return 0;
  },
};
