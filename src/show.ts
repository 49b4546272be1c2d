// How dates, commit ids and confidence are shown in every report, message and step: one place, one form.
import type { Confidence } from './types.js';

/** `2020-01-02T03:04:05Z` → `2020-01-02`. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A commit id as people read it: its first 10 characters. */
export function short(sha: string): string {
  return sha.slice(0, 10);
}

/**
 * Confidence in words, next to the severity: "critical · likely real" and "medium · looks like an
 * example" say two different things without reading as a contradiction.
 */
export const CONFIDENCE_WORDS: Record<Confidence, string> = {
  high: 'likely real',
  medium: 'may be real',
  low: 'looks like an example',
};
