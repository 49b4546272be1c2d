// keyscan ci [REMOTE]: the commits of this push or merge request, found from the CI's own environment
// (GitHub Actions, GitLab CI; else --since; else the whole history, saying so). With --pre-push it
// scans the commits git is about to push, from the refs git passes a pre-push hook on stdin.
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { scanFragment } from '../../engine/scan.js';
import { blockedPushMessage } from '../../hook/blocked.js';
import { ciPlan, preCommitFrameworkPlan, prePushPlan, type RangePlan } from '../../hook/ci-env.js';
import { resolvePlan } from '../../hook/range.js';
import { hasCommits, repositoryRoot } from '../../sources/git.js';
import { scanHistory } from '../../sources/history.js';
import type { Match } from '../../types.js';
import { prepareScan, withCommonOptions, type CommonArgs, type ScanContext } from '../context.js';
import type { Io } from '../io.js';
import { buildReport, emitReport } from '../report.js';
import type { Command } from './types.js';

interface CiArgs extends CommonArgs {
  remote?: string;
  since?: string;
  prePush: boolean;
}

async function readInput(io: Io): Promise<string> {
  if ((io.stdin as { isTTY?: boolean }).isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function finish(ctx: ScanContext, args: CiArgs, matches: Match[], target: string): Promise<number> {
  const output = { format: args.format, output: args.output, redact: args.redact, color: args.color, baseline: args.baseline };
  const report = buildReport({ matches, tally: ctx.tally, target, started: ctx.started, root: ctx.root }, ctx.ruleSet, output);
  for (const note of ctx.tally.notes) ctx.io.stderr.write(`keyscan: ${note}\n`);
  const code = await emitReport(report, ctx.ruleSet, output, ctx.io);
  if (args.prePush && report.findings.length > 0) ctx.io.stderr.write(blockedPushMessage(report.findings));
  return code;
}

export const ciCommand: Command<CiArgs> = {
  command: 'ci [remote]',
  describe: 'scan the commits of this push or merge request (GitHub Actions, GitLab CI, --since, or a pre-push hook)',
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional('remote', { type: 'string', describe: 'the remote to fetch missing history from, or that a pre-push hook pushes to (default origin)' })
      .option('since', { type: 'string', describe: 'scan the commits of HEAD not reachable from REF (outside GitHub Actions and GitLab CI)' })
      .option('pre-push', {
        type: 'boolean',
        default: false,
        describe: 'read the refs being pushed from standard input, as git gives them to a pre-push hook',
      }) as unknown as Argv<CiArgs>,
  async handler(args, io) {
    const { root } = await repositoryRoot(io.cwd);
    const ctx = prepareScan(args, io, root);
    const remote = args.remote ?? 'origin';
    let plan: RangePlan;
    if (args.prePush) plan = preCommitFrameworkPlan(io.env) ?? prePushPlan(await readInput(io), args.remote);
    else plan = ciPlan({ env: io.env, readEvent: (path) => JSON.parse(readFileSync(path, 'utf8')), remote, since: args.since });
    if (plan.whole && !(await hasCommits(root))) {
      ctx.tally.note('no commits: the repository is empty');
      return finish(ctx, args, [], 'no commits');
    }
    const resolved = await resolvePlan(root, plan, remote);
    for (const note of resolved.notes) ctx.tally.note(note);
    if ('empty' in resolved) {
      ctx.tally.note(`nothing to scan: ${resolved.empty}`);
      return finish(ctx, args, [], resolved.empty);
    }
    const foreignMarkers = ctx.config.foreignMarkers;
    const result = await scanHistory({
      cwd: root,
      revisions: resolved.revisions,
      strategy: 'diff', // keyscan git's default
      scanner: { scan: (f) => scanFragment(f, ctx.ruleSet, { foreignMarkers }) },
      tally: ctx.tally,
      allowPaths: ctx.config.allowPaths,
    });
    const target = `${resolved.revisions.describe} (${result.commits} commit${result.commits === 1 ? '' : 's'})`;
    ctx.tally.note(`scanned ${target}`);
    return finish(ctx, args, result.matches, target);
  },
};
