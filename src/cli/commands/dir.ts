// keyscan [dir] [PATH...], keyscan files FILE..., keyscan stdin
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeyscanError } from '../../errors.js';
import { collectMatches } from '../../scan.js';
import { filesToFragments, listFiles, type FileEntry } from '../../sources/dir.js';
import { streamFragments } from '../../sources/read.js';
import { finishScan, prepareScan, withCommonOptions, type CommonArgs } from '../context.js';
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
  command: ['dir [paths..]', '$0 [paths..]'],
  describe: 'scan files on disk under each PATH (default .)',
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
    const ctx = prepareScan(args, io, root);
    const files: FileEntry[] = [];
    const targets = paths.length === 1 && root !== io.cwd ? ['.'] : paths;
    for (const p of targets) {
      files.push(...(await listFiles(root, p, { gitignore: args.gitignore, allowPaths: ctx.config.allowPaths, defaultExcludes: args.defaultExcludes }, ctx.tally)));
    }
    const matches = await collectMatches(filesToFragments(files, ctx.tally), ctx.ruleSet, ctx.scanOptions);
    if (files.length === 0) ctx.tally.note('nothing was scanned: no files under the given paths');
    return finishScan(ctx, args, matches, paths.join(' '));
  },
};

interface FilesArgs extends CommonArgs {
  files: string[];
}

export const filesCommand: Command<FilesArgs> = {
  command: 'files <files..>',
  describe: 'scan exactly these files (for lint-staged and the pre-commit framework)',
  builder: (y: Argv) => withCommonOptions(y).positional('files', { type: 'string', array: true, demandOption: true }) as Argv<FilesArgs>,
  async handler(args, io) {
    const ctx = prepareScan(args, io, io.cwd);
    const files: FileEntry[] = [];
    for (const f of args.files) {
      const found = await listFiles(io.cwd, f, { gitignore: false, allowPaths: ctx.config.allowPaths }, ctx.tally);
      files.push(...found);
    }
    const matches = await collectMatches(filesToFragments(files, ctx.tally), ctx.ruleSet, ctx.scanOptions);
    return finishScan(ctx, args, matches, `${args.files.length} file(s)`);
  },
};

interface StdinArgs extends CommonArgs {
  label: string;
}

export const stdinCommand: Command<StdinArgs> = {
  command: 'stdin',
  describe: 'scan standard input',
  builder: (y: Argv) =>
    withCommonOptions(y).option('label', { type: 'string', default: '<stdin>', describe: 'the name of the input in the report' }) as Argv<StdinArgs>,
  async handler(args, io) {
    const ctx = prepareScan(args, io, io.cwd);
    const fragments = streamFragments(io.stdin, { path: args.label, origin: 'stdin' });
    let bytes = 0;
    async function* counted() {
      const gen = fragments;
      let step = await gen.next();
      while (!step.done) {
        bytes += Buffer.byteLength(step.value.text.slice(0, step.value.ownTo ?? step.value.text.length));
        yield step.value;
        step = await gen.next();
      }
      if (step.value === 'binary') ctx.tally.skip(args.label, 'binary');
      else ctx.tally.filesScanned++;
    }
    const matches = await collectMatches(counted(), ctx.ruleSet, ctx.scanOptions);
    ctx.tally.bytesScanned += bytes;
    return finishScan(ctx, args, matches, args.label);
  },
};
