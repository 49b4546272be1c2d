// Wire a source of fragments to the engine and the findings pipeline. Also the programmatic API.
import { scanFragment, type ScanOptions } from './engine/scan.js';
import type { RuleSet } from './engine/compile.js';
import { buildFindings } from './findings/build.js';
import { classifyFindings } from './advice/classify.js';
import { builtinRuleSet } from './rules.js';
import { Tally } from './sources/tally.js';
import type { Finding, Fragment, Match, Report } from './types.js';

// micromatch and the directory walker load only when used: the pre-commit hook
// (`keyscan staged`) runs on every commit and needs neither.

export interface PipelineOptions extends ScanOptions {
  /** Globs of paths whose matches are left out (for sources that do not list files themselves). */
  allowPaths?: string[];
}

/** Run every fragment through the engine. */
export async function collectMatches(
  fragments: AsyncIterable<Fragment>,
  ruleSet: RuleSet,
  options: PipelineOptions = {},
): Promise<Match[]> {
  const matches: Match[] = [];
  const allow = options.allowPaths ?? [];
  const micromatch = allow.length > 0 ? (await import('micromatch')).default : null;
  for await (const fragment of fragments) {
    if (micromatch && micromatch.isMatch(fragment.path, allow, { dot: true })) continue;
    for (const m of scanFragment(fragment, ruleSet, options)) matches.push(m);
  }
  return matches;
}

/** Matches → classified findings. */
export function toFindings(matches: Match[], reveal: boolean): Finding[] {
  return classifyFindings(buildFindings(matches, { reveal }));
}

export interface ApiOptions {
  /** Print secrets in full (default false). */
  reveal?: boolean;
  gitignore?: boolean;
  /** Leave out dependency folders and package caches such as node_modules/ (default true). */
  defaultExcludes?: boolean;
  allowPaths?: string[];
  disabledRules?: string[];
  ruleSet?: RuleSet;
}

function summaryOf(target: string, tally: Tally, rules: number, findings: number, started: number) {
  return {
    target,
    filesScanned: tally.filesScanned,
    bytesScanned: tally.bytesScanned,
    skipped: tally.skipped,
    skippedExamples: tally.skippedExamples,
    rules,
    findings,
    durationMs: Date.now() - started,
    notes: tally.notes,
    ...(tally.incomplete.length > 0 ? { incomplete: tally.incomplete } : {}),
  };
}

/** Scan a text in memory. Synchronous and pure apart from loading the rules. */
export function scanText(text: string, path = '<text>', options: ApiOptions = {}): Finding[] {
  const ruleSet = options.ruleSet ?? builtinRuleSet(options.disabledRules);
  const matches = scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet);
  return toFindings(matches, options.reveal ?? false);
}

/** Scan files and folders on disk; paths in the report are relative to `root` (default cwd). */
export async function scanPaths(paths: string[], options: ApiOptions & { root?: string } = {}): Promise<Report> {
  const started = Date.now();
  const root = options.root ?? process.cwd();
  const ruleSet = options.ruleSet ?? builtinRuleSet(options.disabledRules);
  const tally = new Tally();
  const { filesToFragments, listFiles } = await import('./sources/dir.js');
  const files = [];
  for (const p of paths.length ? paths : ['.']) {
    files.push(...(await listFiles(root, p, { gitignore: options.gitignore ?? true, allowPaths: options.allowPaths ?? [], defaultExcludes: options.defaultExcludes ?? true }, tally)));
  }
  const matches = await collectMatches(filesToFragments(files, tally), ruleSet);
  const findings = toFindings(matches, options.reveal ?? false);
  return { version: 1, findings, summary: summaryOf(paths.join(' ') || '.', tally, ruleSet.rules.length, findings.length, started) };
}

export { summaryOf };
