// The shared end of every scanning command: findings → baseline → report → exit code.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../engine/compile.js';
import { applyBaseline, loadBaseline } from '../findings/baseline.js';
import { render, type Format } from '../reporters/index.js';
import { summaryOf, toFindings } from '../scan.js';
import type { Tally } from '../sources/tally.js';
import type { Finding, Match, Report } from '../types.js';
import type { Io } from './io.js';

export interface OutputArgs {
  format: Format;
  output?: string;
  redact: boolean;
  color: boolean;
  baseline?: string;
}

let version: string | null = null;
export function packageVersion(): string {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
  version = String(pkg.version);
  return version;
}

export interface ScanResult {
  matches: Match[];
  tally: Tally;
  target: string;
  started: number;
  /** Root that a default baseline is looked up in. */
  root: string;
}

/** Build the report for a finished scan (baseline applied). */
export function buildReport(result: ScanResult, ruleSet: RuleSet, args: OutputArgs): Report {
  let findings: Finding[] = toFindings(result.matches, !args.redact);
  const baseline = loadBaseline(result.root, args.baseline);
  if (baseline) {
    const before = findings.length;
    findings = applyBaseline(findings, baseline.fingerprints);
    if (before !== findings.length) result.tally.note(`${before - findings.length} finding(s) suppressed by the baseline ${baseline.path}`);
  }
  return {
    version: 1,
    findings,
    summary: summaryOf(result.target, result.tally, ruleSet.rules.length, findings.length, result.started),
  };
}

/** Print or write the report; return the exit code (0 clean, 1 findings). */
export async function emitReport(report: Report, ruleSet: RuleSet, args: OutputArgs, io: Io): Promise<number> {
  const color = args.color && !args.output && !!io.stdout.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
  const text = render(args.format, report, {
    color,
    version: packageVersion(),
    rules: new Map(ruleSet.rules.map((r) => [r.id, r])),
  });
  if (args.output) {
    const path = resolve(io.cwd, args.output);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    const n = report.findings.length;
    io.stderr.write(`keyscan: ${n === 0 ? 'no secrets found' : `${n} finding(s)`}; report written to ${args.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return report.findings.length > 0 ? 1 : 0;
}
