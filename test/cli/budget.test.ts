// A custom rule that runs away is stopped by --time-budget in every scanning command alike, and the
// scan then says it is incomplete and exits 2: keyscan dir, git, staged and ci share one pipeline.
import { afterAll, describe, expect, it } from 'vitest';
import { commit, git, keyscan, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// Custom rules run on the linear-time engine, yet this one costs ~100 ms per attempt there (a program of
// 2,000 states run over 3,000 letters, `\b` keeping it off the DFA), an attempt every few lines: many
// seconds unstopped.
const CONFIG = [
  'rules:',
  '  - id: custom-slow',
  '    provider: custom',
  '    title: A slow custom rule',
  '    description: Quadratic per attempt, with an attempt every few lines.',
  '    severity: high',
  '    keywords: [tok_]',
  `    pattern: ${JSON.stringify('(?<secret>tok_[a-z]{0,1000}[a-z]{0,1000}\\b)')}`,
  '',
].join('\n');
const SLOW = `tok_${'a'.repeat(3000)}${'\n'.repeat(5)}`.repeat(300);
const NOT_CI = { GITHUB_ACTIONS: '', GITLAB_CI: '', PRE_COMMIT_FROM_REF: '', PRE_COMMIT_TO_REF: '' };

function expectIncomplete(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(/^keyscan: incomplete scan: rule custom-slow stopped by the time budget \(0\.2 s\) at slow\.txt:\d+/);
  const summary = JSON.parse(r.stdout).summary as { incomplete: string[] };
  expect(summary.incomplete.length).toBeGreaterThanOrEqual(1);
  expect(summary.incomplete[0]).toMatch(/custom-slow stopped by the time budget/);
}

describe('--time-budget in every scanning command', () => {
  const dir = makeRepo([{ files: { '.keyscan.yaml': CONFIG, 'README.txt': 'hello\n' } }]);
  dirs.push(dir);
  const base = git(dir, ['rev-parse', 'HEAD']).trim();
  commit(dir, { files: { 'slow.txt': SLOW } }, 1);
  const budget = ['--format', 'json', '--time-budget', '0.2'];

  it('keyscan dir', () => {
    expectIncomplete(keyscan(['dir', ...budget], { cwd: dir }));
  });

  it('keyscan git', () => {
    expectIncomplete(keyscan(['git', ...budget], { cwd: dir }));
  });

  it('keyscan ci', () => {
    expectIncomplete(keyscan(['ci', '--since', base, ...budget], { cwd: dir, env: NOT_CI }));
  });

  it('keyscan staged', () => {
    writeFiles(dir, { 'slow.txt': `${SLOW}tok_${'b'.repeat(3000)}\n` });
    git(dir, ['add', 'slow.txt']);
    try {
      expectIncomplete(keyscan(['staged', ...budget], { cwd: dir }));
    } finally {
      git(dir, ['reset', '-q', '--hard']);
    }
  });
});
