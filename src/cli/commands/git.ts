// keyscan git [REPO]: every commit reachable from any ref, one finding per secret per file with
// the commit that introduced it, and whether HEAD still holds it.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { hasCommits, repositoryRoot, runGit } from '../../sources/git.js';
import { historySource, selectRevisions, totalCommits, type Progress } from '../../sources/history.js';
import { deferredSource } from '../../sources/source.js';
import { runScan, withCommonOptions, type CommonArgs } from '../context.js';
import type { Io } from '../io.js';
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

/** A progress line on stderr when it is a terminal; nothing otherwise. */
function progressLine(io: Io): { update(p: Progress): void; total(n: Promise<number>): void; clear(): void } {
  if (!io.stderr.isTTY) return { update: () => undefined, total: () => undefined, clear: () => undefined };
  const started = Date.now();
  let of = 0;
  let shown = false;
  return {
    total(n) {
      void n.then((v) => (of = v)).catch(() => undefined);
    },
    update(p) {
      const secs = Math.max(0.001, (Date.now() - started) / 1000);
      const commits = of ? `${p.commits}/${of}` : `${p.commits}`;
      const blobs = p.blobs ? `, ${p.blobs} blobs` : '';
      io.stderr.write(`\r\x1b[Kkeyscan: ${commits} commits${blobs}, ${(p.bytes / 1048576 / secs).toFixed(1)} MB/s`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

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
  command: 'git [repo]',
  describe: 'scan every commit reachable from any ref (branches, tags, remotes, stash)',
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
    const source = deferredSource(root, async (ctx) => {
      if (!(await hasCommits(root))) {
        ctx.tally.note('no commits: the repository is empty');
        return { nothing: `${label}: no commits` };
      }
      const revisions = await selectRevisions(root, { since: args.since, range: args.range });
      if (revisions.shallow) ctx.tally.note(SHALLOW_NOTE);
      if (io.stderr.isTTY) progress.total(totalCommits(root, revisions));
      return historySource(root, revisions, (n) => `${label}: ${revisions.describe} (${n} commits)`, {
        jobs: args.jobs,
        onProgress: (p) => progress.update(p),
        async atEnd(commits, c) {
          progress.clear();
          if (commits === 0) c.tally.note('no commits to scan in what was asked');
          if (await hasSubmodules(root)) c.tally.note('submodules are not followed: their own history was not scanned (run keyscan git inside each one)');
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
