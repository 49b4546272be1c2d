// Baselines and allow-listed fingerprints: findings someone has accepted. A baseline holds
// fingerprints, rule ids and file paths only: never a secret, a line number or a timestamp, so it
// does not churn when lines move, commits are rebased or the scan runs on another machine.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeyscanError } from '../errors.js';
import { readTextFile } from '../read-text.js';
import type { Finding, Match } from '../types.js';
import { fingerprint } from './fingerprint.js';

export const BASELINE_FILE = '.keyscan-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  reason?: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface LoadedBaseline {
  path: string;
  fingerprints: Set<string>;
  entries: BaselineEntry[];
}

const FINGERPRINT = /^[0-9a-f]{32}$/;

export function parseBaseline(text: string, path: string): BaselineEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KeyscanError(`invalid baseline ${path}: ${(err as Error).message}`);
  }
  const shape = `expected {"version": ${BASELINE_VERSION}, "entries": [{"fingerprint", "rule", "file"}]}`;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new KeyscanError(`invalid baseline ${path}: ${shape}`);
  const { version, entries } = doc as { version?: unknown; entries?: unknown };
  if (version !== BASELINE_VERSION) {
    const newer = typeof version === 'number' && version > BASELINE_VERSION;
    throw new KeyscanError(
      `invalid baseline ${path}: version ${JSON.stringify(version ?? null)}${newer ? ' is newer than this keyscan reads' : `, ${shape}`}`,
      newer ? 'upgrade keyscan-cli' : undefined,
    );
  }
  if (!Array.isArray(entries)) throw new KeyscanError(`invalid baseline ${path}: ${shape}`);
  return entries.map((e: unknown, i) => {
    const entry = e as Record<string, unknown> | null;
    const bad = (what: string): never => {
      throw new KeyscanError(`invalid baseline ${path}: entries[${i}]: ${what}`);
    };
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) bad(shape);
    if (typeof entry!.fingerprint !== 'string' || !FINGERPRINT.test(entry!.fingerprint)) bad('"fingerprint" must be 32 hexadecimal characters');
    for (const key of ['rule', 'file'] as const) if (typeof entry![key] !== 'string') bad(`"${key}" must be a string`);
    if (entry!.reason !== undefined && typeof entry!.reason !== 'string') bad('"reason" must be a string');
    const { fingerprint: fp, rule, file, reason } = entry as unknown as BaselineEntry;
    return { fingerprint: fp, rule, file, ...(reason ? { reason } : {}) };
  });
}

/** `--baseline FILE` (must exist; relative to `cwd`), else `.keyscan-baseline.json` at the root when present. */
export function loadBaseline(root: string, explicit?: string, cwd: string = process.cwd()): LoadedBaseline | null {
  const path = explicit ? resolve(cwd, explicit) : join(root, BASELINE_FILE);
  if (!explicit && !existsSync(path)) return null;
  const text = readTextFile(path, 'baseline', explicit ?? path);
  const entries = parseBaseline(text, explicit ?? BASELINE_FILE);
  return { path: explicit ?? BASELINE_FILE, fingerprints: new Set(entries.map((e) => e.fingerprint)), entries };
}

function byFileRuleFingerprint(a: BaselineEntry, b: BaselineEntry): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

/** The baseline for these findings, keeping the reasons of entries that still apply. Sorted, stable. */
export function makeBaseline(findings: Finding[], previous: BaselineEntry[] = []): Baseline {
  const reasons = new Map(previous.filter((e) => e.reason).map((e) => [e.fingerprint, e.reason!]));
  const byFp = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const reason = reasons.get(f.fingerprint);
    byFp.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, file: f.file, ...(reason ? { reason } : {}) });
  }
  return { version: 1, entries: [...byFp.values()].sort(byFileRuleFingerprint) };
}

/** One entry per line, so that a change reads as one line in a diff and two branches rarely touch the same line. */
export function renderBaseline(baseline: Baseline): string {
  const line = (e: BaselineEntry) => {
    const fields: [string, string][] = [['fingerprint', e.fingerprint], ['rule', e.rule], ['file', e.file]];
    if (e.reason) fields.push(['reason', e.reason]);
    return `    {${fields.map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(', ')}}`;
  };
  const entries = baseline.entries.length === 0 ? '[]' : `[\n${baseline.entries.map(line).join(',\n')}\n  ]`;
  return `{\n  "version": ${baseline.version},\n  "entries": ${entries}\n}\n`;
}

/** How an update changed a baseline. */
export function baselineChanges(previous: BaselineEntry[], next: Baseline): { added: number; removed: number } {
  const before = new Set(previous.map((e) => e.fingerprint));
  const after = new Set(next.entries.map((e) => e.fingerprint));
  return { added: [...after].filter((f) => !before.has(f)).length, removed: [...before].filter((f) => !after.has(f)).length };
}

// ---- applying what was accepted: allow.secrets entries, then the baseline ----

/** An `allow.secrets` entry of the configuration (same shape as config.ts's AllowedSecret). */
export interface AllowEntry {
  fingerprint: string;
  reason?: string;
  expires?: string;
  /** `file:line` where it is written. */
  source: string;
}

export interface SuppressInput {
  findings: Finding[];
  /** The matches behind the findings: only to tell whether a baselined secret spread to another file. */
  matches: Match[];
  allow: AllowEntry[];
  baseline: LoadedBaseline | null;
  /** Today, UTC, YYYY-MM-DD: an entry expires after its `expires` day. */
  today: string;
  reportUnused: boolean;
}

