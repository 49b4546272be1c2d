// What every scanning command shares: the common options, and the one way a scan runs and ends.
import type { Argv } from 'yargs';
import { budgetMsFromSeconds, DEFAULT_BUDGET_MS } from '../engine/budget.js';
import { DEFAULT_DECODE_DEPTH } from '../engine/deep-scan.js';
import { formatProfile } from '../engine/profile.js';
import { KeyscanError } from '../errors.js';
import { blocking, exitCode, notBlockingNote, runPipeline, type PipelineResult, type PipelineSettings } from '../pipeline/index.js';
import { FORMATS, type Format } from '../reporters/index.js';
import type { Source } from '../sources/source.js';
import type { Confidence, Finding } from '../types.js';
import type { Io } from './io.js';
import { discardOutputFile } from './output-file.js';
import { redactReport } from './redact-text.js';
import { emitReport } from './report.js';
import { testOriginFrom } from '../verify/run.js';

export interface CommonArgs {
  format: Format;
  output?: string;
  /** Also write a SARIF report to FILE, from the same scan (the GitHub action: SARIF and a summary). */
  sarifOutput?: string;
  config?: string;
  baseline?: string;
  reportUnused?: boolean;
  redact: boolean;
  /** --color / --no-color; undefined: decided by the environment and the terminal (color.ts). */
  color?: boolean;
  /** Human report: a block per secret. */
  verbose?: boolean;
  /** Human report: the finding lines only. */
  quiet?: boolean;
  debug?: boolean;
  /** Seconds one rule may spend on one piece of text. */
  timeBudget?: number;
  /** Layers of encoding to look through (0: none). */
  decodeDepth?: number;
  /** Scanning threads, the main one included (default one per core, at most 4). */
  threads?: number;
  /** Time every rule and print the costliest to stderr (forces one thread). */
  profileRules?: boolean;
  /** Ask each provider whether the key is live. */
  verify?: boolean;
  /** Report only keys the provider says are live (implies --verify). */
  onlyLive?: boolean;
  /** Findings below this confidence are left out of the report (default low: everything). */
  minConfidence?: Confidence;
  /** The lowest confidence that makes the exit status 1 (default low; medium for staged and ci). */
  failOn?: Confidence;
}

