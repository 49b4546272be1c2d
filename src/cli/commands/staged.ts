// keyscan staged: what the next commit will contain. The pre-commit hook runs it on every commit, so
// bin.ts starts the git work first and sends plain `keyscan staged …` here directly (runStagedFast),
// without loading yargs or the other commands; anything cli/fast-args.ts does not know goes through
// the full CLI instead.
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { blockedCommitMessage } from '../../hook/blocked.js';
import { runGit } from '../../sources/git.js';
import { blocking, notBlockingNote } from '../../pipeline/index.js';
import { stagedSource, startStagedRead, type StagedRead } from '../../sources/staged.js';
import { runScan, withCommonOptions, type CommonArgs } from '../context.js';
import { readOptions, runFast } from '../fast-args.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

/**
 * Whether FILE is a regular file, not empty, whose last byte is no newline (anything else: false).
 * Reads one byte: a repository is hostile, and its .gitignore may be huge or a FIFO.
 */
function lastLineUnterminated(file: string): boolean {
  let fd: number | undefined;
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size === 0) return false;
    fd = openSync(file, 'r');
    const last = Buffer.alloc(1);
    return readSync(fd, last, 0, 1, st.size - 1) === 1 && last[0] !== 0x0a;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type StagedArgs = CommonArgs & { files?: string[] };

async function runStaged(args: StagedArgs, io: Io, read: StagedRead = startStagedRead(io.cwd)): Promise<number> {
  try {
    return await scanStaged(args, io, read);
  } finally {
    read.cat.kill(); // already closed after a scan; on any failure it must not keep the process alive
  }
}

async function scanStaged(args: StagedArgs, io: Io, read: StagedRead): Promise<number> {
  const { root, bare } = await read.repo; // first, for the clearer "not a git repository"
  if (bare) throw new KeyscanError('keyscan staged needs a work tree: this is a bare repository');
  // The blocked message says what was found and where (at most 12 lines); the full human report only
  // with --verbose, in another format, or into a file. The hook blocks on medium and high findings;
  // low ones (tests, docs, examples) are shown in full and do not block.
  let hide = false;
  const stdout = { write: (t: string) => hide || io.stdout.write(t), isTTY: io.stdout.isTTY, columns: (io.stdout as { columns?: number }).columns };
  return runScan(
    stagedSource(root, read, args.files && args.files.length > 0 ? args.files.map((f) => relative(root, resolve(io.cwd, f)).split(sep).join('/')) : undefined),
    args,
    { ...io, stdout },
    async ({ report }, failOn) => {
      if (report.findings.length === 0) return null;
      const blockers = blocking(report.findings, failOn);
      if (blockers.length === 0) return notBlockingNote(report.findings.length, failOn);
      hide = args.format === 'human' && !args.output && !args.verbose;
      const envIgnored = (await runGit(root, ['check-ignore', '-q', '--', '.env'], { ok: [0, 1] }).catch(() => ({ code: 1 }))).code === 0;
      return { after: blockedCommitMessage(blockers, { envIgnored, gitignoreUnterminated: !envIgnored && lastLineUnterminated(join(root, '.gitignore')) }), reportHidden: hide };
    },
    'medium',
  );
}

export const stagedCommand: Command<StagedArgs> = {
  builder: (y: Argv) => withCommonOptions(y).positional('files', { type: 'string', array: true, describe: 'only these staged files' }) as Argv<StagedArgs>,
  handler: (args, io) => runStaged(args, io),
};

/** The options of a plain `keyscan staged` command line; null for anything else (help, typos, …). */
export function parseStagedArgs(argv: string[]): StagedArgs | null {
  if (argv[0] !== 'staged') return null;
  const read = readOptions(argv, 1, {}, true);
  if (!read) return null;
  return read.positionals.length > 0 ? { ...read.values, files: read.positionals } : read.values;
}

/**
 * Run `keyscan staged` without the full CLI; null when the command line needs the full CLI.
 * `read` is the git work bin.ts started before loading this module.
 */
export function runStagedFast(argv: string[], io: Io, read?: StagedRead): Promise<number | null> {
  const args = parseStagedArgs(argv);
  if (!args) read?.cat.kill();
  return runFast(argv, io, args, (a) => runStaged(a, io, read));
}
