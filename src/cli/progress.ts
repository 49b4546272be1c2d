// History progress on stderr. On a terminal: one line redrawn in place with the share done and an
// estimate of the time left. Elsewhere (a CI log): a plain line every 10 seconds, so a long scan shows
// it is alive without flooding the log; a scan shorter than that prints nothing.
import type { Progress } from '../sources/history.js';
import type { Io } from './io.js';

export interface ProgressOptions {
  /** The clock, in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** Off a terminal: at most one line per this many milliseconds (default 10,000). */
  interval?: number;
}

export interface ProgressLine {
  update(p: Progress): void;
  /** The number of commits to scan, once git has counted them. */
  total(n: Promise<number> | number): void;
  clear(): void;
}

export const LOG_INTERVAL_MS = 10_000;

/** 75 s → "1m 15s", 3,700 s → "1h 2m". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** "1234/5000 commits (24%), 120 blobs, 3.1 MB/s, about 1m 20s left" (the share and time once the total is known). */
export function progressText(p: Progress, of: number, elapsedMs: number): string {
  const secs = Math.max(0.001, elapsedMs / 1000);
  const parts = [of ? `${p.commits}/${of} commits (${Math.min(100, Math.floor((p.commits / of) * 100))}%)` : `${p.commits} commits`];
  if (p.blobs) parts.push(`${p.blobs} blobs`);
  parts.push(`${(p.bytes / 1048576 / secs).toFixed(1)} MB/s`);
  if (of && p.commits > 0 && p.commits < of) parts.push(`about ${duration((secs * (of - p.commits)) / p.commits)} left`);
  return parts.join(', ');
}

export function progressLine(io: Io, options: ProgressOptions = {}): ProgressLine {
  const now = options.now ?? Date.now;
  const interval = options.interval ?? LOG_INTERVAL_MS;
  const tty = !!io.stderr.isTTY;
  const started = now();
  let of = 0;
  let shown = false;
  let lastLine = started;
  return {
    total(n) {
      if (typeof n === 'number') of = n;
      else void n.then((v) => (of = v)).catch(() => undefined);
    },
    update(p) {
      const t = now();
      if (tty) {
        io.stderr.write(`\r\x1b[Kkeyscan: ${progressText(p, of, t - started)}`);
        shown = true;
      } else if (t - lastLine >= interval) {
        lastLine = t;
        io.stderr.write(`keyscan: ${progressText(p, of, t - started)}\n`);
      }
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
