// Group matches into findings: one per rule + secret + file, with every place it stands, the first
// (earliest commit, then path and line) credited, and confidence by path decided here (path-policy.ts).
import type { Finding, Location, Match } from '../types.js';
import { fingerprint, secretHash } from './fingerprint.js';
import { placeConfidence } from './path-policy.js';
import { redact } from './redact.js';

export interface BuildOptions {
  /** Put the plaintext secret into each finding (--no-redact). */
  reveal: boolean;
}

/** Findings plus the matches behind each, for classifiers that need the surrounding line. */
export interface FindingWithMatches {
  finding: Finding;
  matches: Match[];
}

function byPlace(a: Match, b: Match): number {
  const da = a.commit?.date ?? '';
  const db = b.commit?.date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.line !== b.line || a.column !== b.column) return a.line - b.line || a.column - b.column;
  // Same place in two commits of the same date: by commit id, so the credit never depends on the
  // order the history was read in (several git processes, several threads).
  const ca = a.commit?.sha ?? '';
  const cb = b.commit?.sha ?? '';
  return ca === cb ? 0 : ca < cb ? -1 : 1;
}

export function buildFindings(matches: Match[], options: BuildOptions): FindingWithMatches[] {
  const groups = new Map<string, Match[]>();
  for (const m of matches) {
    const key = fingerprint(m.rule.id, m.secret, m.path);
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const out: FindingWithMatches[] = [];
  for (const [fp, list] of groups) {
    list.sort(byPlace);
    const first = list[0];
    const rule = first.rule;
    const seen = new Set<string>();
    const occurrences: Location[] = [];
    for (const m of list) {
      const key = `${m.path}:${m.line}:${m.column}:${m.commit?.sha ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      occurrences.push({ file: m.path, line: m.line, column: m.column, ...(m.commit ? { commit: m.commit } : {}) });
    }
    const lowest = list.reduce((acc, m) => (m.confidence === 'low' ? 'low' : acc), first.confidence);
    const matched = list.every((m) => m.confidence === first.confidence) ? first.confidence : lowest;
    const placed = placeConfidence(first.path, { confidence: matched, ...(first.lowered ? { lowered: first.lowered } : {}) });
    const finding: Finding = {
      rule: rule.id,
      provider: rule.provider,
      title: rule.title,
      severity: rule.severity,
      confidence: placed.confidence,
      file: first.path,
      line: first.line,
      column: first.column,
      redacted: redact(first.secret, rule.prefix),
      fingerprint: fp,
      secretHash: secretHash(first.secret),
      mistakes: [],
      occurrences,
      origin: first.origin,
      ...(first.commit ? { commit: first.commit } : {}),
      ...(rule.remediation ? { remediation: rule.remediation } : {}),
      ...(placed.lowered ? { lowered: placed.lowered } : {}),
      ...(first.decoded ? { decoded: first.decoded } : {}),
      ...(options.reveal ? { secret: first.secret } : {}),
    };
    out.push({ finding, matches: list });
  }
  out.sort((a, b) => byPlace(a.matches[0], b.matches[0]));
  return out;
}
