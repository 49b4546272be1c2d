// Pipeline, steps 2–4: matches → findings (grouped, first place credited, confidence by path,
// mistakes) → accepted ones left out (allow.secrets, baseline) → git facts → advice. The report is
// built once here and frozen: nothing changes it afterwards.
import { advise } from '../advice/advise.js';
import { classifyFindings } from '../advice/classify.js';
import { loadBaseline, suppress, todayUtc } from '../findings/baseline.js';
import { buildFindings } from '../findings/build.js';
import { atLeast } from '../findings/confidence.js';
import { loadMistakes } from '../mistakes.js';
import type { Confidence, Finding, Match, Report, ScanSummary } from '../types.js';
import { gatherGitFacts } from './facts.js';
import { verifyFindings, type VerifySettings } from './verify.js';
import type { Prepared, Scanned } from './scan.js';

/** Matches → classified findings (every one, before anything accepted is left out). */
export function findingsOf(matches: Match[], reveal: boolean): Finding[] {
  return classifyFindings(buildFindings(matches, { reveal }));
}

export interface ReportSettings {
  /** Where a relative baseline path is resolved. */
  cwd?: string;
  /** The baseline file (default `.keyscan-baseline.json` at the root, when present). */
  baseline?: string;
  /** Put each whole secret into the report (--no-redact). */
  reveal?: boolean;
  /** List baseline and allow.secrets entries that match nothing. */
  reportUnused?: boolean;
  /** Ask each provider whether its key is live (--verify): the only step that reaches the network. */
  verify?: VerifySettings;
  /** Findings below this confidence are left out of the report (--min-confidence). */
  minConfidence?: Confidence;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function buildReport(scanned: Scanned, p: Prepared, settings: ReportSettings = {}): Promise<Report> {
  const all = findingsOf(scanned.matches, settings.reveal ?? false);
  const kept = suppress({
    findings: all,
    matches: scanned.matches,
    allow: p.config.allowSecrets,
    baseline: loadBaseline(p.root, settings.baseline, settings.cwd ?? process.cwd()),
    today: todayUtc(),
    reportUnused: settings.reportUnused ?? false,
  });
  const min = settings.minConfidence ?? 'low';
  const confident = atLeast(kept.findings, min);
  const below = kept.findings.length - confident.length;
  if (below > 0) kept.notes.push(`${below} finding(s) below --min-confidence ${min} left out of the report`);
  const findings = settings.verify ? await verifyFindings(confident, scanned.matches, settings.verify) : confident;
  const { facts, notes } = await gatherGitFacts(findings, scanned.matches, p.root, scanned.removals);
  const t = p.tally;
  const summary: ScanSummary = {
    target: scanned.target,
    filesScanned: t.filesScanned,
    bytesScanned: t.bytesScanned,
    skipped: { ...t.skipped },
    skippedExamples: [...t.skippedExamples],
    rules: p.ruleSet.size,
    findings: findings.length,
    durationMs: Date.now() - p.started,
    notes: [...new Set([...t.notes, ...kept.notes, ...notes])],
    ...(t.incomplete.length > 0 ? { incomplete: [...t.incomplete] } : {}),
    ...(scanned.threads ? { threads: scanned.threads } : {}),
    ...kept.summary,
  };
  return deepFreeze(advise({ version: 1, findings, summary }, loadMistakes(), facts));
}
