// Provenance of whole-blob matches (history: what git showed no text diff for). A blob is scanned once
// however many commits put it wherever; afterwards each commit that put it at a path is credited with
// the secrets it introduced there: those the blob holds and none of the blobs it replaced held.
import type { Introduction, Match } from '../types.js';

function secretKey(m: Match): string {
  return `${m.rule.id}\0${m.secret}`;
}

/** One match per introduction of a secret, at the introduction's path and commit. */
export function attributeBlobs(byBlob: ReadonlyMap<string, Match[]>, introductions: Iterable<Introduction>): Match[] {
  const out: Match[] = [];
  for (const intro of introductions) {
    const found = byBlob.get(intro.blob);
    if (!found || found.length === 0) continue;
    const before = new Set<string>();
    for (const old of intro.replaced) for (const m of byBlob.get(old) ?? []) before.add(secretKey(m));
    for (const m of found)
      if (!before.has(secretKey(m)))
        out.push({ ...m, path: m.inner !== undefined ? `${intro.path}!${m.inner}` : intro.path, commit: intro.commit, origin: 'git' });
  }
  return out;
}
