// Per-rule timing (--profile-rules): where a scan's CPU goes, rule by rule. The engine stays pure: the
// caller injects the clock, as for the time budget, and reads the totals at the end. Only rule ids and
// figures are kept: nothing of the scanned text.

export interface RuleTotals {
  /** A rule id, or `(keyword pass)` for the one automaton pass that finds every rule's keywords. */
  id: string;
  /** Milliseconds: the rule's regex (or assignment reading) over its keyword windows, and the checks on its candidates. */
  ms: number;
  /** Candidates the regex produced, before validators, placeholders and allow markers. */
  candidates: number;
  /** Fragments the rule ran on (those holding one of its keywords). */
  fragments: number;
}

export const KEYWORD_PASS = '(keyword pass)';

export class RuleProfile {
  private readonly totals = new Map<string, RuleTotals>();

  /** A monotonic clock in milliseconds (performance.now in the CLI). */
  constructor(readonly now: () => number) {}

  add(id: string, ms: number, candidates: number): void {
    const t = this.totals.get(id);
    if (t) {
      t.ms += ms;
      t.candidates += candidates;
      t.fragments++;
    } else this.totals.set(id, { id, ms, candidates, fragments: 1 });
  }

  /** The `n` costliest entries, most expensive first (ties by id, so the order is stable). */
  top(n: number): RuleTotals[] {
    return [...this.totals.values()].sort((a, b) => b.ms - a.ms || a.id.localeCompare(b.id)).slice(0, n);
  }

  /** Milliseconds over every entry. */
  totalMs(): number {
    let ms = 0;
    for (const t of this.totals.values()) ms += t.ms;
    return ms;
  }
}

/** The report printed to stderr: one line per rule, ids and figures only. */
export function formatProfile(profile: RuleProfile, n = 20): string {
  const total = profile.totalMs();
  const lines = [`keyscan: rule profile (top ${n} by time; ${total.toFixed(0)} ms in rules and the keyword pass, one thread):`];
  for (const t of profile.top(n)) {
    const share = total > 0 ? (100 * t.ms) / total : 0;
    lines.push(
      `  ${t.id.padEnd(40)} ${t.ms.toFixed(1).padStart(9)} ms ${share.toFixed(1).padStart(5)}%  ${String(t.candidates).padStart(8)} candidates  ${String(t.fragments).padStart(7)} fragments`,
    );
  }
  return lines.join('\n') + '\n';
}
