// What every scanning command shares: the parsed common options, the config and the compiled rules.
import type { Argv } from 'yargs';
import { loadConfig, type Config } from '../config.js';
import { budgetMsFromSeconds, DEFAULT_BUDGET_MS } from '../engine/budget.js';
import type { ScanOptions } from '../engine/scan.js';
import { KeyscanError } from '../errors.js';
import type { RuleSet } from '../engine/compile.js';
import { FORMATS, type Format } from '../reporters/index.js';
import { builtinRuleSet } from '../rules.js';
import { Tally } from '../sources/tally.js';
import type { Io } from './io.js';
import { buildReport, emitReport, registerSuppressions, type OutputArgs, type ScanResult } from './report.js';
import type { Match } from '../types.js';

export interface CommonArgs {
  format: Format;
  output?: string;
  config?: string;
  baseline?: string;
  reportUnused?: boolean;
  redact: boolean;
  color: boolean;
  debug?: boolean;
  /** Seconds one rule may spend on one piece of text. */
  timeBudget?: number;
}

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option('format', { alias: 'f', choices: FORMATS, default: 'human' as Format, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE instead of standard output' })
    .option('config', { alias: 'c', type: 'string', describe: 'configuration file (default .keyscan.yaml at the scanned root)' })
    .option('baseline', { type: 'string', describe: 'report only findings whose fingerprint is not in FILE' })
    .option('report-unused', { type: 'boolean', default: false, describe: 'list baseline and allow.secrets entries that match nothing' })
    .option('redact', { type: 'boolean', default: true, describe: 'hide secrets in every output (--no-redact prints them in full)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour in the human report when writing to a terminal (--no-color)' })
    .option('time-budget', {
      type: 'number',
      default: DEFAULT_BUDGET_MS / 1000,
      describe: 'seconds one rule may spend on one file or chunk before it is stopped (the scan then reports itself incomplete)',
    }) as unknown as Argv<
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
  /** What every fragment is scanned with: markers from the config, the time budget. */
  scanOptions: ScanOptions;
}

export function prepareScan(args: CommonArgs, io: Io, root: string): ScanContext {
  const started = Date.now();
  const config = loadConfig(root, args.config, io.cwd);
  const ruleSet = builtinRuleSet(config.allowRules, config.rules);
  const tally = new Tally();
  registerSuppressions(tally, { allowSecrets: config.allowSecrets, reportUnused: args.reportUnused ?? false, cwd: io.cwd });
  const budgetMs = args.timeBudget === undefined ? DEFAULT_BUDGET_MS : budgetMsFromSeconds(args.timeBudget);
  if (budgetMs === null) throw new KeyscanError(`invalid --time-budget ${String(args.timeBudget)}: expected a number of seconds above 0`);
  const scanOptions: ScanOptions = {
    foreignMarkers: config.foreignMarkers,
    budget: {
      ms: budgetMs,
      now: () => performance.now(),
      onExceeded: (s) =>
        tally.lost(
          `rule ${s.rule} stopped by the time budget (${(budgetMs / 1000).toFixed(1)} s) at ${s.path}:${s.line}: the rest of that text was not checked for it (--time-budget raises the limit)`,
        ),
    },
  };
  return { io, root, config, ruleSet, tally, started, scanOptions };
}

function outputArgs(args: CommonArgs): OutputArgs {
  return { format: args.format, output: args.output, redact: args.redact, color: args.color, baseline: args.baseline, reportUnused: args.reportUnused };
}

/** Finish a scan: report it and return the exit code. Notes go to stderr as well as the summary. */
export async function finishScan(ctx: ScanContext, args: CommonArgs, matches: Match[], target: string): Promise<number> {
  const result: ScanResult = { matches, tally: ctx.tally, target, started: ctx.started, root: ctx.root };
  if (ctx.tally.filesScanned === 0 && !ctx.tally.notes.some((n) => n.startsWith('nothing was scanned'))) {
    const skipped = Object.entries(ctx.tally.skipped).map(([why, n]) => `${n} ${why}`).join(', ');
    ctx.tally.note(`nothing was scanned${skipped ? `: everything was skipped (${skipped})` : ''}`);
  }
  const report = buildReport(result, ctx.ruleSet, outputArgs(args));
  // What cost coverage is said once, last (incompleteExit); the rest of the notes go first.
  for (const note of ctx.tally.notes) if (!ctx.tally.incomplete.includes(note)) ctx.io.stderr.write(`keyscan: ${note}\n`);
  const code = await emitReport(report, ctx.ruleSet, outputArgs(args), ctx.io);
  return incompleteExit(ctx, code);
}

/**
 * A scan that could not cover what it was asked to (unreadable files, a rule stopped by the time
 * budget) must not pass for clean: exit 2, with one line that says why, after the report.
 */
export function incompleteExit(ctx: ScanContext, code: number): number {
  const lost = ctx.tally.incomplete;
  if (lost.length === 0) return code;
  const more = lost.length > 1 ? ` (and ${lost.length - 1} more problem(s): see the summary)` : '';
  ctx.io.stderr.write(`keyscan: incomplete scan: ${lost[0]}${more}\n`);
  return 2;
}
