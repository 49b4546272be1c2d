// The default report for people, compact: one line per finding (place, severity and confidence in
// words, provider, rule, the redacted secret), files with the most serious findings first; then one
// short "what to do" per provider and per mistake; then the summary line. `--verbose` gives a block
// per secret (human-verbose.ts); `--quiet` only the finding lines. Colour is decoration only.
import pc from 'picocolors';
import { groupBySecret } from '../findings/group.js';
import type { Finding, MistakeId, Report } from '../types.js';
import { renderHumanVerbose } from './human-verbose.js';
import { byImportance, closingLines, CONFIDENCE_WORDS, movedText, wrap, type Colors, type HumanOptions } from './words.js';

export type { HumanOptions } from './words.js';
export { wrap } from './words.js';

/** Findings grouped by file, files ordered by their most important finding, each file's findings by importance. */
export function orderedByFile(findings: Finding[]): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const files = [...byFile.values()].map((list) => list.sort(byImportance));
  const rank = (f: Finding) => ({ ...f, line: 0, column: 0 });
  files.sort((a, b) => byImportance(rank(a[0]), rank(b[0])) || (a[0].file < b[0].file ? -1 : a[0].file > b[0].file ? 1 : 0));
  return files.flat();
}

interface Row {
  place: string;
  rating: string;
  provider: string;
  rule: string;
  secret: string;
  finding: Finding;
}

function rowOf(f: Finding): Row {
  const more = f.occurrences.length > 1 ? ` (+${f.occurrences.length - 1} in this file)` : '';
  const commit = f.commit ?? f.occurrences[0]?.commit;
  // After a rename the place is where the key was added; say where HEAD holds it now.
  const moved = f.commit && f.inHead ? movedText(f) : '';
  return {
    place: `${f.file}:${f.line}:${f.column}`,
    rating: `${f.severity} · ${CONFIDENCE_WORDS[f.confidence]}`,
    provider: f.provider,
    rule: f.rule,
    secret: `${f.secret ?? f.redacted}${f.decoded ? ` (inside ${f.decoded})` : ''}${more}${commit ? ` in ${commit.sha.slice(0, 7)}` : ''}${moved ? `, still in HEAD${moved}` : ''}${f.verification === 'live' ? '  LIVE: the provider accepted it' : f.verification === 'revoked' ? '  revoked' : ''}`,
    finding: f,
  };
}

/** The finding lines, columns aligned; on a terminal too narrow for one, the secret goes on the next line. */
function findingLines(findings: Finding[], c: Colors, width: number | undefined): string[] {
  const rows = orderedByFile(findings).map(rowOf);
  const w = (key: 'place' | 'rating' | 'provider' | 'rule') => Math.max(...rows.map((r) => r[key].length));
  const [wp, wr, wv, wu] = [w('place'), w('rating'), w('provider'), w('rule')];
  const paint = { critical: c.red, high: c.red, medium: c.yellow, low: c.dim } as const;
  return rows.flatMap((r) => {
    const rating = r.finding.confidence === 'low' ? c.dim(r.rating) : paint[r.finding.severity](r.rating);
    const head = `${r.place.padEnd(wp)}  ${rating}${' '.repeat(wr - r.rating.length)}  ${r.provider.padEnd(wv)}  ${c.dim(r.rule.padEnd(wu))}`;
    const plainLength = wp + wr + wv + wu + 8;
    if (width === undefined || plainLength + 2 + r.secret.length <= width) return [`${head}  ${c.cyan(r.secret)}`.trimEnd()];
    if (plainLength <= width) return [head.trimEnd(), `    ${c.cyan(r.secret)}`];
    // Narrower still: fill lines field by field, continuation lines indented.
    const fields: [string, (s: string) => string][] = [
      [r.place, (s) => s],
      [r.rating, (s) => (r.finding.confidence === 'low' ? c.dim(s) : paint[r.finding.severity](s))],
      [r.provider, (s) => s],
      [r.rule, c.dim],
      [r.secret, c.cyan],
    ];
    const lines: string[] = [];
    let plain = '';
    let line = '';
    for (const [text, colour] of fields) {
      if (plain && plain.length + 2 + text.length > width) {
        lines.push(line);
        [plain, line] = [`    ${text}`, `    ${colour(text)}`];
      } else [plain, line] = plain ? [`${plain}  ${text}`, `${line}  ${colour(text)}`] : [text, colour(text)];
    }
    return [...lines, line];
  });
}

/** One short line of advice per provider (where to revoke, where to limit usage) and per mistake. */
function adviceLines(report: Report, c: Colors, width: number): string[] {
  const out: string[] = [];
  const item = (lead: string, text: string, leadWidth: number) => {
    wrap(text, width - leadWidth - 4).forEach((l, i) => out.push(`  ${i === 0 ? c.bold(lead.padEnd(leadWidth)) : ' '.repeat(leadWidth)}  ${l}`));
  };
  const providers = new Map<string, Finding>();
  for (const f of [...report.findings].sort(byImportance)) if (!providers.has(f.provider)) providers.set(f.provider, f);
  const shown = new Set(report.findings.flatMap((f) => f.mistakes));
  const mistakes = (report.mistakes ?? []).filter((m) => shown.has(m.id));
  const order = [...mistakes.map((m) => m.id), ...(Object.keys(SHORT_DO) as MistakeId[])];
  const ids = [...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  out.push(c.bold('What to do:'));
  const providerWidth = Math.max(...[...providers.keys()].map((p) => p.length));
  for (const [provider, f] of providers) {
    const parts: string[] = [];
    parts.push(f.remediation?.revoke ? `revoke at ${f.remediation.revoke}` : 'revoke or change it where it was issued');
    if (f.remediation?.usage) parts.push(`check its usage at ${f.remediation.usage}`);
    item(provider, parts.join('; '), providerWidth);
  }
  const idWidth = Math.max(...ids.map((id) => id.length));
  for (const id of ids) item(id, SHORT_DO[id], idWidth);
  return out;
}

/** What to do about each mistake, in one line (the catalogue's full text is in --verbose). */
const SHORT_DO: Record<MistakeId, string> = {
  'stored-insecurely': 'keep keys in environment variables or a secret store; gitignore .env',
  'shared-with-others': 'docs, notebooks and browser code are public: revoke it',
  'not-revoked': 'committed once means leaked, even if deleted since: revoke it',
  'multiple-keys-no-purpose': 'one key per service and environment, named for what it is for',
  'usage-not-monitored': 'set a usage limit with alerts; check usage while it was exposed',
};

export function renderHuman(report: Report, options: HumanOptions): string {
  if (options.detail === 'verbose') return renderHumanVerbose(report, options);
  const c = pc.createColors(options.color);
  const width = Math.max(60, options.width ?? 100);
  const out: string[] = [];
  if (report.findings.length > 0) out.push(...findingLines(report.findings, c, options.width));
  if (options.detail === 'quiet') return out.length > 0 ? `${out.join('\n')}\n` : '';
  if (report.findings.length > 0) {
    out.push('', ...adviceLines(report, c, width), '');
  }
  const secrets = groupBySecret(report.findings).length;
  out.push(...closingLines(report, secrets, c, width));
  if (report.findings.length > 0) {
    for (const l of wrap('keyscan --verbose shows, for each secret, every place it stands, its commits and the steps to take.', width)) out.push(c.dim(l));
  }
  return `${out.join('\n')}\n`;
}
