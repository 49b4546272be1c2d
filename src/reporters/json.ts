// JSON report exactly as CONTRACT.md, plus title, occurrences and remediation.
import type { Finding, Report } from '../types.js';

export function jsonFinding(f: Finding): Record<string, unknown> {
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
      ...(o.commit ? { commit: o.commit.sha } : {}),
    })),
    ...(f.remediation ? { remediation: f.remediation } : {}),
    ...(f.lowered ? { note: f.lowered } : {}),
  };
}

export function renderJson(report: Report): string {
  const body = {
    version: report.version,
    findings: report.findings.map(jsonFinding),
    summary: report.summary,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
