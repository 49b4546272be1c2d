// keyscan [dir] [PATH...], keyscan files FILE..., keyscan stdin
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { dirSource, filesSource, stdinSource } from '../../sources/tree.js';
import { runScan, withCommonOptions, type CommonArgs } from '../context.js';
import { readDirArgs, readFilesArgs, runFast } from '../fast-args.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

interface DirArgs extends CommonArgs {
  paths?: string[];
  gitignore: boolean;
  defaultExcludes: boolean;
}

/** The scanned root: the one directory named, else the working directory. */
function rootOf(cwd: string, paths: string[]): string {
  if (paths.length === 1) {
    const abs = resolve(cwd, paths[0]);
    try {
      if (statSync(abs).isDirectory()) return abs;
    } catch {
      throw new KeyscanError(`cannot read ${paths[0]}: no such file or directory`);
    }
  }
  return cwd;
}

export const dirCommand: Command<DirArgs> = {
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional('paths', { type: 'string', array: true, describe: 'files or folders to scan' })
      .option('gitignore', { type: 'boolean', default: true, describe: 'skip files that .gitignore ignores (--no-gitignore scans them)' })
      .option('default-excludes', {
        type: 'boolean',
        default: true,
        describe: 'skip dependency folders and package caches (node_modules/, .venv/, …; --no-default-excludes scans them)',
      }) as unknown as Argv<DirArgs>,
  async handler(args, io) {
    const paths = args.paths && args.paths.length > 0 ? args.paths : ['.'];
    const root = rootOf(io.cwd, paths);
    const targets = paths.length === 1 && root !== io.cwd ? ['.'] : paths;
    return runScan(dirSource(root, targets, paths.join(' '), { gitignore: args.gitignore, defaultExcludes: args.defaultExcludes }), args, io);
  },
};

interface FilesArgs extends CommonArgs {
  files: string[];
}

export const filesCommand: Command<FilesArgs> = {
  builder: (y: Argv) => withCommonOptions(y).positional('files', { type: 'string', array: true, demandOption: true }) as Argv<FilesArgs>,
  handler: (args, io) => runScan(filesSource(io.cwd, args.files), args, io),
};

interface StdinArgs extends CommonArgs {
  label: string;
}

export const stdinCommand: Command<StdinArgs> = {
  builder: (y: Argv) =>
    withCommonOptions(y).option('label', { type: 'string', default: '<stdin>', describe: 'the name of the input in the report' }) as Argv<StdinArgs>,
  handler: (args, io) => runScan(stdinSource(io.cwd, io.stdin, args.label), args, io),
};

/**
 * `keyscan [dir] [PATH...]` and `keyscan files FILE...` without the full CLI (bin.ts); null when the
 * command line needs it (cli/fast-args.ts says which).
 */
export function runScanFast(argv: string[], io: Io): Promise<number | null> {
  const dir = readDirArgs(argv, io.cwd);
  if (dir) return runFast(argv, io, dir, (args) => dirCommand.handler(args, io));
  return runFast(argv, io, readFilesArgs(argv), (args) => filesCommand.handler(args, io));
}
