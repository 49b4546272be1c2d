// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps).
import type { Finding, Report, RuleSpec, Severity } from '../types.js';

export interface SarifOptions {
  rules: Map<string, Pick<RuleSpec, 'id' | 'title' | 'description' | 'severity' | 'remediation'>>;
  version: string;
}

const LEVEL: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

export function renderSarif(report: Report, options: SarifOptions): string {
  const used = [...new Set(report.findings.map((f) => f.rule))].sort();
  const index = new Map(used.map((id, i) => [id, i]));
  const rules = used.map((id) => {
    const r = options.rules.get(id);
    const help = [
      r?.description ?? id,
      r?.remediation?.revoke ? `Revoke or rotate it: ${r.remediation.revoke}` : 'Revoke or rotate it with the provider.',
      r?.remediation?.usage ? `Check usage and set limits: ${r.remediation.usage}` : '',
      'Then move it to an environment variable or a secret store, and purge it from git history if it was committed.',
    ].filter(Boolean).join('\n');
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: r?.title ?? id },
      fullDescription: { text: r?.description ?? id },
      help: { text: help, markdown: help.split('\n').join('\n\n') },
      ...(r?.remediation?.revoke ? { helpUri: r.remediation.revoke } : {}),
      defaultConfiguration: { level: LEVEL[r?.severity ?? 'high'] },
      properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[r?.severity ?? 'high'] },
    };
  });
  const results = report.findings.map((f: Finding) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule),
    level: LEVEL[f.severity],
    message: {
      text: `${f.title} (${f.secret ?? f.redacted})${f.commit ? ` introduced in commit ${f.commit.sha}` : ''}. Mistakes: ${f.mistakes.join(', ')}.`,
    },
    locations: f.occurrences.slice(0, 10).map((o) => ({
      physicalLocation: {
        artifactLocation: { uri: encodeURI(o.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: o.line, startColumn: o.column },
      },
    })),
    partialFingerprints: { 'keyscan/v1': f.fingerprint },
    properties: {
      confidence: f.confidence,
      mistakes: f.mistakes,
      ...(f.commit ? { commit: f.commit.sha, author: f.commit.author, date: f.commit.date } : {}),
    },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyscan',
            version: options.version,
            semanticVersion: options.version,
            informationUri: 'https://www.npmjs.com/package/keyscan-cli',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned root' } } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
