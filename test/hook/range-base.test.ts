// The base a pushed range is judged from (src/hook/base-config.ts rangeBase), on a real repository: the
// first excluded commit, in the order given, that the pushed tip grows from; else their merge base.
import { afterAll, describe, expect, it } from 'vitest';
import { rangeBase } from '../../src/hook/base-config.js';
import { commit, git, makeRepo, removeDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('rangeBase', () => {
  it('answers as a merge-base --is-ancestor per excluded commit would, in their order, refs or not', async () => {
    const dir = makeRepo(Array.from({ length: 6 }, (_, i) => ({ files: { 'main.txt': `main ${i}\n` } })));
    dirs.push(dir);
    const sha = (rev: string) => git(dir, ['rev-parse', rev]).trim();
    const main = sha('HEAD');
    const older = sha('HEAD~2');
    // 30 remote branches that went their own way from HEAD~4, and one that is main.
    git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~4']);
    const sides: string[] = [];
    for (let i = 0; i < 30; i++) {
      sides.push(commit(dir, { files: { 'side.txt': `side ${i}\n` } }));
      git(dir, ['update-ref', `refs/remotes/origin/b${String(i).padStart(2, '0')}`, 'HEAD']);
    }
    git(dir, ['update-ref', 'refs/remotes/origin/main', main]);
    git(dir, ['tag', '-a', '-m', 'release', 'v1', older]);
    git(dir, ['checkout', '-q', '-b', 'feature', main]);
    const tip = commit(dir, { files: { 'feature.txt': 'x\n' } });
    const not = (shas: string[]) => shas.map((s) => `^${s}`);

    // A new branch: every remote branch excluded, main's last.
    expect(await rangeBase(dir, [tip, ...not([...sides, main])])).toBe(main);
    // The order given decides between two the tip grows from: a commit only a tag points at, first.
    expect(await rangeBase(dir, [tip, ...not([...sides, older, main])])).toBe(older);
    // A commit no ref points at is asked of git on its own.
    const bare = sha(`${main}~1`);
    expect(await rangeBase(dir, [tip, ...not([sides[0], bare, main])])).toBe(bare);
    // None the tip grows from: their merge base with it.
    expect(await rangeBase(dir, [tip, ...not(sides.slice(0, 5))])).toBe(sha(`${main}~4`));
    // One excluded commit: asked directly.
    expect(await rangeBase(dir, [tip, `^${main}`])).toBe(main);
    expect(await rangeBase(dir, [tip])).toBeNull();
  });
});
