// Helpers for the hostile-input tests: the built CLI with a time limit (a hang must fail the test,
// not the suite), peak memory through /usr/bin/time, large files written as a stream.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { BIN, GIT_ENV } from '../helpers/repo.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The child was killed at the time limit. */
  timedOut: boolean;
  ms: number;
  /** Peak resident memory in KiB, when measured. */
  maxRssKb?: number;
}

export { GIT_ENV };

const TIME = '/usr/bin/time';
export const canMeasureMemory = existsSync(TIME);

/** Run the built CLI; killed after `timeoutMs` (default 60 s). `measure` wraps it in /usr/bin/time -f %M. */
export function cli(
  args: string[],
  options: { cwd: string; input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number; measure?: boolean; uid?: number; gid?: number },
): Run {
  const measure = options.measure === true && canMeasureMemory;
  const command = measure ? TIME : process.execPath;
  const argv = measure ? ['-f', 'KEYSCAN_MAXRSS=%M', process.execPath, BIN, ...args] : [BIN, ...args];
  const started = Date.now();
  const r = spawnSync(command, argv, {
    cwd: options.cwd,
    input: options.input ?? '',
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  const ms = Date.now() - started;
  let stderr = r.stderr ?? '';
  let maxRssKb: number | undefined;
  if (measure) {
    const m = /KEYSCAN_MAXRSS=(\d+)\s*$/.exec(stderr);
    if (m) {
      maxRssKb = Number(m[1]);
      stderr = stderr.slice(0, m.index);
    }
    // time(1) reports the child's status as its own and adds a line when it was not 0.
    stderr = stderr.replace(/^Command exited with non-zero status \d+\n/m, '');
  }
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL';
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr, timedOut, ms, maxRssKb };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON reports, read field by field in tests
export function json(stdout: string): { version: number; findings: Record<string, any>[]; summary: Record<string, any> } {
  return JSON.parse(stdout);
}

/** Write `total` bytes made of `piece` repeated, then `tail`, as a stream (never whole in memory). */
export async function writeLarge(path: string, piece: string, total: number, tail: string): Promise<number> {
  const out = createWriteStream(path);
  const block = Buffer.from(piece.repeat(Math.max(1, Math.floor((1 << 20) / piece.length))));
  let written = 0;
  let lines = 0;
  const perBlock = block.toString().split('\n').length - 1;
  while (written < total) {
    if (!out.write(block)) await once(out, 'drain');
    written += block.length;
    lines += perBlock;
  }
  out.end(tail);
  await once(out, 'finish');
  return lines;
}

/** Print a measurement (tests never assert on time). */
export function report(label: string, r: Pick<Run, 'ms' | 'maxRssKb'>): void {
  const rss = r.maxRssKb === undefined ? '' : `, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB`;
  console.log(`[hostile] ${label}: ${r.ms} ms${rss}`);
}

/** Run the CLI in this process (no start-up cost): for test matrices. Same exit codes and streams. */
export async function inProcess(args: string[], options: { cwd: string; input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number }): Promise<Run> {
  const { run } = await import('../../src/cli/run.js');
  const { PassThrough } = await import('node:stream');
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...options.env };
  // Never let the CI this suite runs in steer `keyscan ci`.
  for (const key of ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'GITHUB_EVENT_PATH', 'GITHUB_BASE_REF', 'CI_MERGE_REQUEST_DIFF_BASE_SHA']) delete env[key];
  const started = Date.now();
  const code = await run(args, {
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true) },
    stdin,
    cwd: options.cwd,
    env,
  });
  return { code, stdout, stderr, timedOut: false, ms: Date.now() - started };
}
