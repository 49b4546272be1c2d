// Turn a range plan into revisions the history scan can read. In a shallow clone the history is
// deepened from the remote until the range is whole; when it cannot be made whole the scan stops
// with exit 2 and the fix, never a clean report over a partial history.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyscanError } from '../errors.js';
import { fetchFrom, gitPath, isShallow, listCommits, refTargets, resolveCommit } from '../sources/git.js';
import { selectRevisions, type Revisions } from '../sources/history.js';
import type { RangePlan } from './ci-env.js';

export const FULL_HISTORY_FIX = 'fetch the whole history: actions/checkout with fetch-depth: 0 on GitHub Actions, GIT_DEPTH: 0 on GitLab CI';

/** How far to deepen a shallow clone, step by step, before asking for all of it. */
const DEEPEN_STEPS = [50, 250, 1000];

export type ResolvedRange = { revisions: Revisions; notes: string[] } | { empty: string; notes: string[] };

const short = (sha: string) => sha.slice(0, 10);

async function shallowBoundary(cwd: string): Promise<Set<string>> {
  const file = resolve(cwd, await gitPath(cwd, 'shallow'));
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
}

/** Whether the commits `tips` minus `excluded` run into the shallow boundary (their parents are missing). */
async function cutByShallow(cwd: string, tips: string[], excluded: string[]): Promise<boolean> {
  const boundary = await shallowBoundary(cwd);
  if (boundary.size === 0) return false;
  const commits = await listCommits(cwd, [...tips, ...excluded.map((s) => `^${s}`)]);
  return commits.some((c) => boundary.has(c));
}

async function resolveAll(cwd: string, revs: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const rev of revs) out.set(rev, await resolveCommit(cwd, rev));
  return out;
}

/** The commits a remote (or one branch of it) already has, fetching that branch when it is missing. */
async function remoteHas(cwd: string, on: { remote: string; branch?: string }, offline: boolean, notes: string[]): Promise<string[]> {
  if (!on.branch) return refTargets(cwd, `refs/remotes/${on.remote}/`);
  const ref = `refs/remotes/${on.remote}/${on.branch}`;
  let sha = await resolveCommit(cwd, ref);
  if (!sha && !offline) {
    try {
      await fetchFrom(cwd, on.remote, [], [`+refs/heads/${on.branch}:${ref}`]);
      sha = await resolveCommit(cwd, ref);
    } catch {
      sha = null;
    }
  }
  if (!sha) notes.push(`${on.remote}/${on.branch} is not in this clone and could not be fetched: scanned every commit reachable from the pushed commit`);
  return sha ? [sha] : [];
}

/** Deepen (or fetch by id) until every commit named is here and the range is not cut by the shallow boundary. */
async function completeHistory(cwd: string, remote: string, revs: string[], excluded: () => Promise<string[]>, tips: () => string[]): Promise<void> {
  let shallow = await isShallow(cwd);
  for (let step = 0; step <= DEEPEN_STEPS.length + 1; step++) {
    const found = await resolveAll(cwd, revs);
    const missing = revs.filter((r) => !found.get(r));
    const cut = missing.length === 0 && shallow && (await cutByShallow(cwd, tips(), await excluded()));
    if (missing.length === 0 && !cut) return;
    if (!shallow) {
      // Complete history, yet a commit is missing: ask the remote for it by id, once.
      for (const sha of missing.filter((m) => /^[0-9a-f]{40,64}$/i.test(m))) {
        await fetchFrom(cwd, remote, [], [sha]).catch(() => undefined);
      }
      return;
    }
    const options = step < DEEPEN_STEPS.length ? [`--deepen=${DEEPEN_STEPS[step]}`] : ['--unshallow'];
    await deepen(cwd, remote, options, missing.filter((m) => /^[0-9a-f]{40,64}$/i.test(m)));
    shallow = await isShallow(cwd);
  }
  throw new KeyscanError('this clone is still shallow after git fetch --unshallow', FULL_HISTORY_FIX);
}

