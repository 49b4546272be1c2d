// The queue between git's output and the scan: the consumer lets I/O in while it works through what is
// queued, and git's output is read ahead of the parser, in order, up to a bound.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Queue, readAhead } from '../../src/sources/queue.js';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('Queue', () => {
  it('gives the event loop a turn while the consumer works through queued items', async () => {
    const queue = new Queue<number>(1000);
    for (let i = 0; i < 20; i++) void queue.push(i);
    queue.end();
    let ioRan = -1;
    let taken = 0;
    setImmediate(() => (ioRan = taken));
    for await (const item of queue.drain()) {
      expect(item).toBe(taken++);
      busy(1);
    }
    expect(taken).toBe(20);
    // Before the fix the immediate ran only once all 20 items (20 ms of work) were taken.
    expect(ioRan).toBeGreaterThan(0);
    expect(ioRan).toBeLessThan(10);
  });
});

describe('readAhead', () => {
  it('yields a child process output whole and in order, pausing it while too much is unread', async () => {
    // 8 MB from a real process, numbered lines so order and completeness show.
    const child = spawn(process.execPath, ['-e', "let s = ''; for (let i = 0; i < 400000; i++) { s += String(i).padStart(19, '0') + '\\n'; if (s.length > 65536) { process.stdout.write(s); s = ''; } } process.stdout.write(s)"]);
    const parts: Buffer[] = [];
    let paused = false;
    let first = true;
    for await (const chunk of readAhead(child.stdout, 1 << 20)) {
      if (first) {
        // Stall once: the child writes on until 1 MB is read ahead, then is paused.
        first = false;
        await new Promise((r) => setTimeout(r, 1000));
        paused = child.stdout.isPaused();
      }
      parts.push(chunk);
    }
    const text = Buffer.concat(parts).toString('latin1');
    expect(text.length).toBe(400000 * 20);
    const lines = text.split('\n');
    expect(lines[0]).toBe('0'.repeat(19));
    expect(lines[399999]).toBe('399999'.padStart(19, '0'));
    expect(lines.every((l, i) => l === '' || Number(l) === i)).toBe(true);
    expect(paused).toBe(true);
  });
});
