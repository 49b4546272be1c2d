// keyscan ci [REMOTE]: the commits of this push or merge request, found from the CI's own environment
// (GitHub Actions, GitLab CI; else --since; else the whole history, saying so). With --pre-push it
// scans the commits git is about to push, from the refs git passes a pre-push hook on stdin.
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { blockedPushMessage } from '../../hook/blocked.js';
import { ciPlan, preCommitFrameworkPlan, prePushPlan, type RangePlan } from '../../hook/ci-env.js';
import { judgeFromBase, rangeBase, type BaseJudge } from '../../hook/base-config.js';
import { resolvePlan } from '../../hook/range.js';
import { hasCommits, repositoryRoot } from '../../sources/git.js';
import { historySource } from '../../sources/history.js';
import { deferredSource } from '../../sources/source.js';
import { blockOrNote, runScan, withCommonOptions, type CommonArgs } from '../context.js';
import { readCiArgs, runFast } from '../fast-args.js';
import type { Io } from '../io.js';
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

export const ciCommand: Command<CiArgs> = {
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
    const remote = args.remote ?? 'origin';
    let plan: RangePlan;
    if (args.prePush) plan = preCommitFrameworkPlan(io.env) ?? prePushPlan(await readInput(io), args.remote);
    else plan = ciPlan({ env: io.env, readEvent: (path) => JSON.parse(readFileSync(path, 'utf8')), remote, since: args.since });
    const empty = plan.whole && !(await hasCommits(root));
    const resolved = empty ? null : await resolvePlan(root, plan, remote);
    // The commits being judged never choose their own configuration or baseline.
    const judge = resolved && !('empty' in resolved) ? await judgeRange(root, resolved.revisions.revs, args, io.cwd) : null;
    const changed = judge ? judgedChanges(judge) : null;
    const source = deferredSource(root, async (ctx) => {
      if (!resolved) {
        ctx.tally.note('no commits: the repository is empty');
        return { nothing: 'no commits' };
      }
      for (const note of resolved.notes) ctx.tally.note(note);
      if ('empty' in resolved) {
        ctx.tally.note(`nothing to scan: ${resolved.empty}`);
        return { nothing: resolved.empty };
      }
      if (changed) ctx.tally.note(changed);
      const describe = (n: number) => `${resolved.revisions.describe} (${n} commit${n === 1 ? '' : 's'})`;
      return historySource(root, resolved.revisions, describe, { atEnd: (n, c) => c.tally.note(`scanned ${describe(n)}`) });
    });
    const judged = judge ? { ...args, config: judge.config, baseline: judge.baseline } : args;
    try {
      // CI and the pre-push hook block on medium and high findings; low ones (tests, docs, examples) are shown.
      const code = await runScan(
        source,
        judged,
        io,
        ({ report }, failOn) => blockOrNote(report.findings, failOn, args.prePush ? blockedPushMessage : null),
        'medium',
      );
      return changed ? Math.max(code, 1) : code;
    } finally {
      judge?.cleanup();
    }
  },
};

/** The base commit's configuration and baseline for a range (null when the range has no base). */
async function judgeRange(root: string, revs: string[], args: CiArgs, cwd: string): Promise<BaseJudge | null> {
  const base = await rangeBase(root, revs);
  if (!base) return null;
  return judgeFromBase(
    root,
    base,
    revs.filter((r) => !r.startsWith('^')),
    { config: args.config, baseline: args.baseline },
    cwd,
  );
}

/** A range that changes its own judges fails the check, saying so. */
function judgedChanges(judge: BaseJudge): string | null {
  if (judge.changed.length === 0) return null;
  return `the pushed commits change ${judge.changed.join(', ')}: they were judged by the version in ${judge.base.slice(0, 10)} (the range's base), and a change to keyscan's own configuration or baseline needs a review, so this check fails until the base holds it`;
}

/** `keyscan ci [REMOTE]` without the full CLI (bin.ts; the pre-push hook runs it on every push); null when the command line needs it. */
export function runCiFast(argv: string[], io: Io): Promise<number | null> {
  return runFast(argv, io, readCiArgs(argv), (args) => ciCommand.handler(args, io));
}
