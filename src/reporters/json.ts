// JSON report exactly as CONTRACT.md, plus: title, occurrences, remediation (provider links and the
// steps to follow), git state (tracked, committed, pushed, stillInHead, exposure) and, at the top,
// the catalogue entries of the mistakes shown.
import type { Finding, Report } from '../types.js';
import { movedText } from './words.js';

export function jsonFinding(f: Finding): Record<string, unknown> {
  const remediation = f.remediation || f.steps ? { ...f.remediation, ...(f.steps ? { steps: f.steps } : {}) } : undefined;
  return {
    rule: f.rule,
    provider: f.provider,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    file: f.file,
    line: f.line,
    column: f.column,
    redacted: f.redacted,
    ...(f.decoded ? { decoded: f.decoded } : {}),
    ...(f.secret !== undefined ? { secret: f.secret } : {}),
    fingerprint: f.fingerprint,
    mistakes: f.mistakes,
    ...(f.commit
      ? { commit: f.commit.sha, author: f.commit.author, email: f.commit.email, date: f.commit.date }
      : {}),
    occurrences: f.occurrences.map((o) => ({
      file: o.file,
      line: o.line,
      column: o.column,
      ...(o.commit ? { commit: o.commit.sha, date: o.commit.date } : {}),
    })),
    ...(f.tracked !== undefined ? { tracked: f.tracked } : {}),
    ...(!f.commit && f.inHead !== undefined ? { committed: f.inHead } : {}),
    ...(f.pushed !== undefined ? { pushed: f.pushed } : {}),
    ...(f.commit && f.inHead !== undefined
      ? {
          stillInHead: f.inHead,
          history: f.inHead ? `still in HEAD${movedText(f)}` : 'deleted but still in history',
          ...(f.inHead && f.headFiles ? { headFiles: f.headFiles } : {}),
        }
      : {}),
    ...(f.exposure ? { exposure: { from: f.exposure.from, until: f.exposure.until ?? null, ...(f.exposure.removedIn ? { removedIn: f.exposure.removedIn } : {}) } } : {}),
    ...(remediation ? { remediation } : {}),
    ...(f.lowered ? { note: f.lowered } : {}),
    ...(f.verification ? { verified: f.verification, verifiedDetail: f.verificationDetail } : {}),
  };
}

export function renderJson(report: Report): string {
  const count = (id: string) => report.findings.filter((f) => f.mistakes.includes(id as Finding['mistakes'][number])).length;
  const body = {
    version: report.version,
    findings: report.findings.map(jsonFinding),
    summary: report.summary,
    ...(report.mistakes ? { mistakes: report.mistakes.map((m) => ({ ...m, findings: count(m.id) })) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
