// Confidence by where a secret stands, decided once per finding after matching (the engine sees text
// only). A real-looking secret in a test, fixture, example or documentation path is still reported,
// with low confidence: real keys are often committed in tests (DECISIONS.md).
import type { Confidence } from '../types.js';

/** Paths whose secrets are probably test data or documentation. */
const LOW_CONFIDENCE_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|testdata|test-data|fixtures?|__fixtures__|mocks?|__mocks__|examples?|samples?|docs?|documentation)\/|(?:\.example|\.sample|\.template|\.dist|\.md|\.mdx|\.rst|\.adoc)$|(?:^|\/)\.env\.(?:example|sample|template|dist)$|(?:[._-](?:test|spec))\.[a-z]+$/i;

export function lowConfidencePath(path: string): boolean {
  return LOW_CONFIDENCE_PATH.test(path);
}

/** A finding's confidence and, when something lowered it, why. */
export interface Placed {
  confidence: Confidence;
  lowered?: string;
}

/** The confidence of a secret found at `path`, given the confidence matching gave it. */
export function placeConfidence(path: string, found: Placed): Placed {
  if (found.confidence !== 'low' && lowConfidencePath(path)) return { confidence: 'low', lowered: 'in a test, example or documentation path' };
  return found.lowered ? { confidence: found.confidence, lowered: found.lowered } : { confidence: found.confidence };
}
