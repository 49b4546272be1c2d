// The one pipeline every command and the programmatic API run:
//   source → scan (engine, budget, allow.paths) → findings (attribution, path policy, mistakes)
//   → suppress (allow.secrets, baseline) → git facts → advice → Report (frozen) → exitCode.
// Rendering is the caller's (the CLI renders to its io; the API returns the report).
import type { RuleSet } from '../engine/compile.js';
import type { RuleProfile } from '../engine/profile.js';
import type { Source } from '../sources/source.js';
import type { Confidence, Finding, Match, Report } from '../types.js';
import { atLeast } from '../findings/confidence.js';
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

/** The findings that make the exit status 1 when `failOn` is the lowest confidence that does. */
export function blocking(findings: readonly Finding[], failOn: Confidence = 'low'): Finding[] {
  return atLeast(findings, failOn);
}

/**
 * 0 scanned, nothing to report (or nothing at `failOn` confidence or above) · 1 findings · 2 the scan
 * could not cover what it was asked to (unreadable files, a rule stopped by the time budget): an
 * incomplete scan never passes for clean.
 */
export function exitCode(report: Report, failOn: Confidence = 'low'): 0 | 1 | 2 {
  if (report.summary.incomplete && report.summary.incomplete.length > 0) return 2;
  return blocking(report.findings, failOn).length > 0 ? 1 : 0;
}

/** Said on stderr when findings were reported but none is confident enough to fail the run. */
export function notBlockingNote(count: number, failOn: Confidence): string {
  return `keyscan: ${count} finding(s) reported, none of ${failOn} confidence or above, so they do not block (low ones look like examples, test data or docs; --fail-on low blocks on every finding)\n`;
}

export { findingsOf } from './report.js';
export { prepare, scanSource } from './scan.js';
