// keyscan ci against real repositories, with GitHub Actions and GitLab CI simulated by their
// environment variables and real event files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, keyscan, makeRepo, removeDir, tempDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Every CI variable keyscan reads, blanked, so a test run inside a real CI is not misread. */
const BLANK = Object.fromEntries(
  [
    'GITHUB_ACTIONS', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITLAB_CI', 'CI_COMMIT_SHA', 'CI_COMMIT_BEFORE_SHA',
    'CI_MERGE_REQUEST_DIFF_BASE_SHA', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME', 'CI_DEFAULT_BRANCH', 'CI_COMMIT_BRANCH', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF',
    'PRE_COMMIT_SOURCE', 'PRE_COMMIT_ORIGIN', 'PRE_COMMIT_REMOTE_NAME',
  ].map((k) => [k, '']),
);
const ZERO = '0'.repeat(40);

interface JsonReport {
  findings: { file: string; line: number; commit?: string }[];
  summary: { target: string; notes: string[] };
}

function ci(dir: string, env: Record<string, string>, args: string[] = []) {
  const r = keyscan(['ci', '--format', 'json', ...args], { cwd: dir, env: { ...BLANK, ...env } });
  return { ...r, report: r.code < 2 && r.stdout ? (JSON.parse(r.stdout) as JsonReport) : null };
}
const files = (r: JsonReport | null) => r?.findings.map((f) => f.file).sort() ?? [];

let remote: string;
const sha: string[] = [];
let eventDir: string;

