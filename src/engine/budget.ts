// A time budget for one rule on one fragment. The engine stays pure: it never reads a clock itself,
// the caller injects `now()` and hears back through `onExceeded` when a rule was stopped.
//
// JavaScript cannot interrupt a single regex execution; the budget is checked between executions
// (one per keyword window, one per candidate). Custom rules run on a linear-time engine (engine/linear.ts),
// so no single execution of theirs outlasts the budget by more than one window's scan; built-in rules are
// checked against catastrophic backtracking at build time (engine/redos.ts).

/** Default milliseconds one rule may spend on one fragment before it is stopped. */
export const DEFAULT_BUDGET_MS = 5000;

/** What the engine reports when it stopped a rule. */
export interface BudgetStop {
  rule: string;
  path: string;
  /** 1-based line the rule had reached when it was stopped. */
  line: number;
  /** Milliseconds the rule had spent on the fragment. */
  spentMs: number;
}

export interface Budget {
  /** Milliseconds one rule may spend on one fragment. */
  ms: number;
  /** A monotonic clock in milliseconds (performance.now in the CLI; a fake in tests). */
  now: () => number;
  /** Called once per stopped rule and fragment: the rest of that fragment was not checked for that rule. */
  onExceeded: (stop: BudgetStop) => void;
}

/** Parse a budget given in seconds (CLI option); null when the text is not a positive number. */
export function budgetMsFromSeconds(seconds: unknown): number | null {
  const n = typeof seconds === 'number' ? seconds : Number(seconds);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}
