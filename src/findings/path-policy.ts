// Confidence by where a secret stands, decided once per finding after matching (the engine sees text
// only). A real-looking secret in a test suite (every common layout), fixture, example, template or
// documentation path is still reported, with low confidence: real keys are often committed in tests
// (DECISIONS.md). What the text says (comments, local hosts) is the engine's (engine/place.ts).
import type { Confidence } from '../types.js';

// Folders of test suites, fixtures, docs and templates, in every common layout.
const LOW_DIR =
  /(?:^|\/)(?:t|tests?|testing|__tests__|spec|specs|testdata|test[-_]data|test[-_]?fixtures|test[-_]?(?:servers?|env|envs|harness|kit|libs?|utils?|support|helpers?|cases|suites?|resources|assets|files)|regress|regressions?|fuzz|fuzzing|fuzzers?|fuzz[-_]harness|fixtures?|__fixtures__|mocks?|__mocks__|stubs?|fakes?|e2e|cypress|integration[-_]tests?|unit[-_]tests?|__snapshots__|snapshots|examples?|samples?|demos?|docs?|documentation|tutorials?|templates?|generators)\//i;
// Test files by name: `x_test.go`, `test_x.py`, `x_spec.rb`, `XTest.java`, `XTests.cs`, `x.test.ts`, `x.spec.js`.
const TEST_FILE =
  /(?:^|\/)(?:[^/]+[._-](?:test|tests|spec|specs)\.[A-Za-z0-9]+|tests?[._-][^/]+|[A-Z][A-Za-z0-9]*(?:Test|Tests|Spec|IT)\.(?:java|kt|kts|scala|groovy|cs|php|swift|m))$/;
// Documentation, templates and example files: man pages (`rclone.1`), `MANUAL.html`, `*.md`, `*.tt`, `*.example`, `x.sample.yml`, `config.example.json`.
const DOC_OR_TEMPLATE =
  /(?:\.(?:md|mdx|markdown|rst|adoc|asciidoc|rdoc|pod|texi|texinfo|man|mdoc|ronn|tt|tpl|tmpl|template|example|sample|dist)$|(?:^|\/)[^/.]+\.[1-9][a-z]{0,3}$|(?:^|\/)(?:README|CHANGELOG|CHANGES|HISTORY|CONTRIBUTING|UPGRADING|MIGRATION)[^/]*$|(?:^|\/)[^/]*[._-](?:examples?|samples?|fixtures?|mocks?|fake|dummy|demo)(?:[._-][^/]*)?$|(?:^|\/)\.env\.(?:example|sample|template|dist|test|testing)$)/i;

// Project documents named in capitals (`MANUAL.html`, `FAQ`, `INSTALL.txt`); case matters: `install.sh` is a script.
const DOC_NAME = /(?:^|\/)(?:MANUAL|FAQ|INSTALL|NEWS|USAGE|HOWTO)(?:\.(?:txt|html?|md|rst))?$/;

/** Why a path makes its matches low confidence (a test, example, docs or template path), or null. */
export function placeReason(at: string): string | null {
  // Inside an archive (`a.zip!tests/x.env`) the path inside counts as folders like any other.
  const path = at.includes('!') ? at.replace(/!/g, '/') : at;
  if (LOW_DIR.test(path) || TEST_FILE.test(path)) return 'in a test, fixture, example or documentation path';
  if (DOC_OR_TEMPLATE.test(path) || DOC_NAME.test(path)) return 'in documentation, a template or an example file';
  return null;
}

export function lowConfidencePath(path: string): boolean {
  return placeReason(path) !== null;
}

/** A finding's confidence and, when something lowered it, why. */
export interface Placed {
  confidence: Confidence;
  lowered?: string;
}

/** The confidence of a secret found at `path`, given the confidence matching gave it. */
export function placeConfidence(path: string, found: Placed): Placed {
  const why = found.confidence !== 'low' ? placeReason(path) : null;
  if (why) return { confidence: 'low', lowered: why };
  return found.lowered ? { confidence: found.confidence, lowered: found.lowered } : { confidence: found.confidence };
}
