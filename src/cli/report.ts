// The shared end of every scanning command: findings → baseline → report → exit code.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../engine/compile.js';
import type { AllowedSecret } from '../config.js';
import { loadBaseline, suppress, todayUtc } from '../findings/baseline.js';
import { render, type Format } from '../reporters/index.js';
import { summaryOf, toFindings } from '../scan.js';
import type { Tally } from '../sources/tally.js';
import type { Finding, Match, Report } from '../types.js';
import type { Io } from './io.js';
import { adviseReport, rememberScan } from './advise.js';

export interface OutputArgs {
  format: Format;
  output?: string;
  redact: boolean;
  color: boolean;
  baseline?: string;
  /** List baseline and allow.secrets entries that match nothing (--report-unused). */
  reportUnused?: boolean;
}

/** What prepareScan read for a scan, found again here by its tally (the commands build ScanResult themselves). */
export interface Suppressions {
  allowSecrets: AllowedSecret[];
  reportUnused: boolean;
  /** Where a relative --baseline FILE is resolved. */
  cwd: string;
}
const suppressionsByTally = new WeakMap<Tally, Suppressions>();
export function registerSuppressions(tally: Tally, s: Suppressions): void {
  suppressionsByTally.set(tally, s);
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

/** Build the report for a finished scan (allow.secrets and baseline applied). */
export function buildReport(result: ScanResult, ruleSet: RuleSet, args: OutputArgs): Report {
  const all: Finding[] = toFindings(result.matches, !args.redact);
  const s = suppressionsByTally.get(result.tally);
  const kept = suppress({
    findings: all,
    matches: result.matches,
    allow: s?.allowSecrets ?? [],
    baseline: loadBaseline(result.root, args.baseline, s?.cwd),
    today: todayUtc(),
    reportUnused: args.reportUnused ?? s?.reportUnused ?? false,
  });
  for (const note of kept.notes) result.tally.note(note);
  const findings = kept.findings;
  const report: Report = {
    version: 1,
    findings,
    summary: { ...summaryOf(result.target, result.tally, ruleSet.rules.length, findings.length, result.started), ...kept.summary },
  };
  rememberScan(report, result.matches, result.root);
  return report;
}

/** Print or write the report; return the exit code (0 clean, 1 findings). */
export async function emitReport(scanned: Report, ruleSet: RuleSet, args: OutputArgs, io: Io): Promise<number> {
  const report = await adviseReport(scanned); // git facts, mistakes catalogue, steps for each secret
  const color = args.color && !args.output && !!io.stdout.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
  const columns = args.output ? undefined : (io.stdout as { columns?: number }).columns;
  const text = render(args.format, report, {
    color,
    width: columns ? Math.min(columns, 100) : undefined,
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
