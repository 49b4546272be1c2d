// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps). Checked by
// Microsoft's SARIF multitool in the tests (test/reporters/sarif-multitool.test.ts).
import { day, short } from '../show.js';
import type { Finding, MistakeId, Report, RuleSpec, Severity } from '../types.js';
import { movedText } from './words.js';

/** What SARIF tells about a rule (a compiled Rule fits). */
export type SarifRule = Pick<RuleSpec, 'id' | 'title' | 'description' | 'severity' | 'remediation'> &
  Partial<Pick<RuleSpec, 'provider' | 'confidence' | 'billing'>>;

export interface SarifOptions {
  /** The rules by id (only the reported rules' are asked for). */
  rules: Pick<ReadonlyMap<string, SarifRule>, 'get'>;
  version: string;
  /**
   * Where `%SRCROOT%` stands: inside git the repository's top level (`uri`, an absolute `file:` URI
   * ending in `/`) with `prefix` the scanned root relative to it (`src/` for `keyscan src`), so code
   * scanning places every alert; outside git the scanned root itself, with no prefix.
   */
  srcRoot?: { uri: string; prefix: string; description: string };
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank alerts: ≥9 critical, ≥7 high, ≥4 medium. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const PRECISION = { high: 'very-high', medium: 'high', low: 'medium' } as const;

export const INFORMATION_URI = 'https://www.npmjs.com/package/keyscan-cli';

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The help of one rule: what it finds and what to do, with the provider's own links. */
function ruleHelp(id: string, r: SarifRule | undefined): { text: string; markdown: string } {
  const title = r?.title ?? id;
  const steps: [string, string][] = [
    [
      r?.remediation?.revoke ? `Revoke or rotate it at ${r.remediation.revoke}.` : 'Revoke or rotate it with the provider that issued it.',
      r?.remediation?.revoke ? `Revoke or rotate it at [the provider](${r.remediation.revoke}).` : 'Revoke or rotate it with the provider that issued it.',
    ],
    r?.billing === 'usage' || r?.remediation?.usage
      ? [
          `Check its usage for the whole time it was exposed (from the commit that added it until now)${r?.remediation?.usage ? ` at ${r.remediation.usage}` : ''}, and set a usage limit with alerts${r?.remediation?.docs ? ` (${r.remediation.docs})` : ''}.`,
          `Check its usage for the whole time it was exposed (from the commit that added it until now)${r?.remediation?.usage ? ` [here](${r.remediation.usage})` : ''}, and set a usage limit with alerts${r?.remediation?.docs ? ` ([limits](${r.remediation.docs}))` : ''}.`,
        ]
      : [
          'Check the access and audit logs of whatever it unlocks for the whole time it was exposed (from the commit that added it until now).',
          'Check the access and audit logs of whatever it unlocks for the whole time it was exposed (from the commit that added it until now).',
        ],
    [
      'Keep its replacement in an environment variable or a secret store, never in the repository.',
      'Keep its replacement in an environment variable or a secret store, never in the repository.',
    ],
    [
      'A pushed commit stays in every clone and fork: rewriting history does not un-leak a key, so revoke first; then purge it if you must (keyscan git --purge-plan FILE).',
      'A pushed commit stays in every clone and fork: rewriting history does not un-leak a key, so revoke first; then purge it if you must (`keyscan git --purge-plan FILE`).',
    ],
  ];
  const description = sentence(r?.description ?? title);
  const text = [description, 'What to do:', ...steps.map(([t], i) => `${i + 1}. ${t}`)].join('\n');
  const markdown = [`**${title}**`, '', description, '', '**What to do**', '', ...steps.map(([, m], i) => `${i + 1}. ${m}`)].join('\n');
  return { text, markdown };
}

function resultMessage(f: Finding, titles: Map<MistakeId, string>): string {
  const where = f.commit
    ? `, added to ${f.file} in commit ${short(f.commit.sha)} on ${day(f.commit.date)}${f.pushed === true ? ' (pushed)' : f.pushed === false ? ' (not pushed)' : ''}${f.inHead === false ? ', deleted but still in history' : f.inHead === true ? movedText(f).replace(/^ at /, ', now in HEAD at ') : ''}`
    : ` in ${f.file}`;
  const mistakes = f.mistakes.length > 0 ? ` Mistakes: ${f.mistakes.map((m) => titles.get(m) ?? m).join('; ')}.` : '';
  const first = f.steps && f.steps.length > 0 ? ` First: ${sentence(f.steps[0])}` : '';
  return `${f.title} ${f.secret ?? f.redacted}${where}.${mistakes}${first}`;
}

export function renderSarif(report: Report, options: SarifOptions): string {
  const used = [...new Set(report.findings.map((f) => f.rule))].sort();
  const index = new Map(used.map((id, i) => [id, i]));
  const titles = new Map((report.mistakes ?? []).map((m) => [m.id, m.title]));
  const rules = used.map((id) => {
    const r = options.rules.get(id);
    const sample = report.findings.find((f) => f.rule === id);
    const severity = r?.severity ?? sample?.severity ?? 'high';
    const docs = r?.remediation?.docs ?? r?.remediation?.revoke ?? INFORMATION_URI;
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: sentence(r?.title ?? sample?.title ?? id) },
      fullDescription: { text: sentence(r?.description ?? r?.title ?? sample?.title ?? id) },
      help: ruleHelp(id, r),
      helpUri: docs,
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ['security', 'secret', ...(r?.provider ?? sample?.provider ? [r?.provider ?? sample!.provider] : [])],
        precision: PRECISION[r?.confidence ?? sample?.confidence ?? 'high'],
        'security-severity': SECURITY_SEVERITY[severity],
      },
    };
  });
  const prefix = options.srcRoot?.prefix ?? '';
  const results = report.findings.map((f) => {
    const [primary, ...others] = f.occurrences.length > 0 ? f.occurrences : [{ file: f.file, line: f.line, column: f.column }];
    const physical = (o: { file: string; line: number; column: number }) => ({
      artifactLocation: { uri: encodeURI(`${prefix}${o.file}`).replace(/[?#]/g, encodeURIComponent), uriBaseId: '%SRCROOT%' },
      region: { startLine: o.line, startColumn: o.column },
    });
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule),
      // A low-confidence finding (a fixture, documentation, an example) never reads as an error.
      level: f.confidence === 'low' ? (LEVEL[f.severity] === 'error' ? 'warning' : 'note') : LEVEL[f.severity],
      message: { text: resultMessage(f, titles) },
      locations: [{ physicalLocation: physical(primary) }],
      ...(others.length > 0
        ? {
            relatedLocations: others.map((o, i) => ({
              id: i + 1,
              physicalLocation: physical(o),
              message: { text: o.commit ? `The same secret, added in commit ${short(o.commit.sha)}.` : 'The same secret again.' },
            })),
          }
        : {}),
      partialFingerprints: { 'keyscan/v1': f.fingerprint },
      properties: {
        confidence: f.confidence,
        ...(f.decoded ? { decoded: f.decoded } : {}),
        mistakes: f.mistakes,
        ...(f.commit ? { commit: f.commit.sha, author: f.commit.author, date: f.commit.date } : {}),
        ...(f.pushed !== undefined ? { pushed: f.pushed } : {}),
        ...(f.commit && f.inHead !== undefined ? { stillInHead: f.inHead } : {}),
        ...(f.tracked !== undefined ? { tracked: f.tracked } : {}),
        ...(f.exposure ? { exposedFrom: f.exposure.from, ...(f.exposure.until ? { exposedUntil: f.exposure.until } : {}) } : {}),
        ...(f.steps && f.steps.length > 0 ? { steps: f.steps } : {}),
        ...(f.verification ? { verified: f.verification } : {}),
      },
    };
  });
  const incomplete = report.summary.incomplete ?? [];
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
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': options.srcRoot
            ? { uri: options.srcRoot.uri, description: { text: options.srcRoot.description } }
            : { description: { text: 'The scanned root.' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
        // An incomplete scan must not read as a clean one: SARIF's own word for a run that failed.
        ...(incomplete.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: false,
                  toolExecutionNotifications: incomplete.map((text) => ({ level: 'error', message: { text: `incomplete scan: ${text}` } })),
                },
              ],
            }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
