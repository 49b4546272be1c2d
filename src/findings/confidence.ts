// Confidence levels in order, and the findings at or above one: what --min-confidence keeps in a
// report and what --fail-on counts towards the exit status.
import type { Confidence, Finding } from '../types.js';

const RANK: Record<Confidence, number> = { low: 1, medium: 2, high: 3 };

/** The findings of at least `min` confidence. */
export function atLeast<F extends Pick<Finding, 'confidence'>>(findings: readonly F[], min: Confidence = 'low'): F[] {
  return findings.filter((f) => RANK[f.confidence] >= RANK[min]);
}
