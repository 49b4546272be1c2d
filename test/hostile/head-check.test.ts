// "Is it still in HEAD?" is one linear pass over HEAD's blobs, whatever the number of secrets (git grep
// -F -f - with every secret as a pattern took 84 s for 2,000 keys and more than ten minutes for 30,000),
// and after a rename it names the file where HEAD holds the secret now.
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('the still-in-HEAD check at scale', () => {
  it('20,000 distinct keys in one committed file: every one committed (dir) and still in HEAD (git)', () => {
    const keys = Array.from({ length: 20_000 }, () => openaiProjectKey());
    expect(new Set(keys).size).toBe(keys.length);
    const repo = makeRepo([{ files: { 'keys.env': keys.map((k, i) => `OPENAI_API_KEY_${i}=${k}\n`).join('') } }]);
    dirs.push(repo);
    // One key deleted from HEAD: it must come back as not committed / deleted, the rest as held.
    const dropped = keys[123];
    writeFiles(repo, { 'keys.env': keys.map((k, i) => (k === dropped ? '' : `OPENAI_API_KEY_${i}=${k}\n`)).join(''), 'extra.env': `OPENAI_API_KEY=${dropped}\n` });
    commit(repo, { files: {} }, 1);
    writeFiles(repo, { 'extra.env': null });
    commit(repo, { files: {} }, 2);

    const dir = cli(['dir', '--format', 'json'], { cwd: repo, timeoutMs: 240_000 });
    expect(dir.timedOut).toBe(false);
    expect(dir.code, dir.stderr).toBe(1);
    const tree = json(dir.stdout).findings;
    expect(tree).toHaveLength(keys.length - 1);
    expect(tree.every((f) => f.committed === true)).toBe(true);

    const history = cli(['git', '--format', 'json'], { cwd: repo, timeoutMs: 240_000 });
    expect(history.timedOut).toBe(false);
    expect(history.code, history.stderr).toBe(1);
    const found = json(history.stdout).findings;
    const gone = found.filter((f) => f.stillInHead === false);
    const held = found.filter((f) => f.stillInHead === true);
    // The dropped key: its finding in keys.env (first commit) and in extra.env, both deleted since.
    expect(gone.length).toBeGreaterThanOrEqual(1);
    expect(gone.every((f) => ['keys.env', 'extra.env'].includes(f.file))).toBe(true);
    expect(held).toHaveLength(keys.length - 1);
    expect(held.every((f) => f.history === 'still in HEAD' && f.headFiles.join() === 'keys.env')).toBe(true);
  }, 300_000);
});

describe('still in HEAD names where HEAD holds it now', () => {
  it('a pure rename: the finding keeps the path it was added at and names the new one', () => {
    const key = openaiProjectKey();
    const repo = makeRepo([{ files: { 'config/old.env': `OPENAI_API_KEY=${key}\n` } }]);
    dirs.push(repo);
    git(repo, ['mv', 'config/old.env', 'settings.env']);
    commit(repo, { files: {} }, 1);

    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const [f] = json(r.stdout).findings;
    expect(f).toMatchObject({ file: 'config/old.env', stillInHead: true, history: 'still in HEAD at settings.env', headFiles: ['settings.env'] });

    const human = cli(['git'], { cwd: repo });
    expect(human.stdout).toMatch(/^config\/old\.env:1:\d+ .* in [0-9a-f]{7}, still in HEAD at settings\.env$/m);
    const verbose = cli(['git', '--verbose'], { cwd: repo });
    expect(verbose.stdout).toMatch(/in HEAD +yes: now at settings\.env/);
    const junit = cli(['git', '--format', 'junit'], { cwd: repo });
    expect(junit.stdout).toContain('in HEAD: yes at settings.env');
    const sarif = cli(['git', '--format', 'sarif'], { cwd: repo });
    expect(sarif.stdout).toContain('now in HEAD at settings.env');
  });

  it('a copy keeps "still in HEAD" plain and lists both files; a deleted key is not in HEAD', () => {
    const key = githubToken();
    const other = githubToken();
    const repo = makeRepo([{ files: { 'a.env': `GITHUB_TOKEN=${key}\n`, 'b.env': `GITHUB_TOKEN=${other}\n` } }]);
    dirs.push(repo);
    commit(repo, { files: { 'copy.env': `GITHUB_TOKEN=${key}\n`, 'b.env': null } }, 1);
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const byFile = Object.fromEntries(json(r.stdout).findings.map((f) => [f.file, f]));
    expect(byFile['a.env']).toMatchObject({ stillInHead: true, history: 'still in HEAD', headFiles: ['a.env', 'copy.env'] });
    expect(byFile['b.env']).toMatchObject({ stillInHead: false, history: 'deleted but still in history' });
    expect(byFile['b.env'].headFiles).toBeUndefined();
  });

  it('a key that HEAD holds only inside a binary file is not "in HEAD": binary as keyscan reads files', () => {
    const key = openaiProjectKey();
    const repo = makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${key}\n` } }]);
    dirs.push(repo);
    // Mostly NUL and control bytes: keyscan skips it as binary when it reads files, so HEAD does not hold the key.
    const binary = Buffer.concat([Buffer.alloc(4000, 0), Buffer.from(`x ${key} y`), Buffer.alloc(4000, 1)]);
    commit(repo, { files: { 'a.env': null, 'blob.bin': binary } }, 1);
    const r = cli(['git', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const findings = json(r.stdout).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'a.env', stillInHead: false });
  });

  it('a key HEAD holds in text keyscan reads (one NUL near the start, BOM-less UTF-16) is "in HEAD", not "deleted"', () => {
    const [k1, k2] = [openaiProjectKey(), openaiProjectKey()];
    const repo = makeRepo([
      {
        files: {
          'nul.env': Buffer.from(`A=1\0\nOPENAI_API_KEY=${k1}\n`),
          'wide.env': Buffer.from(`# 配置\nOPENAI_API_KEY=${k2}\n`, 'utf16le'),
        },
      },
    ]);
    dirs.push(repo);
    const hist = cli(['git', '--format', 'json'], { cwd: repo });
    expect(hist.code, hist.stderr).toBe(1);
    const byFile = Object.fromEntries(json(hist.stdout).findings.map((f) => [f.file, f]));
    expect(byFile['nul.env']).toMatchObject({ stillInHead: true, history: 'still in HEAD' });
    expect(byFile['wide.env']).toMatchObject({ stillInHead: true, history: 'still in HEAD' });
    expect(hist.stderr + hist.stdout).not.toMatch(/deleted but still in history/);
    const dir = cli(['dir', '--verbose'], { cwd: repo });
    expect(dir.stdout).not.toMatch(/not committed/);
  });
});
