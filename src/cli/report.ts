// Render a finished report to where the user asked (standard output or --output FILE).
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleSet } from '../engine/compile.js';
import { exitCode } from '../pipeline/index.js';
import { render, type Format } from '../reporters/index.js';
import type { SarifOptions } from '../reporters/sarif.js';
import { repositoryRoot } from '../sources/git.js';
import type { Report } from '../types.js';
import { colorWanted } from './color.js';
import type { Io } from './io.js';
import { writeOutputFile } from './output-file.js';
import { packageVersion } from './version.js';

export { packageVersion };

export interface OutputArgs {
  format: Format;
  output?: string;
  /** Also write the report as SARIF to this file. */
  sarifOutput?: string;
  /** --color / --no-color; undefined: the environment and the terminal decide (color.ts). */
  color?: boolean;
  /** Human report: a block per secret. */
  verbose?: boolean;
  /** Human report: the finding lines only. */
  quiet?: boolean;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function folderUri(path: string): string {
  const uri = pathToFileURL(path).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * SARIF's `%SRCROOT%`: code scanning reads result URIs relative to the repository, so inside a git
 * work tree it is the top level and every path gains the scanned root's place in it (`src/`);
 * outside git (or when git cannot say) it is the scanned root.
 */
export async function sarifSourceRoot(root: string): Promise<NonNullable<SarifOptions['srcRoot']>> {
  const scanned = real(root);
  try {
    const repo = await repositoryRoot(scanned);
    if (!repo.bare) {
      const top = real(repo.root);
      const rel = relative(top, scanned);
      if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
        return { uri: folderUri(top), prefix: rel ? `${rel.split(sep).join('/')}/` : '', description: 'The root of the git repository.' };
      }
    }
  } catch {
    // Not a git work tree (or no git): paths stay relative to the scanned root.
  }
  return { uri: folderUri(scanned), prefix: '', description: 'The scanned root.' };
}

/** Print or write the report; return its exit code. `root` is the scanned root (SARIF places paths from it). */
export async function emitReport(report: Report, ruleSet: RuleSet, args: OutputArgs, io: Io, root: string = io.cwd): Promise<number> {
  const color = !args.output && colorWanted(args.color, io.env, !!io.stdout.isTTY);
  // Wrapped to a terminal's width; on a pipe or in a file each finding stays on one line.
  const columns = args.output || !io.stdout.isTTY ? undefined : (io.stdout as { columns?: number }).columns;
  // Only the reported rules' are read: a lazy rule set compiles no other (engine/compile.ts lazyRuleSet).
  const rules = { get: (id: string) => ruleSet.ruleById(id) };
  if (args.sarifOutput) {
    const sarif = render('sarif', report, { color: false, version: packageVersion(), rules, srcRoot: await sarifSourceRoot(root) });
    await writeOutputFile(io.cwd, args.sarifOutput, sarif, 'the SARIF report');
  }
  const text = render(args.format, report, {
    color,
    width: columns ? Math.min(columns, 120) : undefined,
    detail: args.verbose ? 'verbose' : args.quiet ? 'quiet' : 'compact',
    version: packageVersion(),
    rules,
    ...(args.format === 'sarif' ? { srcRoot: await sarifSourceRoot(root) } : {}),
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
