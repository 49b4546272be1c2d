// The default report for people: one block per secret, redacted, with file:line:col and the rule title.
import pc from 'picocolors';
import type { Finding, Report } from '../types.js';

export interface HumanOptions {
  color: boolean;
}

const MISTAKE_TEXT: Record<string, string> = {
  'stored-insecurely': 'stored in plaintext in a file',
  'shared-with-others': 'where others can read it (docs, browser code or a notebook)',
  'not-revoked': 'committed to git history: treat it as leaked and revoke it',
  'multiple-keys-no-purpose': 'the same key in several places, or many keys of one provider',
  'usage-not-monitored': 'billed by usage: set a usage limit and check usage since it leaked',
};

function groupBySecret(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.secretHash}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return [...groups.values()];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderHuman(report: Report, options: HumanOptions): string {
  const c = pc.createColors(options.color);
  const sevColor = { critical: c.red, high: c.red, medium: c.yellow, low: c.dim } as const;
  const lines: string[] = [];
  const groups = groupBySecret(report.findings);
  for (const group of groups) {
    const f = group[0];
    const value = f.secret ?? f.redacted;
    lines.push(`${sevColor[f.severity](c.bold(f.severity.toUpperCase()))} ${c.bold(f.title)} ${c.dim(`(${f.rule}, ${f.confidence} confidence)`)}`);
    lines.push(`  secret  ${c.cyan(value)}`);
    for (const finding of group) {
      for (const o of finding.occurrences) {
        const where = `${o.file}:${o.line}:${o.column}`;
        const commit = o.commit ? c.dim(` in ${o.commit.sha.slice(0, 10)} by ${o.commit.author} ${o.commit.date}`) : '';
        lines.push(`  at      ${where}${commit}`);
      }
    }
    const mistakes = [...new Set(group.flatMap((g) => g.mistakes))];
    for (const m of mistakes) lines.push(`  ${c.yellow('mistake')} ${m}: ${MISTAKE_TEXT[m] ?? m}`);
    if (f.remediation?.revoke) lines.push(`  revoke  ${f.remediation.revoke}`);
    if (f.remediation?.usage) lines.push(`  usage   ${f.remediation.usage}`);
    if (f.lowered) lines.push(`  ${c.dim(`note    ${f.lowered}`)}`);
    lines.push('');
  }
  const s = report.summary;
  const skipped = Object.entries(s.skipped)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const status =
    report.findings.length === 0
      ? c.green(`No secrets found`)
      : c.red(`${plural(groups.length, 'secret')} found (${plural(report.findings.length, 'finding')})`);
  lines.push(`${status} in ${plural(s.filesScanned, 'file')} scanned (${(s.bytesScanned / 1048576).toFixed(1)} MB, ${s.durationMs} ms)${skipped ? `; skipped: ${skipped}` : ''}.`);
  for (const note of s.notes) lines.push(c.yellow(`note: ${note}`));
  return `${lines.join('\n')}\n`;
}
