// Suppressions survive history rewrites: after a rebase and after squashes, the inline marker, the
// allow.paths glob, the allow.secrets fingerprint and the baseline all still hold, for the working
// tree and for the history, and rewriting the baseline gives the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { minted, MINTED, openaiProjectKey, secretsIn } from '../helpers/fakes.js';
import { commit, filesUnder, git, keyscan, makeRepo, removeDir, tempDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => {
  const written = dirs.flatMap((d) => filesUnder(d, (name) => name.endsWith('.json')));
  expect(written.length).toBeGreaterThan(3); // the baseline and one per round of baseline --git
  for (const file of written) expect(secretsIn(readFileSync(file, 'utf8'), MINTED), file).toEqual([]);
  dirs.forEach(removeDir);
});

interface JsonReport {
  findings: { rule: string; file: string; fingerprint: string; commit?: string }[];
}
function scan(dir: string, args: string[]): { code: number; report: JsonReport } {
  const r = keyscan([...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBeLessThan(2);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

describe('after a rebase and after squashes', () => {
  it('inline markers, allow.paths, allow.secrets and the baseline still hold, and the baseline does not change', () => {
    const [k1, k2, k3, k4] = [0, 1, 2, 3].map(() => minted(openaiProjectKey()));
    const allowed = fingerprint('openai-project-key', k3, 'src/c.ts');
    const out = tempDir();
    dirs.push(out);
    mkdirSync(join(out, 'hist'));
    writeFileSync(join(out, 'empty-baseline.json'), '{"version": 1, "entries": []}\n');
    writeFileSync(join(out, 'bare.yaml'), 'markers:\n  foreign: true\n');

    const dir = makeRepo([
      {
        message: 'initial',
        files: {
          'src/a.ts': `export const a = "${k1}";\n`,
          'src/b.ts': `export const b = "${k2}"; // keyscan:allow\n`,
          'src/c.ts': `export const c = "${k3}";\n`,
          'vendor/lib.js': `var d = "${k4}";\n`,
          '.keyscan.yaml': `allow:\n  paths: [vendor/**]\n  secrets:\n    - fingerprint: ${allowed}\n      reason: demo account without access\n`,
        },
      },
    ]);
    dirs.push(dir);
    expect(keyscan(['baseline'], { cwd: dir }).code).toBe(0);
    commit(dir, { files: {}, message: 'baseline' }, 1);
    const baseline = readFileSync(join(dir, '.keyscan-baseline.json'), 'utf8');
    const baselined = JSON.parse(baseline).entries.map((e: { fingerprint: string }) => e.fingerprint);
    expect(baselined).toEqual([fingerprint('openai-project-key', k1, 'src/a.ts')]);

    // A feature branch that moves the keys' lines, and a main that moves on.
    git(dir, ['checkout', '-q', '-b', 'feature']);
    commit(dir, { files: { 'src/a.ts': `// header\n\nimport fs from "node:fs";\n\nexport const a = "${k1}";\n` }, message: 'header' }, 2);
    commit(dir, { files: { 'src/b.ts': `// b\n\nexport const b = "${k2}"; // keyscan:allow\n`, 'src/d.ts': 'export const d = 4;\n' } }, 3);
    commit(dir, { files: { 'src/c.ts': `/** c */\nexport const c = "${k3}";\n\nexport const e = 5;\n` } }, 4);
    git(dir, ['checkout', '-q', 'main']);
    commit(dir, { files: { 'README.md': '# demo\n' }, message: 'readme' }, 5);
    git(dir, ['checkout', '-q', 'feature']);

    let round = 0;
    const holds = (label: string) => {
      // Working tree and history: nothing reported.
      expect(scan(dir, []).code, `${label}: tree`).toBe(0);
      expect(scan(dir, ['git']).code, `${label}: history`).toBe(0);
      // Without the baseline and the configuration, the same secrets are there, with the same fingerprints.
      const bare = scan(dir, ['git', '--baseline', join(out, 'empty-baseline.json'), '--config', join(out, 'bare.yaml')]);
      expect(bare.report.findings.map((f) => f.fingerprint).sort(), label).toEqual(
        [...baselined, allowed, fingerprint('openai-project-key', k4, 'vendor/lib.js')].sort(),
      );
      // Rewriting the baseline, from the tree or from the history, gives the same bytes.
      expect(keyscan(['baseline'], { cwd: dir }).code).toBe(0);
      expect(readFileSync(join(dir, '.keyscan-baseline.json'), 'utf8'), `${label}: baseline`).toBe(baseline);
      const fromHistory = join(out, 'hist', `round-${++round}.keyscan-baseline.json`);
      expect(keyscan(['baseline', '--git', '--output', fromHistory], { cwd: dir }).code).toBe(0);
      expect(readFileSync(fromHistory, 'utf8'), `${label}: baseline --git`).toBe(baseline);
      expect(git(dir, ['status', '--porcelain']), label).toBe('');
    };

    holds('before');
    const before = git(dir, ['rev-list', 'main..feature']).trim().split('\n');
    expect(before).toHaveLength(3);

    git(dir, ['rebase', '-q', 'main'], { GIT_COMMITTER_DATE: '2021-01-01T00:00:00Z' });
    const rebased = git(dir, ['rev-list', 'main..feature']).trim().split('\n');
    expect(rebased).toHaveLength(3);
    expect(rebased.filter((sha) => before.includes(sha))).toEqual([]);
    holds('after rebase');

    // Squash the feature branch into one commit on main.
    git(dir, ['reset', '-q', '--soft', 'main']);
    commit(dir, { files: {}, message: 'feature, squashed' }, 6);
    expect(git(dir, ['rev-list', 'main..feature']).trim().split('\n')).toHaveLength(1);
    holds('after squash');

    // Squash the whole history into a single root commit, and drop every other branch.
    git(dir, ['checkout', '-q', '--orphan', 'single']);
    commit(dir, { files: {}, message: 'everything' }, 7);
    git(dir, ['branch', '-q', '-D', 'main', 'feature']);
    expect(git(dir, ['rev-list', '--all']).trim().split('\n')).toHaveLength(1);
    holds('after squashing everything');
  });
});
