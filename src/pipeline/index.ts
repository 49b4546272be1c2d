// The one pipeline every command and the programmatic API run:
//   source → scan (engine, budget, allow.paths) → findings (attribution, path policy, mistakes)
//   → suppress (allow.secrets, baseline) → git facts → advice → Report (frozen) → exitCode.
// Rendering is the caller's (the CLI renders to its io; the API returns the report).
import type { RuleSet } from '../engine/compile.js';
import type { RuleProfile } from '../engine/profile.js';
import type { Source } from '../sources/source.js';
import type { Match, Report } from '../types.js';
import { buildReport, type ReportSettings } from './report.js';
import { prepare, scanSource, type ScanSettings } from './scan.js';

export type PipelineSettings = ScanSettings & ReportSettings;

export interface PipelineResult {
  report: Report;
  /** The rules the scan ran with (reporters describe them). */
  ruleSet: RuleSet;
  /** The matches behind the report, with their plaintext: for the purge plan only, never serialised. */
  matches: readonly Match[];
  /** Per-rule totals (settings.profileRules). */
  profile?: RuleProfile;
}

export async function runPipeline(source: Source, settings: PipelineSettings = {}): Promise<PipelineResult> {
  const prepared = prepare(source.root, settings);
  const scanned = await scanSource(source, prepared, settings.timeBudgetMs, settings.decodeDepth);
  const report = await buildReport(scanned, prepared, settings);
  return { report, ruleSet: prepared.ruleSet, matches: scanned.matches, ...(scanned.profile ? { profile: scanned.profile } : {}) };
}

/**
 * 0 scanned, nothing to report · 1 findings · 2 the scan could not cover what it was asked to
 * (unreadable files, a rule stopped by the time budget): an incomplete scan never passes for clean.
 */
export function exitCode(report: Report): 0 | 1 | 2 {
  if (report.summary.incomplete && report.summary.incomplete.length > 0) return 2;
  return report.findings.length > 0 ? 1 : 0;
}

export { findingsOf } from './report.js';
export { prepare, scanSource } from './scan.js';
