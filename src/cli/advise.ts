// The CLI side of advice: gather the git facts a report's advice needs (through sources/git-state),
// run the pure advice over the report, and write the purge plan for `keyscan git --purge-plan FILE`.
import { mkdir, open } from 'node:fs/promises';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { advise, type GitFacts } from '../advice/advise.js';
import { purgeExpressions, purgeInstructions, type PurgeSecret } from '../advice/purge.js';
import { KeyscanError } from '../errors.js';
import { secretHash } from '../findings/fingerprint.js';
import { loadMistakes } from '../mistakes.js';
import { pushedCommits, removalCommits, secretsInHead, trackingOf } from '../sources/git-state.js';
import type { Match, Report } from '../types.js';
import type { Io } from './io.js';

/** The matches and root behind each report that buildReport made (the facts need the plaintext). */
const scans = new WeakMap<Report, { matches: Match[]; root: string }>();

export function rememberScan(report: Report, matches: Match[], root: string): void {
  scans.set(report, { matches, root });
}

/** Plaintext secrets by secretHash, for the secrets the report still holds. */
function secretsOf(report: Report, matches: Match[]): Map<string, Match> {
  const wanted = new Set(report.findings.map((f) => f.secretHash));
  const out = new Map<string, Match>();
  const seen = new Set<string>();
  for (const m of matches) {
    if (seen.has(m.secret)) continue;
    seen.add(m.secret);
    const h = secretHash(m.secret);
    if (wanted.has(h) && !out.has(h)) out.set(h, m);
  }
  return out;
}

async function attempt<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null; // facts are optional: without them advice falls back to the safe assumption
  }
}

/** What git says about the report's findings. Failures leave the fact out. */
export async function gatherGitFacts(report: Report, matches: Match[], root: string): Promise<GitFacts> {
  const facts: GitFacts = {};
  if (report.findings.length === 0) return facts;
  const secrets = secretsOf(report, matches);
  const tree = report.findings.filter((f) => f.origin === 'file');
  if (tree.length > 0) {
    const tracking = await attempt(() => trackingOf(root, tree.map((f) => f.file)));
    if (tracking) facts.tracking = tracking;
    const hashes = [...new Set(tree.map((f) => f.secretHash))].filter((h) => secrets.has(h));
    const inHead = await attempt(() => secretsInHead(root, hashes.map((h) => secrets.get(h)!.secret)));
    if (inHead) facts.inHead = hashes.filter((h) => inHead.has(secrets.get(h)!.secret));
  }
  const history = report.findings.filter((f) => f.commit);
  if (history.length > 0) {
    const shas = history.flatMap((f) => [f.commit!.sha, ...f.occurrences.flatMap((o) => (o.commit ? [o.commit.sha] : []))]);
    const pushed = await attempt(() => pushedCommits(root, shas));
    if (pushed) facts.pushed = pushed;
    const asks = history
      .filter((f) => f.stillInHead === false && secrets.has(f.secretHash))
      .map((f) => ({ key: f.fingerprint, file: f.file, secret: secrets.get(f.secretHash)!.secret }));
    const removed = await attempt(() => removalCommits(root, asks));
    if (removed) facts.removed = removed;
  }
  return facts;
}

/** The report with its advice (git facts gathered when buildReport remembered the scan). */
export async function adviseReport(report: Report): Promise<Report> {
  const scan = scans.get(report);
  const facts = scan ? await gatherGitFacts(report, scan.matches, scan.root) : {};
  return advise(report, loadMistakes(), facts);
}

/**
 * Write the filter-repo expressions file for the report's secrets (mode 0600, set before any secret is
 * written) and return the instructions to print; null when there is nothing to purge (no file written).
 */
export async function writePurgePlan(file: string, report: Report, matches: Match[], root: string, io: Io): Promise<string | null> {
  if (file.trim() === '') throw new KeyscanError('--purge-plan needs a FILE to write the plan to');
  const secrets: PurgeSecret[] = [...secretsOf(report, matches).values()].map((m) => ({ secret: m.secret, rule: m.rule.id }));
  if (secrets.length === 0) return `keyscan: no secrets found, so no purge plan was written to ${file}\n`;
  const path = resolve(io.cwd, file);
  const text = purgeExpressions(secrets);
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new KeyscanError(`cannot write the purge plan ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rel = relative(root, path);
  const insideRepo = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return purgeInstructions({ file: path, count: secrets.length, insideRepo });
}