/**
 * Fetch more history. Commits no branch leads to (a pull request from a fork) are asked for by id
 * as well; a server that refuses ids gets the plain deepening.
 */
async function deepen(cwd: string, remote: string, options: string[], ids: string[]): Promise<void> {
  try {
    if (ids.length > 0) {
      try {
        await fetchFrom(cwd, remote, options, ids);
        return;
      } catch {
        // fall through to the plain fetch
      }
    }
    await fetchFrom(cwd, remote, options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new KeyscanError(`this clone is shallow and lacks the history to scan; deepening it failed (${why})`, FULL_HISTORY_FIX);
  }
}

/** The revisions to scan for `plan`, or why there is nothing to scan. */
export async function resolvePlan(cwd: string, plan: RangePlan, remote: string): Promise<ResolvedRange> {
  const notes: string[] = [];
  if (plan.empty) return { empty: `${plan.source}: ${plan.empty}`, notes };
  if (plan.whole) {
    notes.push(`${plan.whole}: scanned the whole history instead`);
    if (await isShallow(cwd)) {
      if (plan.offline) notes.push(`this clone is shallow, so even the whole history is partial (${FULL_HISTORY_FIX})`);
      else await deepen(cwd, remote, ['--unshallow'], []);
    }
    const revisions = await selectRevisions(cwd, {});
    return { revisions: { ...revisions, describe: 'the whole history' }, notes };
  }
  const offline = plan.offline === true;
  let excludedRefs: string[] | null = null;
  const excluded = async () => {
    excludedRefs ??= plan.notOn ? await remoteHas(cwd, plan.notOn, offline, notes) : [];
    return [...plan.bases, ...excludedRefs];
  };
  const revs = [...plan.tips, ...plan.bases];
  if (!offline) await completeHistory(cwd, remote, revs, excluded, () => plan.tips);
  const found = await resolveAll(cwd, revs);
  const tips: string[] = [];
  for (const tip of plan.tips) {
    const sha = found.get(tip);
    if (!sha) throw new KeyscanError(`${plan.source}: commit ${tip} is not in this clone`, FULL_HISTORY_FIX);
    tips.push(sha);
  }
  let bases = plan.bases.map((b) => found.get(b)).filter((s): s is string => !!s);
  let leftOut = plan.notOn;
  const missingBase = plan.bases.find((b) => !found.get(b));
  if (missingBase) {
    if (!plan.fallback) throw new KeyscanError(`${plan.source}: the base commit ${missingBase} is not in this clone`, FULL_HISTORY_FIX);
    // Rewritten by a force push (or never fetched): leave out what the remote has instead.
    leftOut = plan.fallback;
    bases = [...bases, ...(await remoteHas(cwd, plan.fallback, offline, notes))];
    notes.push(`${plan.source}: the base commit ${short(missingBase)} is not here (rewritten by a force push?): scanned the commits not on ${where(leftOut)}`);
  } else if (plan.notOn) {
    bases = [...bases, ...(await excluded()).slice(plan.bases.length)];
  }
  if ((await isShallow(cwd)) && (await cutByShallow(cwd, tips, bases))) {
    if (!offline) throw new KeyscanError(`${plan.source}: the range reaches past this shallow clone's history`, FULL_HISTORY_FIX);
    notes.push('this clone is shallow and the pushed commits reach past its history: the oldest of them were scanned whole');
  }
  const tipText = tips.map(short).join(' ');
  const range = leftOut
    ? `${tipText} not on ${where(leftOut)}`
    : bases.length > 0
      ? `${bases.map(short).join(' ')}..${tipText}`
      : `every commit reachable from ${tipText}`;
  return { revisions: { options: [], revs: [...tips, ...bases.map((b) => `^${b}`)], describe: `${plan.source}: ${range}`, shallow: false }, notes };
}

function where(on: { remote: string; branch?: string }): string {
  return on.branch ? `${on.remote}/${on.branch}` : on.remote;
}
