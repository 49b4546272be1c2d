// Which commits a CI job or a pre-push hook should scan, read from the environment the CI (or git)
// provides. Pure: environment, event file contents and pre-push lines in, a plan out; resolving the
// plan against the repository (fetching, deepening) is range.ts.

/** The commits to scan: reachable from `tips` and not from `bases`. */
export interface RangePlan {
  /** Where the range came from, for the summary ("GitHub Actions push", "pre-push", …). */
  source: string;
  tips: string[];
  bases: string[];
  /**
   * Also leave out what a remote already has: every ref of `remote`, or only its `branch` (the default
   * branch, for a branch pushed for the first time).
   */
  notOn?: { remote: string; branch?: string };
  /** When a base is gone for good (a force push rewrote it): leave out this instead. */
  fallback?: { remote: string; branch?: string };
  /** Nothing to scan, and why (a deleted branch, nothing pushed). */
  empty?: string;
  /** No range could be found: scan the whole history, and say why. */
  whole?: string;
  /** Never fetch (a pre-push hook: the local repository is the truth, and the push is waiting). */
  offline?: boolean;
}

export type Env = Record<string, string | undefined>;

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

function isZero(sha: string | undefined): boolean {
  return !sha || ZERO.test(sha);
}

/** The GitHub Actions event payload fields keyscan reads. */
interface GithubEvent {
  before?: string;
  after?: string;
  ref?: string;
  created?: boolean;
  deleted?: boolean;
  repository?: { default_branch?: string };
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
  merge_group?: { base_sha?: string; head_sha?: string };
}

/** A plan from a GitHub Actions event. `event` is the parsed GITHUB_EVENT_PATH file (null if unreadable). */
export function githubPlan(env: Env, event: GithubEvent | null, remote: string): RangePlan {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const source = `GitHub Actions ${name || 'event'}`;
  if (!event) return { source, tips: [], bases: [], whole: `${source}: the event file (GITHUB_EVENT_PATH) could not be read` };
  if (name === 'pull_request' || name === 'pull_request_target') {
    const base = event.pull_request?.base?.sha;
    const head = event.pull_request?.head?.sha;
    if (base && head) return { source: `GitHub Actions ${name}`, tips: [head], bases: [base] };
  }
  if (name === 'merge_group') {
    const base = event.merge_group?.base_sha;
    const head = event.merge_group?.head_sha;
    if (base && head) return { source, tips: [head], bases: [base] };
  }
  if (name === 'push') {
    const { before, after } = event;
    if (event.deleted || isZero(after)) return { source, tips: [], bases: [], empty: 'the push deleted a ref' };
    const defaultBranch = event.repository?.default_branch;
    const fallback = { remote, branch: defaultBranch };
    if (!isZero(before)) return { source, tips: [after!], bases: [before!], fallback };
    // A new branch or tag: its commits are those the default branch does not have.
    const pushedDefault = defaultBranch !== undefined && event.ref === `refs/heads/${defaultBranch}`;
    if (pushedDefault || !defaultBranch) return { source: `${source} (new ${pushedDefault ? 'default branch' : 'ref'})`, tips: [after!], bases: [] };
    return { source: `${source} (new ref)`, tips: [after!], bases: [], notOn: { remote, branch: defaultBranch } };
  }
  return { source, tips: [], bases: [], whole: `${source}: this event names no commit range` };
}

/** A plan from GitLab CI's predefined variables. */
export function gitlabPlan(env: Env, remote: string): RangePlan {
  const head = env.CI_COMMIT_SHA;
  if (!head) return { source: 'GitLab CI', tips: [], bases: [], whole: 'GitLab CI: CI_COMMIT_SHA is not set' };
  const mrBase = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (mrBase) {
    const target = env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME;
    return { source: 'GitLab CI merge request', tips: [head], bases: [mrBase], fallback: target ? { remote, branch: target } : undefined };
  }
  const before = env.CI_COMMIT_BEFORE_SHA;
  const defaultBranch = env.CI_DEFAULT_BRANCH;
  if (!isZero(before)) return { source: 'GitLab CI push', tips: [head], bases: [before!], fallback: { remote, branch: defaultBranch } };
  // A new branch, a tag, or a pipeline started by hand or on a schedule.
  if (!defaultBranch || env.CI_COMMIT_BRANCH === defaultBranch) {
    return { source: 'GitLab CI pipeline (no previous commit)', tips: [head], bases: [] };
  }
  return { source: 'GitLab CI pipeline (new ref)', tips: [head], bases: [], notOn: { remote, branch: defaultBranch } };
}

/** The pre-commit framework's pre-push stage passes the range in its own variables. */
export function preCommitFrameworkPlan(env: Env): RangePlan | null {
  const from = env.PRE_COMMIT_FROM_REF ?? env.PRE_COMMIT_SOURCE;
  const to = env.PRE_COMMIT_TO_REF ?? env.PRE_COMMIT_ORIGIN;
  if (!from || !to) return null;
  const remote = env.PRE_COMMIT_REMOTE_NAME;
  return {
    source: 'pre-commit framework pre-push',
    tips: [to],
    bases: isZero(from) ? [] : [from],
    notOn: isZero(from) && remote ? { remote } : undefined,
    fallback: remote ? { remote } : undefined,
    offline: true,
  };
}

/**
 * A plan from the lines git gives a pre-push hook: `<local ref> <local sha> <remote ref> <remote sha>`.
 * `remote` is the hook's first argument (a remote name, or a URL when pushing to one directly).
 */
export function prePushPlan(input: string, remote: string | undefined): RangePlan {
  const tips: string[] = [];
  const bases: string[] = [];
  let newRef = false;
  for (const line of input.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || !SHA.test(localSha) || isZero(localSha)) continue; // blank, or a deletion
    tips.push(localSha);
    if (isZero(remoteSha)) newRef = true;
    else bases.push(remoteSha);
  }
  const source = `pre-push${remote ? ` to ${remote}` : ''}`;
  if (tips.length === 0) return { source, tips, bases, empty: 'nothing is being pushed but deletions', offline: true };
  // A new ref on the remote: leave out what the remote's refs (as last fetched) already hold.
  const named = remote && !/[:/\\]/.test(remote) ? remote : undefined;
  return { source, tips, bases, notOn: newRef && named ? { remote: named } : undefined, fallback: named ? { remote: named } : undefined, offline: true };
}

export interface PlanInput {
  env: Env;
  /** Reads the GitHub event file (injected so tests and callers decide how). */
  readEvent: (path: string) => unknown;
  remote: string;
  since?: string;
}

/** The plan for `keyscan ci`: --since first, then GitHub Actions, GitLab CI, the pre-commit framework; else the whole history. */
export function ciPlan(input: PlanInput): RangePlan {
  const { env, remote } = input;
  if (input.since) return { source: `--since ${input.since}`, tips: ['HEAD'], bases: [input.since] };
  if (env.GITHUB_ACTIONS === 'true') {
    let event: GithubEvent | null = null;
    try {
      event = env.GITHUB_EVENT_PATH ? (input.readEvent(env.GITHUB_EVENT_PATH) as GithubEvent) : null;
    } catch {
      event = null;
    }
    return githubPlan(env, event, remote);
  }
  if (env.GITLAB_CI === 'true') return gitlabPlan(env, remote);
  const preCommit = preCommitFrameworkPlan(env);
  if (preCommit) return preCommit;
  return {
    source: 'no CI range',
    tips: [],
    bases: [],
    whole: 'no push or merge request range found (not GitHub Actions or GitLab CI, and no --since)',
  };
}
