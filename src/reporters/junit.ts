// JUnit XML: one failing testcase per finding, an error testcase when the scan was incomplete, one
// passing testcase when clean. The subset GitLab
// (artifacts:reports:junit) and Jenkins (junit step) both read: testsuites > testsuite > testcase with
// classname, name, file and a failure carrying a message attribute and a text body.
import { day, short } from '../show.js';
import type { Finding, Report } from '../types.js';
import { movedText } from './words.js';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function failureBody(f: Finding, titles: Map<string, string>): string {
  const lines = [
    `${f.title} (${f.rule}) at ${f.file}:${f.line}:${f.column}`,
    `provider: ${f.provider}; severity: ${f.severity}; confidence: ${f.confidence}`,
    `secret: ${f.secret ?? f.redacted}`,
    `fingerprint: ${f.fingerprint}`,
  ];
  if (f.commit) lines.push(`commit: ${f.commit.sha} by ${f.commit.author} <${f.commit.email}> on ${f.commit.date}`);
  if (f.pushed !== undefined) lines.push(`pushed: ${f.pushed ? 'yes' : 'no'}`);
  if (f.commit && f.inHead !== undefined) lines.push(`in HEAD: ${f.inHead ? `yes${movedText(f)}` : 'no, deleted but still in history'}`);
  if (f.tracked !== undefined) lines.push(`git: ${f.tracked}`);
  if (f.exposure) lines.push(`exposed: ${day(f.exposure.from)} to ${f.exposure.until ? day(f.exposure.until) : 'now'}`);
  if (f.occurrences.length > 1) {
    lines.push('found at:');
    for (const o of f.occurrences) lines.push(`  ${o.file}:${o.line}:${o.column}${o.commit ? ` (commit ${short(o.commit.sha)})` : ''}`);
  }
  if (f.mistakes.length > 0) {
    lines.push('mistakes:');
    for (const m of f.mistakes) lines.push(`  ${m}: ${titles.get(m) ?? m}`);
  }
  if (f.steps && f.steps.length > 0) {
    lines.push('to do:');
    f.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  } else if (f.remediation?.revoke) lines.push(`revoke: ${f.remediation.revoke}`);
  if (f.lowered) lines.push(`note: ${f.lowered}`);
  if (f.decoded) lines.push(`decoded: ${f.decoded}`);
  if (f.verification) lines.push(`verified: ${f.verification} (${f.verificationDetail})`);
  return lines.join('\n');
}

export function renderJunit(report: Report): string {
  const titles = new Map<string, string>((report.mistakes ?? []).map((m) => [m.id, m.title]));
  const cases = report.findings.map((f) => {
    const where = `${f.file}:${f.line}:${f.column}`;
    const message = `${f.title} (${f.secret ?? f.redacted}) at ${where}${f.commit ? ` in commit ${short(f.commit.sha)}` : ''}`;
    return [
      `    <testcase classname="keyscan.${xml(f.rule)}" name="${xml(`${where} ${f.title}`)}" file="${xml(f.file)}" line="${f.line}" time="0">`,
      `      <failure message="${xml(message)}" type="${xml(`${f.severity} ${f.rule}`)}">${xml(failureBody(f, titles))}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  // An incomplete scan is an error case, never a lone passing "no secrets found" a CI would show green.
  const incomplete = report.summary.incomplete ?? [];
  const errors = incomplete.length > 0 ? 1 : 0;
  if (errors) {
    const text = incomplete.map((t) => `incomplete scan: ${t}`).join('\n');
    cases.push(
      [
        '    <testcase classname="keyscan" name="incomplete scan" time="0">',
        `      <error message="${xml(`incomplete scan: ${incomplete[0]}`)}" type="incomplete">${xml(text)}</error>`,
        '    </testcase>',
      ].join('\n'),
    );
  }
  if (cases.length === 0) cases.push('    <testcase classname="keyscan" name="no secrets found" time="0"/>');
  const n = report.findings.length;
  const tests = n + errors || 1;
  const seconds = (report.summary.durationMs / 1000).toFixed(3);
  const suite = `keyscan ${report.summary.target}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keyscan" tests="${tests}" failures="${n}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${tests}" failures="${n}" errors="${errors}" skipped="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
