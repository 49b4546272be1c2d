// Render a finished report to where the user asked (standard output or --output FILE).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../engine/compile.js';
import { exitCode } from '../pipeline/index.js';
import { render, type Format } from '../reporters/index.js';
import type { Report } from '../types.js';
import type { Io } from './io.js';
import { writeOutputFile } from './output-file.js';

export interface OutputArgs {
  format: Format;
  output?: string;
  color: boolean;
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
  const color = args.color && !args.output && !!io.stdout.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
  const columns = args.output ? undefined : (io.stdout as { columns?: number }).columns;
  const text = render(args.format, report, {
    color,
    width: columns ? Math.min(columns, 100) : undefined,
    version: packageVersion(),
    rules: new Map(ruleSet.rules.map((r) => [r.id, r])),
  });
  if (args.output) {
    await writeOutputFile(io.cwd, args.output, text);
    const n = report.findings.length;
    io.stderr.write(`keyscan: ${n === 0 ? 'no secrets found' : `${n} finding(s)`}; report written to ${args.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return exitCode(report);
}
