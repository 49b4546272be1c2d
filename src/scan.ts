// The programmatic API: the same pipeline as the CLI (configuration, baseline, default excludes,
// path policy, advice), without rendering or exit codes.
import type { RuleSet } from './engine/compile.js';
import { scanDeep } from './engine/deep-scan.js';
import { findingsOf, runPipeline } from './pipeline/index.js';
import { builtinRuleSet } from './rules.js';
import { dirSource } from './sources/tree.js';
import type { Finding, Report } from './types.js';

export interface ApiOptions {
  /** Put whole secrets into the findings (default false: redacted only). */
  reveal?: boolean;
  /** Rule ids switched off (on top of the configuration's allow.rules). */
  disabledRules?: string[];
  /** These rules instead of the built-in ones. */
  ruleSet?: RuleSet;
}

export interface ScanPathsOptions extends ApiOptions {
  /** Paths in the report are relative to it; `.keyscan.yaml` and `.keyscan-baseline.json` are read there. Default: cwd. */
  root?: string;
  /** Skip what .gitignore ignores inside a git work tree (default true). */
  gitignore?: boolean;
  /** Leave out dependency folders and package caches such as node_modules/ (default true). */
  defaultExcludes?: boolean;
  /** Path globs left out, on top of the configuration's allow.paths. */
  allowPaths?: string[];
  /** A configuration file (default `.keyscan.yaml` at the root, when present). */
  config?: string;
  /** A baseline file (default `.keyscan-baseline.json` at the root, when present). */
  baseline?: string;
}

/**
 * Scan a text in memory: the findings `keyscan stdin --label PATH` reports for it with no
 * configuration (path policy and mistakes included). Synchronous and pure apart from loading the rules.
 */
export function scanText(text: string, path = '<text>', options: ApiOptions = {}): Finding[] {
  const ruleSet = options.ruleSet ?? builtinRuleSet(options.disabledRules);
  const matches = scanDeep({ text, path, startLine: 1, origin: 'file' }, ruleSet, { nowSeconds: Math.floor(Date.now() / 1000) });
  return findingsOf(matches, options.reveal ?? false);
}

/** Scan files and folders on disk as `keyscan dir` does; relative paths are resolved against `root`. */
export async function scanPaths(paths: string[], options: ScanPathsOptions = {}): Promise<Report> {
  const root = options.root ?? process.cwd();
  const targets = paths.length > 0 ? paths : ['.'];
  const source = dirSource(root, targets, targets.join(' '), { gitignore: options.gitignore ?? true, defaultExcludes: options.defaultExcludes ?? true });
  const { report } = await runPipeline(source, {
    cwd: root,
    config: options.config,
    baseline: options.baseline,
    reveal: options.reveal ?? false,
    ruleSet: options.ruleSet,
    disabledRules: options.disabledRules,
    allowPaths: options.allowPaths,
  });
  return report;
}
