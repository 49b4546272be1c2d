// Sources of text outside git history: folders and files on disk, and standard input.
import type { Readable } from 'node:stream';
import type { Fragment } from '../types.js';
import { filesToFragments, listFiles, type FileEntry } from './dir.js';
import { streamFragments } from './read.js';
import type { Source } from './source.js';

/** How a folder walk leaves things out: .gitignore, dependency folders and package caches (excludes.ts). */
export interface WalkOptions {
  gitignore: boolean;
  defaultExcludes?: boolean;
}

/** Files under each of `targets` (relative to `root`). */
export function dirSource(root: string, targets: string[], describe: string, walk: WalkOptions): Source {
  return {
    root,
    target: () => describe,
    async *fragments(ctx) {
      const files: FileEntry[] = [];
      // One by one: push(...list) overflows the stack at a few hundred thousand files.
      for (const p of targets) for (const f of await listFiles(root, p, { ...walk, leftOut: ctx.leftOut }, ctx.tally)) files.push(f);
      yield* filesToFragments(files, ctx.tally, ctx.leftOut);
      if (files.length === 0) ctx.tally.note('nothing was scanned: no files under the given paths');
      else ctx.tally.noteIfNothingScanned();
    },
  };
}

/** Exactly these files (relative to `root`, which is the working directory). */
export function filesSource(root: string, files: string[]): Source {
  return {
    root,
    target: () => `${files.length} file(s)`,
    async *fragments(ctx) {
      const found: FileEntry[] = [];
      for (const f of files) for (const e of await listFiles(root, f, { gitignore: false, leftOut: ctx.leftOut }, ctx.tally)) found.push(e);
      yield* filesToFragments(found, ctx.tally, ctx.leftOut);
      ctx.tally.noteIfNothingScanned();
    },
  };
}

/** Standard input (or any stream), named `label` in the report. */
export function stdinSource(root: string, stream: Readable, label: string): Source {
  return {
    root,
    target: () => label,
    async *fragments(ctx): AsyncGenerator<Fragment> {
      if (ctx.leftOut(label)) {
        ctx.tally.skip(label, 'left out by allow.paths');
        ctx.tally.noteIfNothingScanned();
        return;
      }
      const gen = streamFragments(stream, { path: label, origin: 'stdin' }, {}, { tally: ctx.tally, leftOut: ctx.leftOut });
      let bytes = 0;
      let step = await gen.next();
      while (!step.done) {
        bytes += Buffer.byteLength(step.value.text.slice(0, step.value.ownTo ?? step.value.text.length));
        yield step.value;
        step = await gen.next();
      }
      if (step.value === 'binary') ctx.tally.skip(label, 'binary');
      else if (step.value === 'text') {
        ctx.tally.filesScanned++;
        ctx.tally.bytesScanned += bytes;
      }
      ctx.tally.noteIfNothingScanned();
    },
  };
}
