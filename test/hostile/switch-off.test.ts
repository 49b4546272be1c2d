// The scan cannot be switched off or pointed elsewhere: a pushed range does not choose its own
// configuration or baseline, a caller's GIT_DIR / GIT_WORK_TREE / GIT_INDEX_FILE do not redirect
// `keyscan git A` or `keyscan dir A`, grafts hide nothing, and foreign markers count only near the secret.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

const BLANK_CI = Object.fromEntries(
  ['GITHUB_ACTIONS', 'GITHUB_EVENT_PATH', 'GITLAB_CI', 'CI_COMMIT_SHA', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'].map((k) => [k, '']),
);

/** A repository whose base commit holds `baseFiles`; returns it and the base commit. */
function based(baseFiles: Record<string, string> = { 'README.md': '# app\n' }): { repo: string; base: string } {
  const repo = track(makeRepo([{ files: baseFiles }]));
  return { repo, base: git(repo, ['rev-parse', 'HEAD']).trim() };
}

function ci(repo: string, args: string[], input?: string) {
  const r = cli(['ci', '--format', 'json', ...args], { cwd: repo, env: BLANK_CI, input });
  return { ...r, report: r.code < 2 && r.stdout ? json(r.stdout) : null };
}

/** What git gives a pre-push hook on stdin for a push of main from `from` to `to`. */
const pushLine = (from: string, to: string) => `refs/heads/main ${to} refs/heads/main ${from}\n`;

describe('a pushed range is judged by its base’s configuration and baseline', () => {
  it('a range that adds a key and allow.paths ["**"] fails keyscan ci and the pre-push check', () => {
    const { repo, base } = based();
    const tip = commit(repo, { files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, '.keyscan.yaml': 'allow:\n  paths: ["**"]\n' } });
    const viaSince = ci(repo, ['--since', base]);
    expect(viaSince.code, viaSince.stderr).toBe(1);
    expect(viaSince.report!.findings.map((f) => f.file)).toEqual(['a.env']);
    expect(viaSince.stderr).toMatch(/change \.keyscan\.yaml/);
    const viaHook = ci(repo, ['--pre-push', 'origin'], pushLine(base, tip));
    expect(viaHook.code, viaHook.stderr).toBe(1);
    expect(viaHook.report!.findings.map((f) => f.file)).toEqual(['a.env']);
  });

  it('a range that adds allow.rules or markers.foreign: false for its own key fails too', () => {
    const { repo, base } = based();
    commit(repo, { files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, '.keyscan.yaml': 'allow:\n  rules: ["openai-project-key"]\n' } });
    const r = ci(repo, ['--since', base]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings).toHaveLength(1);
  });

  it('a range that adds a key and a baseline holding it fails, and says the baseline changed', () => {
    const { repo, base } = based();
    writeFiles(repo, { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` });
    expect(cli(['baseline'], { cwd: repo }).code).toBe(0);
    commit(repo, { files: {} });
    expect(git(repo, ['show', '--name-only', '--format=', 'HEAD']).split('\n')).toContain('.keyscan-baseline.json');
    const r = ci(repo, ['--since', base]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings.map((f) => f.file)).toEqual(['a.env']);
    expect(r.stderr).toMatch(/\.keyscan-baseline\.json/);
  });

  it('an explicit --config or --baseline inside the repository is read from the base as well', () => {
    const { repo, base } = based({ 'ci/keyscan.yaml': 'allow:\n  paths: ["docs/**"]\n' });
    commit(repo, { files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, 'ci/keyscan.yaml': 'allow:\n  paths: ["**"]\n' } });
    const r = ci(repo, ['--since', base, '--config', 'ci/keyscan.yaml']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings).toHaveLength(1);
  });

  it('the base’s own configuration still applies (allow.paths, extends), and an untouched one is not a change', () => {
    const { repo, base } = based({ '.keyscan.yaml': 'extends: ./ks/common.yaml\n', 'ks/common.yaml': 'allow:\n  paths: ["fixtures/**"]\n' });
    commit(repo, { files: { 'fixtures/a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } });
    // The working tree's config is not what judges: make it allow everything.
    writeFiles(repo, { '.keyscan.yaml': 'allow:\n  paths: ["**"]\n' });
    const clean = ci(repo, ['--since', base]);
    expect(clean.code, clean.stderr).toBe(0);
    commit(repo, { files: { '.keyscan.yaml': 'extends: ./ks/common.yaml\n', 'b.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } });
    const r = ci(repo, ['--since', base]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.report!.findings.map((f) => f.file)).toEqual(['b.env']);
    expect(r.stderr).not.toMatch(/change \.keyscan\.yaml/);
  });

  it('a range that changes a file the base config extends is reported as a change', () => {
    const { repo, base } = based({ '.keyscan.yaml': 'extends: ./ks/common.yaml\n', 'ks/common.yaml': 'allow:\n  paths: ["fixtures/**"]\n' });
    commit(repo, { files: { 'ks/common.yaml': 'allow:\n  paths: ["**"]\n', 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } });
    const r = ci(repo, ['--since', base]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/ks\/common\.yaml/);
  });
});

describe('a caller’s GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE redirect nothing', () => {
  it('keyscan git A scans A, whatever GIT_DIR names', () => {
    const key = openaiProjectKey();
    const a = track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${key}\n` } }]));
    const other = track(makeRepo([{ files: { 'clean.txt': 'nothing\n' } }]));
    const env = { ...BLANK_CI, GIT_DIR: join(other, '.git'), GIT_WORK_TREE: other, GIT_INDEX_FILE: join(other, '.git', 'index') };
    const r = cli(['git', a, '--format', 'json'], { cwd: other, env });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
    const here = cli(['git', '--format', 'json'], { cwd: a, env });
    expect(here.code, here.stderr).toBe(1);
  });

  it('keyscan dir A uses A’s ignore rules, not those of the repository GIT_DIR / GIT_WORK_TREE name', () => {
    const a = track(makeRepo([{ files: { 'README.md': 'a\n' } }]));
    writeFiles(a, { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` });
    const other = track(makeRepo([{ files: { '.gitignore': '*.env\n' } }]));
    writeFileSync(join(other, '.git', 'info', 'exclude'), '*\n');
    const envs: Record<string, string>[] = [{ GIT_DIR: join(other, '.git') }, { GIT_WORK_TREE: other }, { GIT_DIR: join(other, '.git'), GIT_WORK_TREE: a }];
    for (const env of envs) {
      const r = cli(['dir', a, '--format', 'json'], { cwd: a, env });
      expect(r.code, `${JSON.stringify(env)}: ${r.stderr}`).toBe(1);
      expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
    }
  });

  it('keyscan staged honours the GIT_INDEX_FILE git gives a pre-commit hook', () => {
    const repo = track(makeRepo([{ files: { 'README.md': 'a\n' } }]));
    writeFiles(repo, { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` });
    const index = join(repo, '.git', 'other-index');
    git(repo, ['read-tree', 'HEAD'], { GIT_INDEX_FILE: index });
    git(repo, ['add', 'a.env'], { GIT_INDEX_FILE: index });
    expect(cli(['staged'], { cwd: repo }).code).toBe(0); // the real index holds nothing new
    const r = cli(['staged', '--format', 'json'], { cwd: repo, env: { GIT_INDEX_FILE: index } });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['a.env']);
  });
});

