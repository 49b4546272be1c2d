// keyscan baseline [PATH | --git]: write every current finding, by fingerprint only, to .keyscan-baseline.json.
// Updating an existing baseline keeps the reasons of the entries that still match.
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { BASELINE_FILE, baselineChanges, isExpired, makeBaseline, parseBaseline, renderBaseline, todayUtc } from '../../findings/baseline.js';
import { atLeast } from '../../findings/confidence.js';
import { findingsOf, prepare, scanSource } from '../../pipeline/index.js';
import { hasCommits, repositoryRoot } from '../../sources/git.js';
import { historySource, selectRevisions } from '../../sources/history.js';
import { deferredSource, type Source } from '../../sources/source.js';
import { dirSource } from '../../sources/tree.js';
import { readTextFile } from '../../read-text.js';
import { writeOutputFile } from '../output-file.js';
import { pipelineSettings, withCommonOptions, type CommonArgs } from '../context.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

interface BaselineArgs extends CommonArgs {
  path?: string;
  git: boolean;
  gitignore: boolean;
}

/** Every commit reachable from any ref, as `keyscan git` reads it. */
function history(root: string, io: Io): Source {
  return deferredSource(root, async () => {
    if (!(await hasCommits(root))) return { nothing: 'no commits' };
    const revisions = await selectRevisions(root, {});
    if (revisions.shallow) io.stderr.write('keyscan: this clone is shallow: the baseline covers only the history it holds\n');
    return historySource(root, revisions, () => revisions.describe);
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const baselineCommand: Command<BaselineArgs> = {
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional('path', { type: 'string', describe: 'folder to scan (default .); with --git, the repository' })
      .option('git', { type: 'boolean', default: false, describe: 'baseline every secret in the git history instead of the files on disk' })
      .option('gitignore', { type: 'boolean', default: true, describe: 'skip files that .gitignore ignores (--no-gitignore scans them)' }) as Argv<BaselineArgs>,
  async handler(args, io) {
    const dir = resolve(io.cwd, args.path ?? '.');
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new KeyscanError(`cannot read ${args.path ?? '.'}: no such directory`);
    const root = args.git ? (await repositoryRoot(dir)).root : dir;
    const settings = pipelineSettings(args, io);
    const prepared = prepare(root, settings);
    const source = args.git ? history(root, io) : dirSource(root, ['.'], '.', { gitignore: args.gitignore });
    const { matches } = await scanSource(source, prepared, settings.timeBudgetMs, settings.decodeDepth);
    // A baseline from a scan that missed something would drop entries that still apply.
    const lost = prepared.tally.incomplete;
    if (lost.length > 0) throw new KeyscanError(`incomplete scan, so the baseline was not written: ${lost[0]}`);
    // Findings that allow.secrets already accepts stay out of the baseline (until the entry expires).
    const today = todayUtc();
    const allowed = new Set(prepared.config.allowSecrets.filter((e) => !isExpired(e, today)).map((e) => e.fingerprint));
    const findings = atLeast(findingsOf(matches, false), args.minConfidence ?? 'low').filter((f) => !allowed.has(f.fingerprint));
    const named = args.output ?? args.baseline;
    const target = named ? resolve(io.cwd, named) : resolve(root, BASELINE_FILE);
    const shownTarget = named ?? BASELINE_FILE;
    // Only a regular file holds a previous baseline; a folder or a device is refused by the write.
    const previous = isFile(target) ? parseBaseline(readTextFile(target, 'baseline', shownTarget), shownTarget) : [];
    const baseline = makeBaseline(findings, previous);
    await writeOutputFile(io.cwd, named ?? target, renderBaseline(baseline), 'the baseline');
    const { added, removed } = baselineChanges(previous, baseline);
    const shown = named ?? (relative(io.cwd, target).replace(/\\/g, '/') || BASELINE_FILE);
    io.stderr.write(`keyscan: wrote ${baseline.entries.length} fingerprint(s) to ${shown} (${added} added, ${removed} removed)\n`);
    return 0;
  },
};
