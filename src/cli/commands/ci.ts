// keyscan ci [REMOTE]: the commits of this push or merge request, found from the CI's own environment
// (GitHub Actions, GitLab CI; else --since; else the whole history, saying so). With --pre-push it
// scans the commits git is about to push, from the refs git passes a pre-push hook on stdin.
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { blockedPushMessage } from '../../hook/blocked.js';
import { ciPlan, preCommitFrameworkPlan, prePushPlan, type RangePlan } from '../../hook/ci-env.js';
import { resolvePlan } from '../../hook/range.js';
import { hasCommits, repositoryRoot } from '../../sources/git.js';
import { historySource } from '../../sources/history.js';
import { deferredSource } from '../../sources/source.js';
import { runScan, withCommonOptions, type CommonArgs } from '../context.js';
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
    const remote = args.remote ?? 'origin';
    const source = deferredSource(root, async (ctx) => {
      let plan: RangePlan;
      if (args.prePush) plan = preCommitFrameworkPlan(io.env) ?? prePushPlan(await readInput(io), args.remote);
      else plan = ciPlan({ env: io.env, readEvent: (path) => JSON.parse(readFileSync(path, 'utf8')), remote, since: args.since });
      if (plan.whole && !(await hasCommits(root))) {
        ctx.tally.note('no commits: the repository is empty');
        return { nothing: 'no commits' };
      }
      const resolved = await resolvePlan(root, plan, remote);
      for (const note of resolved.notes) ctx.tally.note(note);
      if ('empty' in resolved) {
        ctx.tally.note(`nothing to scan: ${resolved.empty}`);
        return { nothing: resolved.empty };
      }
      const describe = (n: number) => `${resolved.revisions.describe} (${n} commit${n === 1 ? '' : 's'})`;
      return historySource(root, resolved.revisions, describe, { atEnd: (n, c) => c.tally.note(`scanned ${describe(n)}`) });
    });
    return runScan(source, args, io, ({ report }) => (args.prePush && report.findings.length > 0 ? blockedPushMessage(report.findings) : null));
  },
};
