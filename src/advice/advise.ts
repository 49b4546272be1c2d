// Remediation a person can follow, by provider and git state. Pure: the git facts (tracked / ignored /
// untracked, pushed, when a secret was deleted) are gathered by the sources and handed in as data.
import { groupBySecret } from '../findings/group.js';
import { day, short } from '../show.js';
import type { Exposure, Finding, MistakeId, MistakeInfo, Origin, Report, Tracking } from '../types.js';
import { withMistake } from './classify.js';

/** What git says about the findings of one scan; every part optional (not a repository, git failed…). */
export interface GitFacts {
  /** Tree scans: how git sees each file (path relative to the scanned root). */
  tracking?: Record<string, Tracking>;
  /** The secrets (by secretHash) that HEAD holds: tree scans, it is committed; history, it is not deleted. */
  inHead?: string[];
  /** Secrets (by secretHash) whose presence in HEAD git cannot tell (they sit inside an archive): inHead says nothing of them. */
  headUnknown?: string[];
  /** Of those, the files at HEAD that hold each (paths from the repository's top). */
  headFiles?: Record<string, string[]>;
  /** History scans: for each commit asked about, whether a remote-tracking ref or tag reaches it. */
  pushed?: Record<string, boolean>;
  /** History scans, secrets deleted from HEAD: by fingerprint, the commit on HEAD's history that removed it. */
  removed?: Record<string, { sha: string; date: string }>;
}

/** One secret (all its findings) as remediation sees it. */
export interface SecretState {
  rule: string;
  provider: string;
  links: { revoke?: string; usage?: string; docs?: string };
  mistakes: MistakeId[];
  origin: Origin;
  /** Files that hold it, in report order. */
  files: string[];
  /** Commits that introduced it (history scans), oldest first. */
  commits: string[];
  /** Of those, the ones a remote-tracking ref or tag reaches; undefined: not known. */
  pushed?: boolean;
  pushedCommits?: string[];
  /** HEAD holds it (history: false means deleted but still in history; trees: it is committed). */
  inHead?: boolean;
  exposure?: Exposure;
  /** Tree scans: files by how git sees them. */
  tracking?: Partial<Record<Tracking, string[]>>;
  /** Every finding of it is low confidence: why (a test or docs path, a comment, a local host). */
  example?: string;
}


function list(items: string[], max = 3): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  const text = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : text;
}

function commitWord(commits: string[]): string {
  return `${commits.length === 1 ? 'commit' : 'commits'} ${list(commits.map(short))}`;
}

/** The exposure window in words: `2020-01-02 to now` / `2020-01-02 to 2020-03-04`. */
export function windowText(e: Exposure): string {
  return `${day(e.from)} to ${e.until ? day(e.until) : 'now'}`;
}

