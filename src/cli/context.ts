// What every scanning command shares: the parsed common options, the config and the compiled rules.
import type { Argv } from 'yargs';
import { loadConfig, type Config } from '../config.js';
import type { RuleSet } from '../engine/compile.js';
import { FORMATS, type Format } from '../reporters/index.js';
import { builtinRuleSet } from '../rules.js';
import { Tally } from '../sources/tally.js';
import type { Io } from './io.js';
import { buildReport, emitReport, type OutputArgs, type ScanResult } from './report.js';
import type { Match } from '../types.js';

export interface CommonArgs {
  format: Format;
  output?: string;
  config?: string;
  baseline?: string;
  redact: boolean;
  color: boolean;
  debug?: boolean;
}

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option('format', { alias: 'f', choices: FORMATS, default: 'human' as Format, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE instead of standard output' })
    .option('config', { alias: 'c', type: 'string', describe: 'configuration file (default .keyscan.yaml at the scanned root)' })
    .option('baseline', { type: 'string', describe: 'report only findings whose fingerprint is not in FILE' })
    .option('redact', { type: 'boolean', default: true, describe: 'hide secrets in every output (--no-redact prints them in full)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour in the human report when writing to a terminal (--no-color)' }) as unknown as Argv<
    T & CommonArgs
  >;
}

export interface ScanContext {
  io: Io;
  root: string;
  config: Config;
  ruleSet: RuleSet;
  tally: Tally;
  started: number;
}

export function prepareScan(args: CommonArgs, io: Io, root: string): ScanContext {
  const started = Date.now();
  const config = loadConfig(root, args.config);
  const ruleSet = builtinRuleSet(config.allowRules, config.rules);
  return { io, root, config, ruleSet, tally: new Tally(), started };
}

function outputArgs(args: CommonArgs): OutputArgs {
  return { format: args.format, output: args.output, redact: args.redact, color: args.color, baseline: args.baseline };
}

/** Finish a scan: report it and return the exit code. Notes go to stderr as well as the summary. */
export async function finishScan(ctx: ScanContext, args: CommonArgs, matches: Match[], target: string): Promise<number> {
  const result: ScanResult = { matches, tally: ctx.tally, target, started: ctx.started, root: ctx.root };
  const report = buildReport(result, ctx.ruleSet, outputArgs(args));
  for (const note of ctx.tally.notes) ctx.io.stderr.write(`keyscan: ${note}\n`);
  return emitReport(report, ctx.ruleSet, outputArgs(args), ctx.io);
}
