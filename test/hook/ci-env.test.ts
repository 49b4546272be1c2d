import { describe, expect, it } from 'vitest';
import { ciPlan, gitlabPlan, prePushPlan } from '../../src/hook/ci-env.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);
const events: Record<string, unknown> = {};
const plan = (env: Record<string, string>, since?: string) =>
  ciPlan({ env, remote: 'origin', since, readEvent: (p) => events[p] ?? (() => { throw new Error('no file'); })() });

describe('keyscan ci finds its range', () => {
  it('GitHub push: before..after', () => {
    events['/push'] = { before: A, after: B, ref: 'refs/heads/dev', repository: { default_branch: 'main' } };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/push' })).toMatchObject({ tips: [B], bases: [A], fallback: { remote: 'origin', branch: 'main' } });
  });

  it('GitHub push of a new branch: the commits the default branch lacks', () => {
    events['/new'] = { before: ZERO, after: B, ref: 'refs/heads/feature', created: true, repository: { default_branch: 'main' } };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/new' })).toMatchObject({ tips: [B], bases: [], notOn: { remote: 'origin', branch: 'main' } });
    events['/first'] = { before: ZERO, after: B, ref: 'refs/heads/main', repository: { default_branch: 'main' } };
    const first = plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/first' });
    expect(first).toMatchObject({ tips: [B], bases: [] });
    expect(first.notOn).toBeUndefined();
  });

  it('GitHub push that deletes a branch: nothing to scan', () => {
    events['/del'] = { before: A, after: ZERO, deleted: true };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/del' }).empty).toMatch(/deleted/);
  });

  it('GitHub pull_request and merge_group: base..head', () => {
    events['/pr'] = { pull_request: { base: { sha: A }, head: { sha: B } } };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/pr' })).toMatchObject({ tips: [B], bases: [A] });
    events['/mg'] = { merge_group: { base_sha: A, head_sha: B } };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: '/mg' })).toMatchObject({ tips: [B], bases: [A] });
  });

  it('GitHub events without a range, or without an event file: the whole history, with the reason', () => {
    events['/wd'] = { inputs: {} };
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: '/wd' }).whole).toMatch(/names no commit range/);
    expect(plan({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/missing' }).whole).toMatch(/could not be read/);
  });

  it('GitLab: merge request diff base, push before sha, new branch against the default branch', () => {
    expect(gitlabPlan({ CI_COMMIT_SHA: B, CI_MERGE_REQUEST_DIFF_BASE_SHA: A, CI_COMMIT_BEFORE_SHA: ZERO }, 'origin')).toMatchObject({ tips: [B], bases: [A] });
    expect(gitlabPlan({ CI_COMMIT_SHA: B, CI_COMMIT_BEFORE_SHA: A }, 'origin')).toMatchObject({ tips: [B], bases: [A] });
    expect(gitlabPlan({ CI_COMMIT_SHA: B, CI_COMMIT_BEFORE_SHA: ZERO, CI_DEFAULT_BRANCH: 'main', CI_COMMIT_BRANCH: 'feat' }, 'origin')).toMatchObject({
      notOn: { remote: 'origin', branch: 'main' },
    });
    expect(plan({ GITLAB_CI: 'true', CI_COMMIT_SHA: B, CI_COMMIT_BEFORE_SHA: A })).toMatchObject({ source: 'GitLab CI push' });
  });

  it('--since wins; no CI at all means the whole history, said so', () => {
    expect(plan({ GITHUB_ACTIONS: 'true' }, 'main')).toMatchObject({ tips: ['HEAD'], bases: ['main'] });
    expect(plan({}).whole).toMatch(/no push or merge request range found/);
    expect(plan({ PRE_COMMIT_FROM_REF: A, PRE_COMMIT_TO_REF: B })).toMatchObject({ tips: [B], bases: [A], offline: true });
  });

  it('pre-push: one range per pushed ref, new refs against the remote, deletions skipped', () => {
    const input = `refs/heads/a ${B} refs/heads/a ${A}\nrefs/heads/new ${A} refs/heads/new ${ZERO}\n(delete) ${ZERO} refs/heads/old ${A}\n`;
    expect(prePushPlan(input, 'origin')).toMatchObject({ tips: [B, A], bases: [A], notOn: { remote: 'origin' }, offline: true });
    expect(prePushPlan(`(delete) ${ZERO} refs/heads/old ${A}\n`, 'origin').empty).toMatch(/deletions/);
    expect(prePushPlan(`refs/heads/x ${B} refs/heads/x ${ZERO}\n`, 'https://example.com/r.git').notOn).toBeUndefined();
  });
});
