// The GitHub action's scan step, run as GitHub runs it (bash -eo pipefail, GITHUB_* variables, an
// event file, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files) against a real repository. Only npx is
// stood in for (it would fetch keyscan-cli from the registry): a shim that logs its arguments and runs
// this checkout's dist/bin.js, so the test also counts the scans.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openaiProjectKey } from '../helpers/fakes.js';
import { BIN, commit, GIT_ENV, makeRepo, removeDir, tempDir } from '../helpers/repo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  runs: { steps: { id?: string; run?: string; if?: string; uses?: string; env?: Record<string, string> }[] };
};
const step = action.runs.steps.find((s) => s.id === 'scan')!;
const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

let repo = '';
let clean = '';
let keyed = '';
let shims = '';

beforeAll(() => {
  repo = makeRepo();
  dirs.push(repo);
  clean = commit(repo, { files: { 'README.md': '# app\n' } }, 0);
  keyed = commit(repo, { files: { 'src/client.js': `export const key = "${openaiProjectKey()}";\n` } }, 1);
  shims = tempDir('keyscan-action-');
  dirs.push(shims);
  writeFileSync(join(shims, 'npx'), `#!/bin/sh\necho "$*" >> "${join(shims, 'npx.log')}"\nshift 2\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shims, 'npx'), 0o755);
});

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  npx: string[];
  sarif: string | null;
}

function runStep(event: { name: string; payload: unknown }, inputs: { sarif: boolean; actor?: string }): Run {
  const work = tempDir('keyscan-action-run-');
  dirs.push(work);
  const files = { event: join(work, 'event.json'), output: join(work, 'output'), summary: join(work, 'summary.md'), script: join(work, 'step.sh') };
  writeFileSync(files.event, JSON.stringify(event.payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.script, step.run!);
  writeFileSync(join(shims, 'npx.log'), '');
  const sarifFile = `keyscan-${Math.random().toString(36).slice(2)}.sarif`;
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: `${shims}:${process.env.PATH}`,
      HOME: process.env.HOME,
      ...GIT_ENV,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_ACTOR: inputs.actor ?? 'ada',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      // The step's env: block, as the action's inputs fill it.
      KEYSCAN_VERSION: '',
      KEYSCAN_ARGS: '',
      KEYSCAN_SARIF: String(inputs.sarif),
      KEYSCAN_SARIF_FILE: sarifFile,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(files.output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=', 2) as [string, string]),
  );
  const sarifPath = join(repo, sarifFile);
  return {
    code: r.status ?? -1,
    stdout: r.stdout + r.stderr,
    outputs,
    summary: readFileSync(files.summary, 'utf8'),
    npx: readFileSync(join(shims, 'npx.log'), 'utf8').split('\n').filter(Boolean),
    sarif: existsSync(sarifPath) ? readFileSync(sarifPath, 'utf8') : null,
  };
}

const push = () => ({ name: 'push', payload: { ref: 'refs/heads/main', before: clean, after: keyed, repository: { full_name: 'acme/app' } } });
const pullRequest = (from: string) => ({
  name: 'pull_request',
  payload: {
    pull_request: { base: { sha: clean, ref: 'main', repo: { full_name: 'acme/app' } }, head: { sha: keyed, ref: 'feature', repo: { full_name: from } } },
    repository: { full_name: 'acme/app' },
  },
});

describe('the GitHub action', () => {
  it('scans once and writes both SARIF and the human report to the job summary', () => {
    const r = runStep(push(), { sarif: true });
    expect(r.code, r.stdout).toBe(1);
    expect(r.npx).toHaveLength(1);
    expect(r.npx[0]).toMatch(new RegExp(`^--yes keyscan-cli@${VERSION.replace(/\./g, '\\.')} ci --no-color --sarif-output keyscan-\\w+\\.sarif$`));
    expect(r.outputs).toEqual({ 'exit-code': '1', 'upload-sarif': 'true' });
    const sarif = JSON.parse(r.sarif!) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['src/client.js']);
    expect(r.summary).toMatch(/^### keyscan: secrets found\n\n```text\n/);
    expect(r.summary).toContain('src/client.js:1:');
    expect(r.summary.trimEnd().endsWith('```')).toBe(true);
    // The log has the same report.
    expect(r.stdout).toContain('src/client.js:1:');
    // The upload step runs on this step's word.
    expect(upload.if).toContain("steps.scan.outputs.upload-sarif == 'true'");
  });

  it('a pull request from a fork: a notice, no upload, and the job still fails on findings', () => {
    const r = runStep(pullRequest('someone/app-fork'), { sarif: true });
    expect(r.code, r.stdout).toBe(1);
    expect(r.npx).toHaveLength(1);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'upload-sarif': 'false' });
    expect(r.stdout).toMatch(/^::notice title=keyscan::This pull request comes from a fork/m);
    expect(r.summary).toContain('src/client.js:1:');
  });

  it('a pull request from a branch of the same repository uploads; one from Dependabot does not', () => {
    expect(runStep(pullRequest('acme/app'), { sarif: true }).outputs['upload-sarif']).toBe('true');
    const bot = runStep(pullRequest('acme/app'), { sarif: true, actor: 'dependabot[bot]' });
    expect(bot.outputs['upload-sarif']).toBe('false');
    expect(bot.code).toBe(1);
  });

  it('a clean push without SARIF: exit 0, a summary that says so, nothing to upload', () => {
    const r = runStep({ name: 'push', payload: { ref: 'refs/heads/main', before: clean, after: clean, repository: { full_name: 'acme/app' } } }, { sarif: false });
    expect(r.code, r.stdout).toBe(0);
    expect(r.npx).toEqual([`--yes keyscan-cli@${VERSION} ci --no-color`]);
    expect(r.outputs).toEqual({ 'exit-code': '0', 'upload-sarif': 'false' });
    expect(r.summary).toMatch(/^### keyscan: no secrets found\n/);
    expect(r.sarif).toBeNull();
  });
});
