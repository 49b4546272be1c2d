// What a source read and what it passed over, for the summary. Sources write; the CLI reads.

const EXAMPLES = 50;

function before(path: string, reason: string, than: { path: string; reason: string }): boolean {
  return path < than.path || (path === than.path && reason < than.reason);
}

export class Tally {
  filesScanned = 0;
  bytesScanned = 0;
  readonly skipped: Record<string, number> = {};
  readonly skippedExamples: { path: string; reason: string }[] = [];
  readonly notes: string[] = [];

  /**
   * The examples are the 50 first in (path, reason) order, not in arrival order: threads and git
   * processes skip in whatever order they finish, and the report must not depend on it.
   */
  skip(path: string, reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    this.example(path, reason);
  }

  private example(path: string, reason: string): void {
    const list = this.skippedExamples;
    let at = list.length;
    while (at > 0 && before(path, reason, list[at - 1]!)) at--;
    if (at >= EXAMPLES) return;
    list.splice(at, 0, { path, reason });
    if (list.length > EXAMPLES) list.pop();
  }

  // Sets beside the lists: 40,000 unused baseline entries are 40,000 notes, checked in constant time.
  private readonly noted = new Set<string>();
  private readonly lostSet = new Set<string>();

  note(text: string): void {
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.notes.push(text);
  }

  /**
   * What the scan was asked to cover and could not (an unreadable file, a rule stopped by the time
   * budget). Also a note. A scan with any of these must not pass for clean: the CLI exits 2.
   */
  readonly incomplete: string[] = [];
  lost(text: string): void {
    this.note(text);
    if (this.lostSet.has(text)) return;
    this.lostSet.add(text);
    this.incomplete.push(text);
  }

  /**
   * Add what another tally recorded, its paths renamed by `rename` (the blob reader tells what a blob held
   * under the path it settles on once every commit was read: see history-blobs.ts).
   */
  absorb(other: Tally, rename: (text: string) => string): void {
    this.filesScanned += other.filesScanned;
    this.bytesScanned += other.bytesScanned;
    for (const [reason, n] of Object.entries(other.skipped)) this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
    for (const { path, reason } of other.skippedExamples) this.example(rename(path), reason);
    const lost = new Set(other.incomplete);
    for (const text of other.notes) {
      if (lost.has(text)) this.lost(rename(text));
      else this.note(rename(text));
    }
  }

  /** When nothing was scanned, say so (and what was skipped instead): an empty scan must not look clean. */
  noteIfNothingScanned(): void {
    if (this.filesScanned > 0) return;
    const skipped = Object.entries(this.skipped).map(([why, n]) => `${n} ${why}`).join(', ');
    this.note(`nothing was scanned${skipped ? `: everything was skipped (${skipped})` : ''}`);
  }
}
