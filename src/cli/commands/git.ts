// keyscan git [REPO]: every commit reachable from any ref, one finding per secret per file with
// the commit that introduced it, and whether HEAD still holds it.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { countCommits, hasCommits, repositoryRoot, runGit } from '../../sources/git.js';
import { historySource, repositoryFacts, selectRevisions } from '../../sources/history.js';
import { deferredSource } from '../../sources/source.js';
import { runScan, withCommonOptions, type CommonArgs } from '../context.js';
import { readGitArgs, runFast } from '../fast-args.js';
import type { Io } from '../io.js';
import { progressLine } from '../progress.js';
import { writePurgePlan } from '../purge-plan.js';
import type { Command } from './types.js';

interface GitArgs extends CommonArgs {
  repo?: string;
  since?: string;
  range?: string;
  jobs?: number;
  purgePlan?: string;
}

export const SHALLOW_NOTE =
  'history is partial: this is a shallow clone, so commits beyond its depth were not scanned and the oldest commits scanned are credited with all they contain (git fetch --unshallow; GitHub Actions: fetch-depth: 0)';

/** Does HEAD record any submodule (a .gitmodules file or a gitlink)? */
async function hasSubmodules(root: string): Promise<boolean> {
  try {
    const r = await runGit(root, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { ok: [0, 128] });
    return r.stdout.split('\0').some((entry) => entry.startsWith('160000 '));
  } catch {
    return false;
  }
}

export const gitCommand: Command<GitArgs> = {
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional('repo', { type: 'string', describe: 'the repository (default .)' })
      .option('since', { type: 'string', describe: 'scan only commits not reachable from REF' })
      .option('range', { type: 'string', describe: 'scan only the commits in A..B (or A...B, or those reachable from REV)' })
      .option('purge-plan', {
        type: 'string',
        describe: 'write a git filter-repo --replace-text file for the secrets found to FILE (it holds them in plaintext; mode 0600)',
      })
      .option('jobs', { type: 'number', hidden: true, describe: 'parallel git processes (default: one per core, at most 2)' }) as unknown as Argv<GitArgs>,
  async handler(args, io) {
    const dir = resolve(io.cwd, args.repo ?? '.');
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new KeyscanError(`cannot read ${args.repo ?? '.'}: no such directory`);
    const { root } = await repositoryRoot(dir);
    const label = args.repo ?? '.';
    const progress = progressLine(io);
    // Asked now: git answers while the rules load (runScan prepares them before it opens the source).
    const anyCommit = hasCommits(root);
    anyCommit.catch(() => undefined);
    // Told at the end; asked now, so the end does not wait for it.
    const submodules = hasSubmodules(root);
    const facts = repositoryFacts(root);
    const source = deferredSource(root, async (ctx) => {
      if (!(await anyCommit)) {
        ctx.tally.note('no commits: the repository is empty');
        return { nothing: `${label}: no commits` };
      }
      const revisions = await selectRevisions(root, { since: args.since, range: args.range }, facts);
      if (revisions.shallow) ctx.tally.note(SHALLOW_NOTE);
      // The scan learns the total from the commit messages, which may finish late in a long history: someone
      // watching a terminal gets it from a count of its own at once (a walk of the commits, ~4 % of git's work).
      if (io.stderr.isTTY) progress.total(countCommits(root, revisions.options, revisions.revs));
      return historySource(root, revisions, (n) => `${label}: ${revisions.describe} (${n} commits)`, {
        jobs: args.jobs,
        onProgress: (p) => progress.update(p),
        onTotal: (n) => progress.total(n),
        async atEnd(commits, c) {
          progress.clear();
          if (commits === 0) c.tally.note('no commits to scan in what was asked');
          if (await submodules) c.tally.note('submodules are not followed: their own history was not scanned (run keyscan git inside each one)');
        },
      });
    });
    try {
      return await runScan(source, args, io, ({ report, matches }) =>
        args.purgePlan !== undefined ? writePurgePlan(args.purgePlan, report, matches, root, io) : null,
      );
    } finally {
      progress.clear();
    }
  },
};

/** `keyscan git [REPO]` without the full CLI (bin.ts); null when the command line needs it (cli/fast-args.ts). */
export function runGitFast(argv: string[], io: Io): Promise<number | null> {
  return runFast(argv, io, readGitArgs(argv), (args) => gitCommand.handler(args, io));
}
