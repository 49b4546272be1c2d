// History progress: on a terminal the share done and the time left, redrawn in place; off a terminal
// (a CI log) one plain line per interval, none for a short scan. A fake clock drives it: no test here
// waits or reads the wall time.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { duration, progressLine, progressText } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';
import { makeRepo, removeDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function io(tty: boolean, cwd = '.'): { io: Io; err: () => string } {
  let err = '';
  return {
    io: {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (err += t), isTTY: tty },
      stdin: Readable.from([]),
      cwd,
      env: {},
    },
    err: () => err,
  };
}

const MB = 1048576;

describe('history progress', () => {
  it('says the share done and the time left', () => {
    expect(progressText({ commits: 250, bytes: 10 * MB, blobs: 0 }, 1000, 5000)).toBe('250/1000 commits (25%), 2.0 MB/s, about 15s left');
    expect(progressText({ commits: 100, bytes: 0, blobs: 7 }, 10_000, 60_000)).toBe('100/10000 commits (1%), 7 blobs, 0.0 MB/s, about 1h 39m left');
    // Before git has counted the commits: no share, no estimate.
    expect(progressText({ commits: 40, bytes: 2 * MB, blobs: 0 }, 0, 1000)).toBe('40 commits, 2.0 MB/s');
    expect(progressText({ commits: 1000, bytes: MB, blobs: 0 }, 1000, 1000)).toBe('1000/1000 commits (100%), 1.0 MB/s');
    expect([duration(0), duration(75), duration(3700)]).toEqual(['0s', '1m 15s', '1h 1m']);
  });

  it('on a terminal: redrawn in place on every update, and cleared at the end', () => {
    let t = 0;
    const m = io(true);
    const p = progressLine(m.io, { now: () => t });
    p.total(400);
    t = 2000;
    p.update({ commits: 100, bytes: 4 * MB, blobs: 0 });
    t = 4000;
    p.update({ commits: 200, bytes: 8 * MB, blobs: 0 });
    p.clear();
    expect(m.err()).toBe(
      '\r\x1b[Kkeyscan: 100/400 commits (25%), 2.0 MB/s, about 6s left' + '\r\x1b[Kkeyscan: 200/400 commits (50%), 2.0 MB/s, about 4s left' + '\r\x1b[K',
    );
  });

  it('off a terminal: one plain line per interval, nothing for a short scan, no escape codes', () => {
    let t = 0;
    const m = io(false);
    const p = progressLine(m.io, { now: () => t, interval: 10_000 });
    p.total(1000);
    for (let i = 1; i <= 100; i++) {
      t = i * 250; // an update every 250 ms for 25 s
      p.update({ commits: i * 10, bytes: i * MB, blobs: 0 });
    }
    p.clear();
    const lines = m.err().split('\n').filter(Boolean);
    expect(lines).toEqual(['keyscan: 400/1000 commits (40%), 4.0 MB/s, about 15s left', 'keyscan: 800/1000 commits (80%), 4.0 MB/s, about 5s left']);
    expect(m.err()).not.toContain('\x1b');

    const short = io(false);
    const q = progressLine(short.io, { now: () => t, interval: 10_000 });
    t += 9_999;
    q.update({ commits: 5, bytes: 1, blobs: 0 });
    expect(short.err()).toBe('');
  });

  it('keyscan git on a terminal shows it and leaves the line clean', async () => {
    const repo = makeRepo([{ files: { 'a.txt': 'one\n' } }, { files: { 'b.txt': 'two\n' } }, { files: { 'c.txt': 'three\n' } }]);
    dirs.push(repo);
    const m = io(true, repo);
    expect(await run(['git'], m.io)).toBe(0);
    expect(m.err()).toMatch(/\r\x1b\[Kkeyscan: 3(\/3 commits \(100%\))?( commits)?, /);
    expect(m.err().endsWith('\r\x1b[K')).toBe(true);
  });
});