function event(name: string, payload: unknown): string {
  const path = join(eventDir, `${name}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function github(name: string, payload: unknown): Record<string, string> {
  return { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: event(`${name}-${Math.random().toString(36).slice(2)}`, payload) };
}

function clone(args: string[] = []): string {
  const dir = join(tempDir(), 'clone');
  dirs.push(dir);
  git(eventDir, ['clone', '-q', ...args, `file://${remote}`, dir]);
  return dir;
}

beforeAll(() => {
  eventDir = tempDir();
  dirs.push(eventDir);
  // main: clean, old key, clean, new key, clean, clean; feature (off the 4th): one key.
  const work = makeRepo();
  dirs.push(work);
  sha.push(commit(work, { files: { 'README.md': '# app\n' } }, 0));
  sha.push(commit(work, { files: { 'old.env': `KEY=${openaiProjectKey()}\n` } }, 1));
  sha.push(commit(work, { files: { 'src/a.ts': 'export const a = 1;\n' } }, 2));
  sha.push(commit(work, { files: { 'src/new.ts': `export const key = "${openaiProjectKey()}";\n` } }, 3));
  sha.push(commit(work, { files: { 'src/b.ts': 'export const b = 2;\n' } }, 4));
  sha.push(commit(work, { files: { 'src/c.ts': 'export const c = 3;\n' } }, 5));
  git(work, ['checkout', '-q', '-b', 'feature', sha[3]]);
  sha.push(commit(work, { files: { 'feature.py': `KEY = "${openaiProjectKey()}"\n` } }, 6));
  git(work, ['checkout', '-q', 'main']);
  remote = join(tempDir(), 'remote.git');
  dirs.push(remote);
  git(work, ['clone', '-q', '--bare', work, remote]);
});

describe('keyscan ci on GitHub Actions', () => {
  it('push: scans before..after and says so', () => {
    const dir = clone();
    const r = ci(dir, github('push', { before: sha[2], after: sha[4], ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['src/new.ts']);
    expect(r.report!.summary.target).toBe(`GitHub Actions push: ${sha[2].slice(0, 10)}..${sha[4].slice(0, 10)} (2 commits)`);
    expect(r.stderr).toMatch(/scanned GitHub Actions push/);
  });

  it('push: a key older than the range does not fail it', () => {
    const r = ci(clone(), github('push', { before: sha[4], after: sha[5], ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    expect(r.code).toBe(0);
    expect(r.report!.findings).toEqual([]);
  });

  it('push of a new branch: the commits not on the default branch', () => {
    const r = ci(clone(), github('push', { before: ZERO, after: sha[6], ref: 'refs/heads/feature', created: true, repository: { default_branch: 'main' } }));
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py']);
    expect(r.report!.summary.target).toMatch(/not on origin\/main \(1 commit\)$/);
  });

  it('push after a force push: the base is gone, so the commits not on the default branch, said so', () => {
    const r = ci(clone(), github('push', { before: 'f'.repeat(40), after: sha[6], ref: 'refs/heads/feature', forced: true, repository: { default_branch: 'main' } }));
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py']);
    expect(r.report!.summary.notes.join('\n')).toMatch(/rewritten by a force push/);
  });

  it('pull_request: base..head', () => {
    const r = ci(clone(), github('pull_request', { pull_request: { base: { sha: sha[5] }, head: { sha: sha[6] } } }));
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py']);
  });

  it('deepens a shallow clone until the base is there', () => {
    const dir = clone(['--depth', '1', '--no-single-branch']);
    expect(git(dir, ['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    const r = ci(dir, github('push', { before: sha[2], after: sha[5], ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['src/new.ts']);
    expect(r.report!.summary.target).toMatch(/\(3 commits\)$/);
  });

  it('exits 2 with the fix when a shallow clone cannot be deepened, never 0', () => {
    const dir = clone(['--depth', '1']);
    git(dir, ['remote', 'set-url', 'origin', join(eventDir, 'no-such-remote.git')]);
    const r = ci(dir, github('push', { before: sha[2], after: sha[5], ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/fetch-depth: 0/);
  });

  it('exits 2 when the pushed commit is not there at all', () => {
    const r = ci(clone(), github('push', { before: sha[2], after: 'e'.repeat(40), ref: 'refs/heads/main', repository: { default_branch: 'main' } }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not in this clone/);
  });

  it('a deleted branch has nothing to scan', () => {
    const r = ci(clone(), github('push', { before: sha[5], after: ZERO, deleted: true }));
    expect(r.code).toBe(0);
    expect(r.report!.summary.notes.join('\n')).toMatch(/nothing to scan: .*deleted a ref/);
  });
});

describe('keyscan ci on GitLab CI', () => {
  it('merge request: the diff base to the commit', () => {
    const r = ci(clone(), { GITLAB_CI: 'true', CI_COMMIT_SHA: sha[6], CI_MERGE_REQUEST_DIFF_BASE_SHA: sha[3], CI_COMMIT_BEFORE_SHA: ZERO });
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py']);
    expect(r.report!.summary.target).toMatch(/^GitLab CI merge request: /);
  });

  it('push: the commit before to the commit, in GitLab’s default shallow clone', () => {
    const dir = clone(['--depth', '2']);
    const r = ci(dir, { GITLAB_CI: 'true', CI_COMMIT_SHA: sha[5], CI_COMMIT_BEFORE_SHA: sha[1] });
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['src/new.ts']);
  });

  it('a new branch: the commits not on the default branch, fetched when missing', () => {
    const dir = clone(['--single-branch', '--branch', 'feature']);
    const r = ci(dir, { GITLAB_CI: 'true', CI_COMMIT_SHA: sha[6], CI_COMMIT_BEFORE_SHA: ZERO, CI_DEFAULT_BRANCH: 'main', CI_COMMIT_BRANCH: 'feature' });
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py']);
  });
});

describe('keyscan ci elsewhere', () => {
  it('--since REF: the commits of HEAD not reachable from REF', () => {
    const dir = clone();
    const r = ci(dir, {}, ['--since', sha[3]]);
    expect(r.code).toBe(0);
    expect(r.report!.summary.target).toMatch(/^--since [0-9a-f]+: .* \(2 commits\)$/);
  });

  it('no CI and no --since: the whole history, and says so', () => {
    const r = ci(clone(), {});
    expect(r.code).toBe(1);
    expect(files(r.report)).toEqual(['feature.py', 'old.env', 'src/new.ts']);
    expect(r.stderr).toMatch(/no push or merge request range found .*: scanned the whole history instead/);
  });
});
