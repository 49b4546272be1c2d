// keyscan baseline [PATH | --git]: write every current finding, by fingerprint only, to .keyscan-baseline.json.
// Updating an existing baseline keeps the reasons of the entries that still match.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { scanFragment } from '../../engine/scan.js';
import { KeyscanError } from '../../errors.js';
import { BASELINE_FILE, baselineChanges, isExpired, makeBaseline, parseBaseline, renderBaseline, todayUtc } from '../../findings/baseline.js';
import { collectMatches, toFindings } from '../../scan.js';
import { filesToFragments, listFiles } from '../../sources/dir.js';
import { hasCommits, repositoryRoot } from '../../sources/git.js';
import { scanHistory, selectRevisions } from '../../sources/history.js';
import type { Match } from '../../types.js';
import { prepareScan, withCommonOptions, type CommonArgs, type ScanContext } from '../context.js';
import type { Command } from './types.js';

interface BaselineArgs extends CommonArgs {
  path?: string;
  git: boolean;
  gitignore: boolean;
}

async function workingTree(ctx: ScanContext, args: BaselineArgs): Promise<Match[]> {
  const files = await listFiles(ctx.root, '.', { gitignore: args.gitignore, allowPaths: ctx.config.allowPaths }, ctx.tally);
  return collectMatches(filesToFragments(files, ctx.tally), ctx.ruleSet, ctx.scanOptions);
}

/** Every commit reachable from any ref, as `keyscan git` reads it. */
async function history(ctx: ScanContext): Promise<Match[]> {
  if (!(await hasCommits(ctx.root))) return [];
  const revisions = await selectRevisions(ctx.root, {});
  if (revisions.shallow) ctx.io.stderr.write('keyscan: this clone is shallow: the baseline covers only the history it holds\n');
  const result = await scanHistory({
    cwd: ctx.root,
    revisions,
    strategy: 'hybrid',
    scanner: { scan: (f) => scanFragment(f, ctx.ruleSet, ctx.scanOptions) },
    tally: ctx.tally,
    allowPaths: ctx.config.allowPaths,
  });
  return result.matches;
}

export const baselineCommand: Command<BaselineArgs> = {
  command: 'baseline [path]',
  describe: `write every current finding, by fingerprint only, to ${BASELINE_FILE}`,
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
    const ctx = prepareScan(args, io, root);
    const matches = args.git ? await history(ctx) : await workingTree(ctx, args);
    // A baseline from a scan that missed something would drop entries that still apply.
    const lost = ctx.tally.incomplete;
    if (lost.length > 0) throw new KeyscanError(`incomplete scan, so the baseline was not written: ${lost[0]}`);
    // Findings that allow.secrets already accepts stay out of the baseline (until the entry expires).
    const today = todayUtc();
    const allowed = new Set(ctx.config.allowSecrets.filter((e) => !isExpired(e, today)).map((e) => e.fingerprint));
    const findings = toFindings(matches, false).filter((f) => !allowed.has(f.fingerprint));
    const named = args.output ?? args.baseline;
    const target = named ? resolve(io.cwd, named) : resolve(root, BASELINE_FILE);
    const previous = existsSync(target) ? parseBaseline(readFileSync(target, 'utf8'), named ?? BASELINE_FILE) : [];
    const baseline = makeBaseline(findings, previous);
    await writeFile(target, renderBaseline(baseline));
    const { added, removed } = baselineChanges(previous, baseline);
    const shown = named ?? (relative(io.cwd, target).replace(/\\/g, '/') || BASELINE_FILE);
    io.stderr.write(`keyscan: wrote ${baseline.entries.length} fingerprint(s) to ${shown} (${added} added, ${removed} removed)\n`);
    return 0;
  },
};
