// keyscan git [REPO]: every commit reachable from any ref, one finding per secret per file with
// the commit that introduced it, and whether HEAD still holds it.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { scanFragment } from '../../engine/scan.js';
import { KeyscanError } from '../../errors.js';
import { secretHash } from '../../findings/fingerprint.js';
import { grepTree, hasCommits, repositoryRoot, resolveCommit, runGit } from '../../sources/git.js';
import { scanHistory, selectRevisions, STRATEGIES, totalCommits, type Progress, type Strategy } from '../../sources/history.js';
import type { Match, Report } from '../../types.js';
import { prepareScan, withCommonOptions, type CommonArgs, type ScanContext } from '../context.js';
import type { Io } from '../io.js';
import { buildReport, emitReport, type OutputArgs } from '../report.js';
import { writePurgePlan } from '../advise.js';
import type { Command } from './types.js';

interface GitArgs extends CommonArgs {
  repo?: string;
  since?: string;
  range?: string;
  strategy: Strategy;
  jobs?: number;
  purgePlan?: string;
}

function outputArgs(args: CommonArgs): OutputArgs {
  return { format: args.format, output: args.output, redact: args.redact, color: args.color, baseline: args.baseline };
}

/** A progress line on stderr when it is a terminal; nothing otherwise. */
function progressLine(io: Io, total: Promise<number> | null): { update(p: Progress): void; clear(): void } {
  if (!io.stderr.isTTY) return { update: () => undefined, clear: () => undefined };
  const started = Date.now();
  let of = 0;
  void total?.then((n) => (of = n)).catch(() => undefined);
  return {
    update(p) {
      const secs = Math.max(0.001, (Date.now() - started) / 1000);
      const commits = of ? `${p.commits}/${of}` : `${p.commits}`;
      const blobs = p.blobs ? `, ${p.blobs} blobs` : '';
      io.stderr.write(`\r\x1b[Kkeyscan: ${commits} commits${blobs}, ${(p.bytes / 1048576 / secs).toFixed(1)} MB/s`);
    },
    clear() {
      io.stderr.write('\r\x1b[K');
    },
  };
}

/** Mark each finding with whether HEAD still holds its secret (anywhere in the tree). */
async function markHead(root: string, matches: Match[], report: Report, ctx: ScanContext): Promise<void> {
  if (report.findings.length === 0) return;
  const head = await resolveCommit(root, 'HEAD');
  const secrets = [...new Set(matches.map((m) => m.secret))];
  const found = head ? await grepTree(root, head, secrets) : new Map<string, Set<string>>();
  const inHead = new Set([...found.keys()].map((s) => secretHash(s)));
  let deleted = 0;
  for (const f of report.findings) {
    f.stillInHead = inHead.has(f.secretHash);
    if (!f.stillInHead) deleted++;
  }
  if (deleted > 0) {
    ctx.tally.note(`${deleted} finding(s) deleted but still in history: every clone still carries them, so revoke those keys`);
  }
}

async function finish(ctx: ScanContext, args: GitArgs, matches: Match[], target: string, root: string): Promise<number> {
  const out = outputArgs(args);
  const report = buildReport({ matches, tally: ctx.tally, target, started: ctx.started, root }, ctx.ruleSet, out);
  await markHead(root, matches, report, ctx);
  report.summary.durationMs = Date.now() - ctx.started;
  for (const note of ctx.tally.notes) ctx.io.stderr.write(`keyscan: ${note}\n`);
  const plan = args.purgePlan !== undefined ? await writePurgePlan(args.purgePlan, report, matches, root, ctx.io) : null;
  const code = await emitReport(report, ctx.ruleSet, out, ctx.io);
  if (plan) ctx.io.stderr.write(plan);
  return code;
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
      .option('strategy', { choices: STRATEGIES, default: 'diff' as Strategy, hidden: true, describe: 'how history is read (see DECISIONS.md)' })
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
    const ctx = prepareScan(args, io, root);
    const label = args.repo ?? '.';
    if (!(await hasCommits(root))) {
      ctx.tally.note('no commits: the repository is empty');
      return finish(ctx, args, [], `${label}: no commits`, root);
    }
    const revisions = await selectRevisions(root, { since: args.since, range: args.range });
    if (revisions.shallow) {
      ctx.tally.note(
        'history is partial: this is a shallow clone, so commits beyond its depth were not scanned and the oldest commits scanned are credited with all they contain (git fetch --unshallow; GitHub Actions: fetch-depth: 0)',
      );
    }
    const progress = progressLine(io, io.stderr.isTTY ? totalCommits(root, revisions) : null);
    const foreignMarkers = ctx.config.foreignMarkers;
    let result;
    try {
      result = await scanHistory({
        cwd: root,
        revisions,
        strategy: args.strategy,
        scanner: { scan: (f) => scanFragment(f, ctx.ruleSet, { foreignMarkers }) },
        tally: ctx.tally,
        allowPaths: ctx.config.allowPaths,
        onProgress: (p) => progress.update(p),
        jobs: args.jobs,
      });
    } finally {
      progress.clear();
    }
    if (result.commits === 0) ctx.tally.note('no commits to scan in what was asked');
    if (await hasSubmodules(root)) {
      ctx.tally.note('submodules are not followed: their own history was not scanned (run keyscan git inside each one)');
    }
    return finish(ctx, args, result.matches, `${label}: ${revisions.describe} (${result.commits} commits)`, root);
  },
};
