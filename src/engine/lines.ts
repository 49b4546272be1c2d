// Line numbers of a text: built once per text, binary-searched per offset. Pure.

export class Lines {
  private starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 0-based line index of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineStart(index: number): number {
    return this.starts[index];
  }
  /** The line's text without its line break ('' before the first line). */
  lineText(index: number): string {
    if (index < 0) return '';
    const start = this.starts[index];
    const end = index + 1 < this.starts.length ? this.starts[index + 1] - 1 : this.text.length;
    return this.text.charCodeAt(end - 1) === 13 && end > start ? this.text.slice(start, end - 1) : this.text.slice(start, end);
  }
}

/** Past this gap beyond what was searched, a newline search starts afresh where it is asked. */
const NEWLINE_GAP = 16 * 1024;

/**
 * The newlines of a text around keyword hits, for the windows rules run on (engine/scan.ts windowsFor).
 * Hits come in order, rule after rule: the newlines of one stretch are found once, with one search a line,
 * and a long line without one is searched once, not once per hit on it. What was searched is one stretch
 * that only moves forward: an ask far past it starts a new stretch there (a few hits in a large text cost a
 * few searches, not a walk of every line between them); an ask before it is answered by a search of its own.
 */
export class Newlines {
  /** Every newline in [from, to), ascending. */
  private found: number[] = [];
  private from = 0;
  private to = 0;
  constructor(private readonly text: string) {}

  /** The index in `found` of the first newline at or after `at`. */
  private firstAtOrAfter(at: number): number {
    let lo = 0;
    let hi = this.found.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.found[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The `count`-th newline (1 = the first) at or after `at`, when it stands before `limit`; else -1. */
  nth(at: number, count: number, limit: number): number {
    if (at < this.from) {
      // Behind the stretch: searched on its own, never past `limit` (a long line is not searched to its end).
      let from = at;
      for (let i = 1; ; i++) {
        const nl = this.text.slice(from, limit).indexOf('\n');
        if (nl === -1) return -1;
        if (i === count) return from + nl;
        from += nl + 1;
      }
    }
    if (at > this.to + NEWLINE_GAP) {
      this.found = [];
      this.from = this.to = at;
    }
    let k = this.firstAtOrAfter(at);
    while (this.found.length - k < count && this.to < limit && this.to < this.text.length) {
      const nl = this.text.indexOf('\n', this.to);
      if (nl === -1) this.to = this.text.length;
      else {
        this.found.push(nl);
        this.to = nl + 1;
        // A newline still before `at` (the stretch is catching up): not one of those counted.
        if (nl < at) k++;
      }
    }
    k += count - 1;
    return k < this.found.length && this.found[k] < limit ? this.found[k] : -1;
  }

  /** The last newline in [floor, at), or -1. */
  last(floor: number, at: number): number {
    if (floor >= this.from && at <= this.to) {
      const k = this.firstAtOrAfter(at) - 1;
      return k >= 0 && this.found[k] >= floor ? this.found[k] : -1;
    }
    const back = this.text.slice(floor, at).lastIndexOf('\n');
    return back === -1 ? -1 : floor + back;
  }
}
