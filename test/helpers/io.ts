// The CLI in-process: an Io that keeps what run(argv, io) writes, for tests that need no child process.
import { Readable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface MemoryIo {
  io: Io;
  out: () => string;
  err: () => string;
}

export function memoryIo(cwd: string, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      stdin: Readable.from(options.input ? [Buffer.from(options.input)] : []),
      cwd,
      env: options.env ?? {},
    },
    out: () => out,
    err: () => err,
  };
}

/** Run keyscan in-process in `cwd`: the exit code and what it wrote. */
export async function runIn(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIo(cwd, { env });
  const code = await run(argv, m.io);
  return { code, out: m.out(), err: m.err() };
}