/** The ordered steps for one secret. */
export function stepsFor(s: SecretState): string[] {
  const steps: string[] = [];
  const at = s.links.revoke ? ` at ${s.links.revoke}` : ' where it was issued';
  if (s.example) {
    return [
      `It looks like an example or test value (${s.example}). If it is one, mark it so it is not reported again: a comment containing keyscan:allow on its line, its path under allow.paths in .keyscan.yaml, or a value from keyscan fake (the provider's shape, never live).`,
      `If it is a real credential after all, ${s.links.revoke ? 'revoke it' : 'revoke or change it'}${at} and read it from an environment variable or a secret store instead.`,
    ];
  }
  const revoke = s.links.revoke ? 'Revoke it' : 'Revoke or change it';
  const has = (m: MistakeId) => s.mistakes.includes(m);
  if (s.commits.length > 0) {
    if (s.pushed === false) {
      steps.push(
        `Not pushed yet: take it out of ${commitWord(s.commits)} before you push. If that is your last commit, remove the key and run git commit --amend; otherwise run git rebase -i ${short(s.commits[0])}^ and edit that commit (or apply keyscan git --purge-plan FILE).`,
      );
      steps.push(`Then ${s.links.revoke ? 'rotate' : 'change'} it${at} if it was shared any other way (chat, e-mail, a CI log, another machine).`);
    } else {
      const why =
        s.pushed === true
          ? `${commitWord(s.pushedCommits && s.pushedCommits.length > 0 ? s.pushedCommits : s.commits)} ${s.pushedCommits && s.pushedCommits.length > 1 ? 'were' : 'was'} pushed`
          : `keyscan could not tell whether ${commitWord(s.commits)} ${s.commits.length > 1 ? 'were' : 'was'} pushed`;
      steps.push(`${revoke} now${at}: ${why}, and rewriting history does not un-leak it.`);
      if (s.inHead === false) {
        steps.push(
          'It is deleted from HEAD but every clone and fork still holds it: after revoking, purge it from history if you must (keyscan git --purge-plan FILE).',
        );
      }
      steps.push('Keep its replacement in an environment variable or a secret store, never in the repository.');
    }
    if (s.exposure) {
      const where = s.links.usage ? `its usage at ${s.links.usage}` : 'the usage and access logs of whatever it unlocks';
      steps.push(`Check ${where} for the time it was exposed: ${windowText(s.exposure)}.`);
    }
  } else if (s.origin === 'stdin') {
    steps.push(`If the text you scanned is stored or shared anywhere (a log, a paste, a ticket), ${revoke.toLowerCase()}${at}.`);
  } else if (s.origin === 'staged') {
    steps.push(
      `It is staged, not committed yet: take it out of ${list(s.files)}, git add the file again, and read the key from an environment variable or a secret store.`,
    );
    if (has('shared-with-others')) steps.push(`${revoke}${at} if what you are committing was already published.`);
  } else {
    if (s.inHead) {
      steps.push(
        `HEAD already holds it, so it is in git history: treat it as leaked. Run keyscan git to see the commit that added it and whether it was pushed; ${revoke.toLowerCase()}${at} if it was.`,
      );
    } else if (has('shared-with-others')) {
      steps.push(`${revoke}${at}: it sits where others read it.`);
    }
    const t = s.tracking ?? {};
    if (t.tracked && t.tracked.length > 0 && !s.inHead) {
      steps.push(`${list(t.tracked)} ${t.tracked.length > 1 ? 'are' : 'is'} tracked by git: take the key out before you commit.`);
    }
    if (t.untracked && t.untracked.length > 0) {
      steps.push(
        `${list(t.untracked)} ${t.untracked.length > 1 ? 'are' : 'is'} not in git yet: add ${t.untracked.length > 1 ? 'them' : 'it'} to .gitignore, or move the key to a secret store, before anyone commits ${t.untracked.length > 1 ? 'them' : 'it'}.`,
      );
    }
    if (t.ignored && t.ignored.length > 0) {
      steps.push(
        `${list(t.ignored)} ${t.ignored.length > 1 ? 'are' : 'is'} ignored by git, so the key stays out of commits (the lesser risk): keep it out of backups, images and shared folders too.`,
      );
    }
    if (!t.tracked && !t.untracked && !t.ignored) {
      steps.push('Move it to an environment variable or a secret store and read it from there at run time.');
    }
  }
  if (has('usage-not-monitored')) {
    const where = s.links.docs ?? s.links.usage;
    steps.push(`Set a usage limit with alerts${where ? ` at ${where}` : ' with the provider'}.`);
  }
  return steps;
}

function worst(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false || b === false) return false;
  return undefined;
}

