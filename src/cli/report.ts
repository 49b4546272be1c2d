// Render a finished report to where the user asked (standard output or --output FILE).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../engine/compile.js';
import { exitCode } from '../pipeline/index.js';
import { render, type Format } from '../reporters/index.js';
import type { Report } from '../types.js';
import { colorWanted } from './color.js';
import type { Io } from './io.js';
import { writeOutputFile } from './output-file.js';

export interface OutputArgs {
  format: Format;
  output?: string;
  /** --color / --no-color; undefined: the environment and the terminal decide (color.ts). */
  color?: boolean;
  /** Human report: a block per secret. */
  verbose?: boolean;
  /** Human report: the finding lines only. */
  quiet?: boolean;
}

let version: string | null = null;
export function packageVersion(): string {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
  version = String(pkg.version);
  return version;
}

/** Print or write the report; return its exit code. */
export async function emitReport(report: Report, ruleSet: RuleSet, args: OutputArgs, io: Io): Promise<number> {
  const color = !args.output && colorWanted(args.color, io.env, !!io.stdout.isTTY);
  // Wrapped to a terminal's width; on a pipe or in a file each finding stays on one line.
  const columns = args.output || !io.stdout.isTTY ? undefined : (io.stdout as { columns?: number }).columns;
  const text = render(args.format, report, {
    color,
    width: columns ? Math.min(columns, 120) : undefined,
    detail: args.verbose ? 'verbose' : args.quiet ? 'quiet' : 'compact',
    version: packageVersion(),
    rules: new Map(ruleSet.rules.map((r) => [r.id, r])),
  });
  if (args.output) {
    await writeOutputFile(io.cwd, args.output, text);
    const n = report.findings.length;
    const clean = (report.summary.incomplete ?? []).length > 0 ? 'incomplete scan, no secrets found in what could be read' : 'no secrets found';
    io.stderr.write(`keyscan: ${n === 0 ? clean : `${n} finding(s)`}; report written to ${args.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return exitCode(report);
}