export const CONFIDENCE_LEVELS: Confidence[] = ['low', 'medium', 'high'];

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option('format', { alias: 'f', choices: FORMATS, default: 'human' as Format, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE instead of standard output' })
    .option('sarif-output', { type: 'string', describe: 'also write a SARIF report to FILE, from the same scan (the report itself keeps --format)' })
    .option('config', { alias: 'c', type: 'string', describe: 'configuration file (default .keyscan.yaml at the scanned root)' })
    .option('baseline', { type: 'string', describe: 'report only findings whose fingerprint is not in FILE' })
    .option('report-unused', { type: 'boolean', default: false, describe: 'list baseline and allow.secrets entries that match nothing' })
    .option('redact', { type: 'boolean', default: true, describe: 'hide secrets in every output (--no-redact prints them in full)' })
    .option('color', { type: 'boolean', describe: 'colour in the human report (default: on a terminal, unless NO_COLOR, FORCE_COLOR=0 or TERM=dumb)' })
    .option('verbose', { type: 'boolean', describe: 'human report: a block per secret (every place, commits, exposure, steps)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'human report: the finding lines only', conflicts: 'verbose' })
    .option('time-budget', {
      type: 'number',
      default: DEFAULT_BUDGET_MS / 1000,
      describe: 'seconds one rule may spend on one file or chunk before it is stopped (the scan then reports itself incomplete)',
    })
    .option('decode-depth', {
      type: 'number',
      default: DEFAULT_DECODE_DEPTH,
      describe: 'layers of encoding (base64, hex, percent, string escapes) to decode and scan again; 0 switches decoding off',
    })
    .option('threads', { type: 'number', describe: 'scanning threads for large scans, the main one included (default: one per core, at most 4; each extra thread adds about 30-50 MB of memory)' })
    .option('profile-rules', {
      type: 'boolean',
      default: false,
      describe: 'time every rule and print the 20 costliest to stderr at the end (rule ids and figures only; scans on one thread)',
    })
    .option('verify', {
      type: 'boolean',
      default: false,
      describe: "ask each key's provider, with one read-only request to its own API host, whether the key is live (the only option that reaches the network)",
    })
    .option('only-live', { type: 'boolean', default: false, describe: 'report only keys the provider says are live (implies --verify)' })
    .option('min-confidence', {
      choices: CONFIDENCE_LEVELS,
      default: 'low' as Confidence,
      describe: 'report only findings of at least this confidence (low: test data, docs and examples; medium: generic; high: provider formats)',
    })
    .option('fail-on', {
      choices: CONFIDENCE_LEVELS,
      describe: 'the lowest confidence that makes the exit status 1 (default low; staged and ci: medium, so examples in tests and docs are shown but do not block)',
    }) as unknown as Argv<
    T & CommonArgs
  >;
}

/** What every scanning command passes the pipeline from its common options. */
export function pipelineSettings(args: CommonArgs, io: Io): PipelineSettings {
  const timeBudgetMs = args.timeBudget === undefined ? DEFAULT_BUDGET_MS : budgetMsFromSeconds(args.timeBudget);
  if (timeBudgetMs === null) throw new KeyscanError(`invalid --time-budget ${String(args.timeBudget)}: expected a number of seconds above 0`);
  const verify = args.verify || args.onlyLive ? { onlyLive: args.onlyLive ?? false, testOrigin: testOriginFrom(io.env) } : undefined;
  const decodeDepth = args.decodeDepth === undefined ? DEFAULT_DECODE_DEPTH : Number(args.decodeDepth);
  if (!Number.isInteger(decodeDepth) || decodeDepth < 0 || decodeDepth > 8) {
    throw new KeyscanError(`invalid --decode-depth ${String(args.decodeDepth)}: expected a whole number from 0 to 8`);
  }
  const threads = args.threads === undefined ? undefined : Number(args.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) {
    throw new KeyscanError(`invalid --threads ${String(args.threads)}: expected a whole number from 1 to 64`);
  }
  for (const [option, level] of [['--min-confidence', args.minConfidence], ['--fail-on', args.failOn]] as const) {
    if (level !== undefined && !CONFIDENCE_LEVELS.includes(level)) throw new KeyscanError(`invalid ${option} ${String(level)}: expected low, medium or high`);
  }
  return {
    cwd: io.cwd,
    config: args.config,
    baseline: args.baseline,
    reveal: !args.redact,
    reportUnused: args.reportUnused ?? false,
    timeBudgetMs,
    decodeDepth,
    verify,
    threads,
    profileRules: args.profileRules ?? false,
    minConfidence: args.minConfidence ?? 'low',
  };
}

/**
 * Every scanning command ends here: run the pipeline over the source, render the report, and return
 * its exit code. `finish` runs once the report is built (before it is printed) and returns what to
 * print after it (a blocked-commit message, purge instructions), or that and whether it hid the report.
 * Notes go to stderr before the report, unless the report itself shows them there (the human report
 * on standard output, not --quiet): the pre-push hook said its range twice. What cost coverage is
 * said last, in one line.
 */
/** What a command's `finish` returns: text to print after the report, and whether it hid the report. */
export type Finish = string | null | { after: string | null; reportHidden: boolean };

export async function runScan(
  source: Source,
  args: CommonArgs,
  io: Io,
  finish?: (result: PipelineResult, failOn: Confidence) => Promise<Finish> | Finish,
  failOnDefault: Confidence = 'low',
): Promise<number> {
  const failOn = args.failOn ?? failOnDefault;
  // A run that fails before its report is written leaves no older report that could pass for it.
  const result = await runPipeline(source, pipelineSettings(args, io)).catch(async (err: unknown) => {
    await discardOutputFile(io.cwd, args.output);
    await discardOutputFile(io.cwd, args.sarifOutput);
    throw err;
  });
  // Paths, author names and notes can hold a whole secret (a file named after its key).
  const report = args.redact ? redactReport(result.report, result.ruleSet) : result.report;
  const lost = report.summary.incomplete ?? [];
  const lostSet = new Set(lost);
  const finished = finish ? await finish({ ...result, report }, failOn) : null;
  const after = finished && typeof finished === 'object' ? finished.after : finished;
  const reportHidden = !!finished && typeof finished === 'object' && finished.reportHidden;
  const reportShowsNotes = args.format === 'human' && !args.output && !args.quiet && !reportHidden;
  if (!reportShowsNotes) for (const note of report.summary.notes) if (!lostSet.has(note)) io.stderr.write(`keyscan: ${note}\n`);
  await emitReport(report, result.ruleSet, args, io, source.root);
  if (after) io.stderr.write(after);
  if (result.profile) io.stderr.write(formatProfile(result.profile));
  if (lost.length > 0) {
    const more = lost.length > 1 ? ` (and ${lost.length - 1} more problem(s): see the summary)` : '';
    io.stderr.write(`keyscan: incomplete scan: ${lost[0]}${more}\n`);
  }
  return exitCode(report, failOn);
}

/**
 * After the report of a hook or CI run: the blocked message for the findings that block, or, when
 * findings were shown but none blocks, a note saying so.
 */
export function blockOrNote(findings: readonly Finding[], failOn: Confidence, blocked: ((f: Finding[]) => string) | null): string | null {
  const blockers = blocking(findings, failOn);
  if (blockers.length > 0) return blocked ? blocked(blockers) : null;
  return findings.length > 0 ? notBlockingNote(findings.length, failOn) : null;
}