export interface SuppressSummary {
  suppressed: { allowSecrets: number; baseline: number };
  expired?: { fingerprint: string; expires: string; source: string; reason?: string }[];
  spread?: { fingerprint: string; rule: string; file: string; baselinedIn: string }[];
  unused?: { from: 'baseline' | 'allow.secrets'; fingerprint: string; rule?: string; file?: string; source?: string }[];
}

export interface SuppressOutcome {
  findings: Finding[];
  notes: string[];
  summary: SuppressSummary;
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether an allow.secrets entry has run out (it holds through its `expires` day). */
export function isExpired(entry: AllowEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}

/** Leave out the findings someone accepted; say what expired, what spread and (asked) what is unused. */
export function suppress(input: SuppressInput): SuppressOutcome {
  const { baseline, today } = input;
  const notes: string[] = [];
  const summary: SuppressSummary = { suppressed: { allowSecrets: 0, baseline: 0 } };
  const present = new Set(input.findings.map((f) => f.fingerprint));
  const live = new Set(input.allow.filter((e) => !isExpired(e, today)).map((e) => e.fingerprint));
  const baselined = baseline?.fingerprints ?? new Set<string>();

  const expired = input.allow.filter((e) => isExpired(e, today) && present.has(e.fingerprint) && !live.has(e.fingerprint));
  for (const e of expired) {
    const still = baselined.has(e.fingerprint) ? '; the baseline still covers it' : ': its finding is reported again';
    notes.push(`allow.secrets entry ${e.fingerprint} (${e.source}${e.reason ? `, "${e.reason}"` : ''}) expired on ${e.expires}${still}`);
    (summary.expired ??= []).push({ fingerprint: e.fingerprint, expires: e.expires!, source: e.source, ...(e.reason ? { reason: e.reason } : {}) });
  }

  const findings = input.findings.filter((f) => {
    if (live.has(f.fingerprint)) {
      summary.suppressed.allowSecrets++;
      return false;
    }
    if (baselined.has(f.fingerprint)) {
      summary.suppressed.baseline++;
      return false;
    }
    return true;
  });
  if (summary.suppressed.allowSecrets > 0) notes.push(`${summary.suppressed.allowSecrets} finding(s) allowed by allow.secrets in the configuration`);
  if (baseline && summary.suppressed.baseline > 0) notes.push(`${summary.suppressed.baseline} finding(s) suppressed by the baseline ${baseline.path}`);

  if (baseline && findings.length > 0) {
    for (const s of spreadFrom(baseline, findings, input.matches)) {
      notes.push(`a secret baselined in ${s.baselinedIn} (${s.rule}) now also stands in ${s.file}: it spread, so it is reported`);
      (summary.spread ??= []).push(s);
    }
  }

  if (input.reportUnused) {
    const unused: NonNullable<SuppressSummary['unused']> = [];
    for (const e of baseline?.entries ?? []) {
      if (present.has(e.fingerprint)) continue;
      unused.push({ from: 'baseline', fingerprint: e.fingerprint, rule: e.rule, file: e.file });
      notes.push(`unused baseline entry ${e.fingerprint} (${e.rule} in ${e.file}): it matches nothing (keyscan baseline drops it)`);
    }
    for (const e of input.allow) {
      if (present.has(e.fingerprint)) continue;
      unused.push({ from: 'allow.secrets', fingerprint: e.fingerprint, source: e.source });
      notes.push(`unused allow.secrets entry ${e.fingerprint} (${e.source}): it matches nothing`);
    }
    summary.unused = unused;
    if (!baseline && input.allow.length === 0) notes.push('--report-unused: there is no baseline and no allow.secrets entry to check');
    else if (unused.length === 0) notes.push('every baseline and allow.secrets entry matches a finding');
  }
  return { findings, notes, summary };
}

/**
 * Reported findings whose secret the baseline accepted in another file. The baseline holds no secret,
 * but each entry's fingerprint can be recomputed from a reported secret, its rule and the entry's file.
 */
function spreadFrom(baseline: LoadedBaseline, findings: Finding[], matches: Match[]): NonNullable<SuppressSummary['spread']> {
  const filesByRule = new Map<string, Map<string, Set<string>>>();
  for (const e of baseline.entries) {
    const files = filesByRule.get(e.rule) ?? new Map<string, Set<string>>();
    files.set(e.file, (files.get(e.file) ?? new Set()).add(e.fingerprint));
    filesByRule.set(e.rule, files);
  }
  const wanted = new Set(findings.filter((f) => filesByRule.has(f.rule)).map((f) => f.fingerprint));
  if (wanted.size === 0) return [];
  const secrets = new Map<string, string>();
  for (const m of matches) {
    if (!filesByRule.has(m.rule.id)) continue;
    const fp = fingerprint(m.rule.id, m.secret, m.path);
    if (wanted.has(fp) && !secrets.has(fp)) secrets.set(fp, m.secret);
  }
  const out: NonNullable<SuppressSummary['spread']> = [];
  for (const f of findings) {
    const secret = secrets.get(f.fingerprint);
    if (secret === undefined) continue;
    for (const [file, fps] of filesByRule.get(f.rule)!) {
      if (file !== f.file && fps.has(fingerprint(f.rule, secret, file))) {
        out.push({ fingerprint: f.fingerprint, rule: f.rule, file: f.file, baselinedIn: file });
        break;
      }
    }
  }
  return out;
}
