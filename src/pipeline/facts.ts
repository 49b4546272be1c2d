// Pipeline, step 3: what git says about the reported findings, gathered once, as plain data for the
// pure advice (advice/advise.ts). One "in HEAD" fact serves trees (the secret is committed) and history
// (false: deleted but still in history). A fact git cannot give is left out; advice takes the safe side.
import type { GitFacts } from '../advice/advise.js';
import { secretHash } from '../findings/fingerprint.js';
import { pushedCommits, removalCommits, secretsInHead, secretsInPlace, trackingOf, workTreeTop, type RemovalIndex } from '../sources/git-state.js';
import type { Finding, Match } from '../types.js';

/** Plaintext secrets by secretHash, for the given findings. */
export function secretsOf(findings: readonly Finding[], matches: readonly Match[]): Map<string, Match> {
  const wanted = new Set(findings.map((f) => f.secretHash));
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

/**
 * What a search of files or of git looks for to find a match's secret: the secret, and for one found only
 * once decoded, the encoded text as it stands in the file (the decoded secret is not there).
 */
export function searchedAs(m: Match): string[] {
  return m.encoded !== undefined && m.encoded !== m.secret ? [m.secret, m.encoded] : [m.secret];
}

async function attempt<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null; // facts are optional: without them advice falls back to the safe assumption
  }
}

export interface Gathered {
  facts: GitFacts;
  notes: string[];
}

/**
 * The git facts about `findings` (tree findings: in the work tree at `root`; history: in its repository).
 * `removals`: what a history scan of every commit saw removed, so "removed in" needs no walk of its own.
 */
export async function gatherGitFacts(findings: readonly Finding[], matches: readonly Match[], root: string, removals?: RemovalIndex): Promise<Gathered> {
  const facts: GitFacts = {};
  const notes: string[] = [];
  if (findings.length === 0) return { facts, notes };
  const secrets = secretsOf(findings, matches);
  // Inside an archive (`a.zip!x/.env`): git sees the archive, never the text inside it. Tracking is the
  // archive's; whether HEAD still holds the secret cannot be told by searching HEAD's text, so it is left unknown.
  const outer = new Map<string, string>();
  const archived = new Set<string>();
  for (const m of matches) {
    if (m.inner === undefined) continue;
    outer.set(m.path, m.path.slice(0, Math.max(0, m.path.length - m.inner.length - 1)));
    archived.add(secretHash(m.secret));
  }
  const tree = findings.filter((f) => f.origin === 'file');
  const history = findings.filter((f) => f.commit);
  // The work tree's top, asked once for every question below; outside one, a tree scan has nothing to ask git.
  const top = workTreeTop(root);
  if (history.length === 0 && !(await top)) return { facts, notes };
  // Asked while HEAD's tree is read below.
  const tracking =
    tree.length > 0
      ? attempt(() =>
          trackingOf(
            root,
            tree.map((f) => outer.get(f.file) ?? f.file),
            top,
          ),
        )
      : null;
  const asked = [...tree, ...history];
  const hashes = [...new Set(asked.map((f) => f.secretHash))].filter((h) => secrets.has(h) && !archived.has(h));
  // Whether the commits were pushed does not depend on HEAD: git answers it while HEAD's tree is read.
  const shas = history.flatMap((f) => [f.commit!.sha, ...f.occurrences.flatMap((o) => (o.commit ? [o.commit.sha] : []))]);
  const pushing = history.length > 0 ? attempt(() => pushedCommits(root, shas)) : null;
  // A tree scan only asks whether HEAD holds each secret (which files, only history shows): those HEAD
  // holds in their own file, unchanged in the work tree, need no read of the rest of HEAD.
  const asking = new Set(hashes);
  const as = (h: string) => searchedAs(secrets.get(h)!);
  const inPlace =
    history.length === 0 && hashes.length > 0
      ? ((await attempt(() =>
          secretsInPlace(
            root,
            tree.filter((f) => asking.has(f.secretHash)).flatMap((f) => as(f.secretHash).map((secret) => ({ secret, file: f.file }))),
          ),
        )) ?? new Set<string>())
      : new Set<string>();
  const rest = hashes.filter((h) => !as(h).some((s) => inPlace.has(s)));
  const [tracked, searched] = await Promise.all([
    tracking,
    rest.length > 0 ? attempt(() => secretsInHead(root, rest.flatMap(as), history.length > 0, top)) : null,
  ]);
  // By secret hash: the files of HEAD that hold it, in whichever spelling (empty: told in place). Unknown
  // (null) when the search of HEAD was needed and git could not answer: no secret passes for uncommitted.
  const known = rest.length === 0 ? hashes.length > 0 : searched !== null;
  const inHead = known ? new Map<string, string[]>() : null;
  if (inHead) {
    for (const h of hashes) {
      if (as(h).some((s) => inPlace.has(s))) inHead.set(h, []);
      else {
        const files = as(h).flatMap((s) => searched?.get(s) ?? []);
        if (as(h).some((s) => searched?.has(s))) inHead.set(h, [...new Set(files)].sort());
      }
    }
  }
  if (tracked) {
    for (const [inside, archive] of outer) if (tracked[archive]) tracked[inside] = tracked[archive];
    facts.tracking = tracked;
  }
  if (inHead) {
    facts.inHead = hashes.filter((h) => inHead.has(h));
    facts.headFiles = Object.fromEntries(facts.inHead.map((h) => [h, inHead.get(h)!]));
  }
  if (archived.size > 0) facts.headUnknown = [...archived];
  if (history.length > 0) {
    const held = new Set(facts.inHead ?? []);
    const deleted = facts.inHead ? history.filter((f) => !held.has(f.secretHash) && !archived.has(f.secretHash)) : [];
    if (deleted.length > 0) notes.push(`${deleted.length} finding(s) deleted but still in history: every clone still carries them, so revoke those keys`);
    const asks = deleted
      .filter((f) => secrets.has(f.secretHash))
      .flatMap((f) => as(f.secretHash).map((secret) => ({ key: f.fingerprint, file: f.file, secret })));
    const [pushed, removed] = await Promise.all([pushing, attempt(() => removalCommits(root, asks, removals))]);
    if (pushed) facts.pushed = pushed;
    if (removed) facts.removed = removed;
  }
  return { facts, notes };
}