describe('history that git can be told to hide', () => {
  it('.git/info/grafts cannot cut a commit out of keyscan git', () => {
    const key = openaiProjectKey();
    const repo = track(makeRepo([{ files: { 'README.md': 'a\n' } }, { files: { 'a.env': `OPENAI_API_KEY=${key}\n` } }, { files: { 'a.env': 'gone\n' } }]));
    const [head, , root] = git(repo, ['rev-list', 'HEAD']).trim().split('\n');
    // HEAD's parent becomes the root commit: the commit that added the key vanishes from git log.
    writeFileSync(join(repo, '.git', 'info', 'grafts'), `${head} ${root}\n`);
    expect(git(repo, ['log', '--format=%H']).trim().split('\n')).toHaveLength(2);
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings).toHaveLength(1);
  });
});

describe('suppression markers count only near the secret', () => {
  const pad = 'x'.repeat(160 * 1024);
  for (const marker of ['pragma: allowlist secret', 'gitleaks:allow', 'trufflehog:ignore', 'keyscan:allow']) {
    it(`${marker} 160 KB away on the same minified line silences nothing; next to the secret it does`, () => {
      const dir = track(tempDir('keyscan-hostile-'));
      const far = openaiProjectKey();
      const near = openaiProjectKey();
      writeFiles(dir, {
        'far.min.js': `var k="${far}";var p="${pad}";// ${marker}\n`,
        'far-before.min.js': `/* ${marker} */var p="${pad}";var k="${far}";\n`,
        'near.js': `const OPENAI_API_KEY = "${near}"; // ${marker}\n`,
      });
      const r = cli(['dir', '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(1);
      expect(json(r.stdout).findings.map((f) => f.file).sort()).toEqual(['far-before.min.js', 'far.min.js']);
    });
  }
});
