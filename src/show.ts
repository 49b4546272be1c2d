// How dates and commit ids are shown in every report, message and step: one place, one form.

/** `2020-01-02T03:04:05Z` → `2020-01-02`. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A commit id as people read it: its first 10 characters. */
export function short(sha: string): string {
  return sha.slice(0, 10);
}
