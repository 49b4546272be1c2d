// The one shape every source has: it yields Fragments, counts what it read and skipped in the tally,
// and never runs the engine. The pipeline (src/pipeline/) scans what it yields.
import type { Fragment, Introduction } from '../types.js';
import type { RemovalIndex } from './git-state.js';
import type { Tally } from './tally.js';

/** What the pipeline hands a source when it starts reading. */
export interface SourceContext {
  tally: Tally;
  /** allow.paths of the configuration, as globs relative to the root. */
  allowPaths: string[];
  /** Whether allow.paths leaves a path out. */
  leftOut: (path: string) => boolean;
  /** Whole blobs that held a match so far: the pipeline adds each blob as it scans it. */
  matchedBlobs: ReadonlySet<string>;
  /** Wait until every fragment yielded so far is scanned (scanning threads answer later than yields return). */
  settle?: () => Promise<void>;
}

export interface Source {
  /** Paths in the report are relative to it; the configuration and the baseline are looked up there. */
  readonly root: string;
  /** The fragments to scan, read lazily: nothing is read before the pipeline asks. */
  fragments(ctx: SourceContext): AsyncIterable<Fragment>;
  /** What was scanned, in words, for the summary (asked once the fragments ran out). */
  target(): string;
  /** History: which commit put each whole blob where (asked once the fragments ran out). */
  introductions?(): Iterable<Introduction>;
  /** History read whole: which commits removed lines from each file (null when it did not read every commit). */
  removals?(): RemovalIndex | null;
  /** Processes of its own that keep a core busy while it yields (history: its `git log -p`): fewer threads by default. */
  helperProcesses?(): number;
  /**
   * How many characters of text it will yield in all, once it can tell (0 before): the pipeline starts
   * its scanning threads early for a large source instead of after a fixed amount of text.
   */
  expectedChars?(): number;
}

/**
 * A source decided only once reading starts (after the configuration is loaded): `open` looks at the
 * repository, may note things, and returns the source to read, or what to call the scan when there is
 * nothing to read.
 */
export function deferredSource(root: string, open: (ctx: SourceContext) => Promise<Source | { nothing: string }>): Source {
  let inner: Source | { nothing: string } | null = null;
  return {
    root,
    target: () => (inner === null ? '' : 'nothing' in inner ? inner.nothing : inner.target()),
    introductions: () => (inner && 'fragments' in inner && inner.introductions ? inner.introductions() : []),
    expectedChars: () => (inner && 'fragments' in inner && inner.expectedChars ? inner.expectedChars() : 0),
    removals: () => (inner && 'fragments' in inner && inner.removals ? inner.removals() : null),
    helperProcesses: () => (inner && 'fragments' in inner && inner.helperProcesses ? inner.helperProcesses() : 0),
    async *fragments(ctx) {
      inner = await open(ctx);
      if ('fragments' in inner) yield* inner.fragments(ctx);
    },
  };
}
