// keyscan baseline [PATH]: write every current finding, by fingerprint only, to .keyscan-baseline.json
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { BASELINE_FILE, makeBaseline, parseBaseline, renderBaseline } from '../../findings/baseline.js';
import { collectMatches, toFindings } from '../../scan.js';
import { filesToFragments, listFiles } from '../../sources/dir.js';
import { prepareScan, withCommonOptions, type CommonArgs } from '../context.js';
import type { Command } from './types.js';

interface BaselineArgs extends CommonArgs {
  path?: string;
  gitignore: boolean;
}

export const baselineCommand: Command<BaselineArgs> = {
  command: 'baseline [path]',
  describe: `write every current finding, by fingerprint only, to ${BASELINE_FILE}`,
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional('path', { type: 'string', describe: 'folder to scan (default .)' })
      .option('gitignore', { type: 'boolean', default: true }) as Argv<BaselineArgs>,
  async handler(args, io) {
    const root = resolve(io.cwd, args.path ?? '.');
    const ctx = prepareScan(args, io, root);
    const files = await listFiles(root, '.', { gitignore: args.gitignore, allowPaths: ctx.config.allowPaths }, ctx.tally);
    const matches = await collectMatches(filesToFragments(files, ctx.tally), ctx.ruleSet, { foreignMarkers: ctx.config.foreignMarkers });
    const findings = toFindings(matches, false);
    const target = args.output ? resolve(io.cwd, args.output) : join(root, BASELINE_FILE);
    const previous = existsSync(target) ? parseBaseline(readFileSync(target, 'utf8'), target) : [];
    const baseline = makeBaseline(findings, previous);
    await writeFile(target, renderBaseline(baseline));
    io.stderr.write(`keyscan: wrote ${baseline.entries.length} fingerprint(s) to ${args.output ?? join(args.path ?? '.', BASELINE_FILE)}\n`);
    return 0;
  },
};
