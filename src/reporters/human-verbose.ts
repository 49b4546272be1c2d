// The detailed human report (--verbose). One block per secret (provider and rule title, the redacted secret,
// its first commit or file, every place it stands, whether HEAD still holds it, its mistakes one line
// each, what to do), then each mistake's advice once, then a summary by provider and by mistake.
// Colour is decoration only: without it every line still reads on its own.
import { groupBySecret } from '../findings/group.js';
import pc from 'picocolors';
import { day, short } from '../show.js';
import { MISTAKE_IDS, type MistakeId, type MistakeInfo, type Report } from '../types.js';
import { CONFIDENCE_WORDS, closingLines, movedText, plural, wrap, type HumanOptions } from './words.js';

const LABEL = 13;

const LIVENESS = {
  live: (d: string) => `LIVE: the provider accepted it (${d}): revoke it now`,
  revoked: (d: string) => `revoked: the provider refused it (${d})`,
  unknown: (d: string) => `unknown: ${d}`,
} as const;

export function renderHumanVerbose(report: Report, options: HumanOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(60, options.width ?? 100);
  const sevColor = { critical: c.red, high: c.red, medium: c.yellow, low: c.dim } as const;
  const out: string[] = [];
  const catalogue = new Map((report.mistakes ?? []).map((m) => [m.id, m]));
  const titleOf = (id: MistakeId) => catalogue.get(id)?.title ?? id;

  /** A labelled field: the label in the left column, the text wrapped in the right one. */
  const field = (label: string, text: string, paint: (s: string) => string = (s) => s) => {
    const lines = wrap(text, width - LABEL - 2);
    lines.forEach((l, i) => out.push(`  ${i === 0 ? c.dim(label.padEnd(LABEL)) : ' '.repeat(LABEL)}${paint(l)}`));
  };
  /** Several entries under one label, each wrapped with a hanging indent of `hang` after its lead. */
  const entries = (label: string, items: { lead: string; text: string }[], hang: number, paintLead: (s: string) => string = (s) => s) => {
    items.forEach((item, i) => {
      const lines = wrap(item.text, width - LABEL - 2 - hang);
      lines.forEach((l, j) => {
        const left = i === 0 && j === 0 ? c.dim(label.padEnd(LABEL)) : ' '.repeat(LABEL);
        const lead = j === 0 ? paintLead(item.lead) + ' '.repeat(Math.max(0, hang - item.lead.length)) : ' '.repeat(hang);
        out.push(`  ${left}${lead}${l}`);
      });
    });
  };

  const groups = groupBySecret(report.findings);
  const rank = { high: 0, medium: 1, low: 2 } as const;
  for (const group of groups) {
    // The block speaks for its most confident finding (a copy in documentation is often `low`).
    const f = group.reduce((best, g) => (rank[g.confidence] < rank[best.confidence] ? g : best), group[0]);
    const label = `${f.severity} · ${CONFIDENCE_WORDS[f.confidence]}`;
    const sev = sevColor[f.severity](c.bold(label));
    const head = `${f.provider} · ${f.title}`;
    const meta = `(${f.rule})`;
    if (label.length + 2 + head.length + 2 + meta.length <= width) out.push(`${sev}  ${c.bold(head)}  ${c.dim(meta)}`);
    else out.push(`${sev}  ${c.bold(head)}`, `  ${c.dim(meta)}`);
    field('secret', f.secret ?? f.redacted, c.cyan);
    if (f.decoded) field('decoded', `found inside ${f.decoded}-encoded text (its place is the encoded text's)`);
    const commits = group.flatMap((g) => g.occurrences.flatMap((o) => (o.commit ? [o.commit] : [])));
    if (f.commit) commits.push(f.commit);
    commits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const first = commits[0];
    const places = group.flatMap((g) =>
      g.occurrences.map((o) => `${o.file}:${o.line}:${o.column}${o.commit ? ` (commit ${short(o.commit.sha)}, ${day(o.commit.date)})` : ''}`),
    );
    if (first) {
      field('first', `commit ${short(first.sha)} on ${day(first.date)} by ${first.author} <${first.email}>`);
      entries('found at', places.map((p) => ({ lead: '', text: p })), 0);
    } else {
      field('first', places[0] ?? `${f.file}:${f.line}:${f.column}`);
      if (places.length > 1) entries('also at', places.slice(1).map((p) => ({ lead: '', text: p })), 0);
    }
    const history = group.filter((g) => g.commit);
    const still = history.some((g) => g.inHead === true) ? true : history.some((g) => g.inHead === false) ? false : undefined;
    if (still !== undefined) {
      const gone = group.map((g) => g.exposure).find((e) => e?.removedIn);
      const when = gone ? ` (deleted in ${short(gone.removedIn!)} on ${day(gone.until!)})` : '';
      const moved = still ? history.map(movedText).find((t) => t) : undefined;
      field('in HEAD', still ? (moved ? `yes: now${moved}` : 'yes: still in the files at HEAD') : `no: deleted but still in history${when}`);
    } else if (group.some((g) => !g.commit && g.inHead !== undefined)) {
      field('in HEAD', group.some((g) => g.inHead) ? 'yes: committed, so it is in git history' : 'no: not committed');
    }
    const tracked = [...new Set(group.flatMap((g) => (g.tracked ? [`${g.file}: ${trackingText(g.tracked)}`] : [])))];
    if (tracked.length === 1 && group.length === 1) field('git', trackingText(group[0].tracked!));
    else if (tracked.length > 0) entries('git', tracked.map((t) => ({ lead: '', text: t })), 0);
    const pushed = group.some((g) => g.pushed === true) ? true : group.some((g) => g.pushed === false) ? false : undefined;
    if (pushed !== undefined) field('pushed', pushed ? 'yes: a remote-tracking branch or tag has it' : 'no: only in local commits');
    if (f.verification) field('live?', LIVENESS[f.verification](f.verificationDetail ?? ''), f.verification === 'live' ? c.red : undefined);
    const windows = group.map((g) => g.exposure).filter((e) => e !== undefined);
    if (windows.length > 0) {
      const from = windows.map((w) => w.from).sort()[0];
      const open = still !== false || windows.some((w) => !w.until);
      const until = open ? undefined : windows.map((w) => w.until!).sort().reverse()[0];
      field('exposed', `${day(from)} to ${until ? day(until) : 'now'}`);
    }
    const order: readonly string[] = MISTAKE_IDS;
    const mistakes = [...new Set(group.flatMap((g) => g.mistakes))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (mistakes.length > 0) {
      entries(
        'mistakes',
        mistakes.map((m) => ({
          lead: m,
          text: `${titleOf(m)}${m === 'not-revoked' && still === false ? ': deleted but still in history' : ''}`,
        })),
        26,
        c.yellow,
      );
    }
    const steps = f.steps ?? [];
    if (steps.length > 0) entries('to do', steps.map((s, i) => ({ lead: `${i + 1}.`, text: s })), 3);
    else {
      if (f.remediation?.revoke) field('revoke', f.remediation.revoke);
      if (f.remediation?.usage) field('usage', f.remediation.usage);
    }
    const files = new Set(group.map((g) => g.file));
    const notes = [...new Set(group.flatMap((g) => (g.lowered ? [files.size > 1 ? `${g.file}: ${g.lowered}` : g.lowered] : [])))];
    for (const note of notes) field('note', note, c.dim);
    out.push('');
  }

  const shown = new Map<MistakeId, number>();
  for (const group of groups) for (const m of new Set(group.flatMap((g) => g.mistakes))) shown.set(m, (shown.get(m) ?? 0) + 1);
  const catalogueOrder: MistakeInfo[] = (report.mistakes ?? []).filter((m) => shown.has(m.id));
  if (catalogueOrder.length > 0) {
    out.push(c.bold('What each mistake means and what to do:'));
    out.push('');
    for (const m of catalogueOrder) {
      out.push(`${c.yellow(m.id)} · ${c.bold(m.title)} ${c.dim(`(${plural(shown.get(m.id) ?? 0, 'secret')})`)}`);
      field('why', m.why);
      field('do', m.do);
      out.push('');
    }
  }

  if (groups.length > 0) {
    const byProvider = new Map<string, number>();
    for (const group of groups) byProvider.set(group[0].provider, (byProvider.get(group[0].provider) ?? 0) + 1);
    const providers = [...byProvider.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const order = [...(report.mistakes ?? []).map((m) => m.id), ...MISTAKE_IDS];
    const mistakes = [...shown.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    out.push(c.bold('Summary:'));
    field('by provider', providers.map(([p, n]) => `${p} ${n}`).join(', '));
    if (mistakes.length > 0) field('by mistake', mistakes.map(([m, n]) => `${m} ${n}`).join(', '));
    out.push('');
  }
  out.push(...closingLines(report, groups.length, c, width));
  return `${out.join('\n')}\n`;
}

function trackingText(t: 'tracked' | 'ignored' | 'untracked'): string {
  if (t === 'tracked') return 'tracked by git';
  if (t === 'ignored') return 'ignored by git (.gitignore): never committed from here';
  return 'untracked: not in git yet, and not ignored either';
}
