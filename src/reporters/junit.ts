// JUnit XML: one failing testcase per finding, one passing testcase when clean (GitLab, Jenkins).
import type { Report } from '../types.js';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function renderJunit(report: Report): string {
  const cases = report.findings.map((f) => {
    const where = `${f.file}:${f.line}:${f.column}`;
    const body = [
      `${f.title} (${f.rule}) at ${where}`,
      `secret: ${f.secret ?? f.redacted}`,
      `severity: ${f.severity}, confidence: ${f.confidence}`,
      `mistakes: ${f.mistakes.join(', ')}`,
      f.commit ? `commit: ${f.commit.sha} by ${f.commit.author} on ${f.commit.date}` : '',
      f.remediation?.revoke ? `revoke: ${f.remediation.revoke}` : '',
    ].filter(Boolean).join('\n');
    return `    <testcase classname="keyscan.${xml(f.rule)}" name="${xml(where)}" file="${xml(f.file)}">\n      <failure message="${xml(`${f.title} at ${where}`)}" type="${xml(f.severity)}">${xml(body)}</failure>\n    </testcase>`;
  });
  if (cases.length === 0) cases.push('    <testcase classname="keyscan" name="no secrets found"/>');
  const n = report.findings.length;
  const seconds = (report.summary.durationMs / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="keyscan" tests="${Math.max(1, n)}" failures="${n}" time="${seconds}">\n  <testsuite name="keyscan" tests="${Math.max(1, n)}" failures="${n}" errors="0" skipped="0" time="${seconds}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
