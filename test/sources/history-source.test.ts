// The history source on a real repository: several git processes share the commits (each read once), and
// it tells the pipeline early how much text the whole history will bring (so threads start early).
import { afterAll, describe, expect, it } from 'vitest';
import { commitRanges, historySource, selectRevisions } from '../../src/sources/history.js';
import { COMMIT_MESSAGE } from '../../src/sources/history-meta.js';
import { Tally } from '../../src/sources/tally.js';
import { randomString } from '../helpers/fakes.js';
import { fastImport, git, makeRepo, removeDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('history source', () => {
  it('reads every commit once with several git processes and estimates the whole text after 200 commits', async () => {
    const dir = makeRepo();
    dirs.push(dir);
    let stream = '';
    for (let c = 1; c <= 600; c++) {
      const text = `line ${c} ${randomString(200)}\n`;
      const time = 1600000000 + c * 60;
      stream += `commit refs/heads/main\nmark :${c}\nauthor A <a@example.com> ${time} +0000\ncommitter A <a@example.com> ${time} +0000\ndata ${`c${c}`.length}\nc${c}\n${c > 1 ? `from :${c - 1}\n` : ''}M 100644 inline f${c % 7}.txt\ndata ${text.length}\n${text}\n`;
    }
    fastImport(dir, `${stream}done\n`);
    const totals: number[] = [];
    const source = historySource(dir, await selectRevisions(dir, {}), () => '', { jobs: 3, onTotal: (n) => totals.push(n) });
    const ctx = { tally: new Tally(), allowPaths: [], leftOut: () => false, matchedBlobs: new Set<string>() };
    const seen = new Map<string, number>();
    let chars = 0;
    let early = 0;
    for await (const f of source.fragments(ctx)) {
      if (f.path === COMMIT_MESSAGE) continue;
      seen.set(f.commit!.sha, (seen.get(f.commit!.sha) ?? 0) + 1);
      chars += f.text.length;
      if (seen.size === 300 && early === 0) early = source.expectedChars!();
    }
    expect(seen.size).toBe(600);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // Halfway through, the estimate is about the whole (every commit adds one line of ~210 characters).
    expect(early).toBeGreaterThan(chars * 0.8);
    expect(early).toBeLessThan(chars * 1.2);
    expect(source.expectedChars!()).toBe(chars);
    // The progress line's total comes from the commit list the processes share.
    expect(totals).toEqual([600]);
    // With one process, from a count of its own.
    const single: number[] = [];
    const one = historySource(dir, await selectRevisions(dir, {}), () => '', { jobs: 1, onTotal: (n) => single.push(n) });
    for await (const f of one.fragments(ctx)) void f;
    await new Promise((r) => setTimeout(r, 200));
    expect(single).toEqual([600]);
  });

  it('reads every commit once with two processes from opposite ends, merges and side branches included, whatever the size', async () => {
    // main: `size` commits; topic forks at a third, adds its own, and is merged back at two thirds (the merge
    // adds a line of its own); old forks at a quarter and is never merged. Each non-merge commit adds one line.
    const build = (size: number): { dir: string; commits: number; lines: number } => {
      const dir = makeRepo();
      dirs.push(dir);
      let stream = '';
      let mark = 0;
      let lines = 0;
      const at = (n: number) => 1600000000 + n * 60;
      const add = (ref: string, from: number | null, n: number, merge: number | null = null): number => {
        const m = ++mark;
        const text = `${ref} ${m} ${randomString(40)}\n`;
        lines++;
        stream += `commit ${ref}\nmark :${m}\nauthor A <a@example.com> ${at(n)} +0000\ncommitter A <a@example.com> ${at(n)} +0000\ndata 2\nc\n`;
        if (from !== null) stream += `from :${from}\n`;
        if (merge !== null) stream += `merge :${merge}\n`;
        stream += `M 100644 inline ${ref.split('/').pop()}${m % 5}.txt\ndata ${text.length}\n${text}\n`;
        return m;
      };
      let main: number | null = null;
      let topic: number | null = null;
      for (let c = 1; c <= size; c++) {
        if (c === Math.ceil(size / 4) && size >= 4) {
          let old = main;
          for (let k = 0; k < 7; k++) old = add('refs/heads/old', old, c * 3 + k);
        }
        if (c === Math.ceil(size / 3) && size >= 3) {
          topic = main;
          for (let k = 0; k < 9; k++) topic = add('refs/heads/topic', topic, c * 3 + k);
        }
        main = add('refs/heads/main', main, c * 3 + 20, c === Math.ceil((2 * size) / 3) && topic !== null ? topic : null);
      }
      fastImport(dir, `${stream}done\n`);
      return { dir, commits: Number(git(dir, ['rev-list', '--count', '--all']).trim()), lines };
    };
    for (const size of [1, 2, 3, 5, 400]) {
      const { dir, commits, lines } = build(size);
      const totals: number[] = [];
      const source = historySource(dir, await selectRevisions(dir, {}), () => '', { jobs: 2, onTotal: (n) => totals.push(n) });
      const ctx = { tally: new Tally(), allowPaths: [], leftOut: () => false, matchedBlobs: new Set<string>() };
      const seen = new Map<string, number>();
      for await (const f of source.fragments(ctx)) if (f.path !== COMMIT_MESSAGE) seen.set(f.text, (seen.get(f.text) ?? 0) + 1);
      expect(source.commits()).toBe(commits);
      expect(seen.size).toBe(lines);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      // No commit list was read: the total is the number of commit messages.
      expect(totals).toEqual([commits]);
    }
  });

  it('cuts the commit list into contiguous ranges, a few per process, every commit in one of them', () => {
    const list = Buffer.from(Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(40, '0')}\n`).join(''));
    const inputs = commitRanges(list, 2);
    expect(inputs).toHaveLength(2);
    const lines = inputs.map((b) => b.toString().trim().split('\n').map(Number));
    expect([...lines[0], ...lines[1]].sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    // 6 ranges of 334 commits: process 0 gets ranges 0, 2, 4.
    expect(lines[0].slice(0, 3)).toEqual([0, 1, 2]);
    expect(lines[0][334]).toBe(668);
    // Few commits: one process, not two.
    expect(commitRanges(list.subarray(0, 41 * 100), 2)).toHaveLength(1);
    expect(commitRanges(Buffer.alloc(0), 2)).toHaveLength(0);
  });
});