/** One finding with the facts that concern it alone. */
function withFacts(f: Finding, facts: GitFacts): Finding {
  const out: Finding = { ...f };
  if (facts.tracking && f.origin === 'file' && facts.tracking[f.file]) out.tracked = facts.tracking[f.file];
  if (facts.inHead && (f.origin === 'file' || f.commit) && !facts.headUnknown?.includes(f.secretHash)) out.inHead = facts.inHead.includes(f.secretHash);
  if (out.inHead && f.origin === 'file') out.mistakes = withMistake(f.mistakes, 'not-revoked');
  const held = out.inHead && f.commit ? facts.headFiles?.[f.secretHash] : undefined;
  if (held && held.length > 0) out.headFiles = held;
  const commits = [...new Set(f.occurrences.map((o) => o.commit?.sha).filter((s): s is string => !!s))];
  if (f.commit && !commits.includes(f.commit.sha)) commits.unshift(f.commit.sha);
  if (facts.pushed && commits.length > 0 && commits.every((c) => c in facts.pushed!)) {
    out.pushed = commits.some((c) => facts.pushed![c]);
  }
  const dates = f.occurrences.map((o) => o.commit?.date).filter((d): d is string => !!d);
  if (f.commit) dates.push(f.commit.date);
  if (dates.length > 0) {
    const from = dates.sort()[0];
    const removed = out.inHead === false ? facts.removed?.[f.fingerprint] : undefined;
    out.exposure = { from, ...(removed ? { until: removed.date, removedIn: removed.sha } : {}) };
  }
  return out;
}

/** The state of one secret from all its findings. */
export function secretState(group: Finding[]): SecretState {
  const f = group[0];
  const commits: { sha: string; date: string }[] = [];
  for (const g of group) {
    for (const o of g.occurrences) if (o.commit && !commits.some((c) => c.sha === o.commit!.sha)) commits.push(o.commit);
    if (g.commit && !commits.some((c) => c.sha === g.commit!.sha)) commits.push(g.commit);
  }
  commits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let pushed: boolean | undefined;
  let inHead: boolean | undefined;
  for (const g of group) {
    pushed = g.pushed === undefined ? pushed : pushed === undefined ? g.pushed : pushed || g.pushed;
    inHead = worst(inHead, g.inHead);
  }
  let exposure: Exposure | undefined;
  const windows = group.map((g) => g.exposure).filter((e): e is Exposure => !!e);
  if (windows.length > 0) {
    const from = windows.map((w) => w.from).sort()[0];
    const open = inHead !== false || windows.some((w) => !w.until);
    const last = windows.filter((w) => w.until).sort((a, b) => (a.until! < b.until! ? 1 : -1))[0];
    exposure = open || !last ? { from } : { from, until: last.until, removedIn: last.removedIn };
  }
  const tracking: Partial<Record<Tracking, string[]>> = {};
  for (const g of group) {
    if (!g.tracked) continue;
    const files = (tracking[g.tracked] ??= []);
    if (!files.includes(g.file)) files.push(g.file);
  }
  const mistakes = group.reduce<MistakeId[]>((acc, g) => g.mistakes.reduce((a, m) => withMistake(a, m), acc), []);
  return {
    rule: f.rule,
    provider: f.provider,
    links: { ...group.find((g) => g.remediation)?.remediation },
    mistakes,
    origin: f.origin,
    files: [...new Set(group.map((g) => g.file))],
    commits: commits.map((c) => c.sha),
    ...(pushed !== undefined ? { pushed, pushedCommits: [...new Set(group.filter((g) => g.pushed).flatMap((g) => (g.commit ? [g.commit.sha] : [])))] } : {}),
    ...(inHead !== undefined ? { inHead } : {}),
    ...(exposure ? { exposure } : {}),
    ...(Object.keys(tracking).length > 0 ? { tracking } : {}),
    ...(group.every((g) => g.confidence === 'low') ? { example: group.find((g) => g.lowered)?.lowered ?? 'low confidence' } : {}),
  };
}

/**
 * The report with its advice: git facts applied to each finding, the steps for each secret, and the
 * catalogue entries of the mistakes shown. Returns a new report; the input is not changed.
 */
export function advise(report: Report, catalogue: MistakeInfo[], facts: GitFacts = {}): Report {
  const findings = report.findings.map((f) => withFacts(f, facts));
  const steps = new Map<string, string[]>();
  for (const group of groupBySecret(findings)) steps.set(group[0].secretHash, stepsFor(secretState(group)));
  const advised = findings.map((f) => ({ ...f, steps: steps.get(f.secretHash) ?? [] }));
  const shown = new Set(advised.flatMap((f) => f.mistakes));
  return { ...report, findings: advised, mistakes: catalogue.filter((m) => shown.has(m.id)) };
}

