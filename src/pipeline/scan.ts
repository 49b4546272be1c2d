// Pipeline, step 1: read a source and run every fragment through the engine, with the configuration's
// rules, markers and allow.paths and the time budget, for every kind of source alike. Whole-blob
// matches (history) are credited to the commits that introduced them once everything is read.
import micromatch from 'micromatch';
import { loadConfig, type Config } from '../config.js';
import type { RuleSet } from '../engine/compile.js';
import { DEFAULT_BUDGET_MS } from '../engine/budget.js';
import { DecodeAllowance, DEFAULT_DECODE_DEPTH, scanDeep } from '../engine/deep-scan.js';
import type { ScanOptions } from '../engine/scan.js';
import { attributeBlobs } from '../findings/attribute.js';
import { builtinRuleSet } from '../rules.js';
import type { Source, SourceContext } from '../sources/source.js';
import { Tally } from '../sources/tally.js';
import type { Match } from '../types.js';

export interface ScanSettings {
  /** Where a relative config or baseline path is resolved (default: the process's working directory). */
  cwd?: string;
  /** The configuration file (default `.keyscan.yaml` at the source's root, when present). */
  config?: string;
  /** Milliseconds one rule may spend on one fragment (default DEFAULT_BUDGET_MS). */
  timeBudgetMs?: number;
  /** Layers of encoding (base64, hex, percent, escapes) decoded and scanned again (default 2; 0: none). */
  decodeDepth?: number;
  /** Programmatic use: these rules instead of the built-in ones and the configuration's. */
  ruleSet?: RuleSet;
  /** Programmatic use: more rule ids switched off, more path globs left out. */
  disabledRules?: string[];
  allowPaths?: string[];
}

/** What one scan runs with, read once before the source is. */
export interface Prepared {
  root: string;
  config: Config;
  ruleSet: RuleSet;
  tally: Tally;
  started: number;
}

export function prepare(root: string, settings: ScanSettings = {}): Prepared {
  const started = Date.now();
  const loaded = loadConfig(root, settings.config, settings.cwd ?? process.cwd());
  const config: Config = {
    ...loaded,
    allowRules: [...loaded.allowRules, ...(settings.disabledRules ?? [])],
    allowPaths: [...loaded.allowPaths, ...(settings.allowPaths ?? [])],
  };
  const ruleSet = settings.ruleSet ?? builtinRuleSet(config.allowRules, config.rules);
  return { root, config, ruleSet, tally: new Tally(), started };
}

/** Matches with their plaintext: only the pipeline and the purge plan ever hold them. */
export interface Scanned {
  matches: Match[];
  target: string;
}

/** Whether a path is left out by the globs (compiled once). */
export function pathMatcher(globs: string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const test = micromatch.matcher(globs as unknown as string, { dot: true });
  return (path) => test(path);
}

export async function scanSource(source: Source, p: Prepared, budgetMs = DEFAULT_BUDGET_MS, decodeDepth = DEFAULT_DECODE_DEPTH): Promise<Scanned> {
  const options: ScanOptions = {
    foreignMarkers: p.config.foreignMarkers,
    decodeDepth,
    decodeAllowance: new DecodeAllowance(),
    nowSeconds: Math.floor(Date.now() / 1000),
    budget: {
      ms: budgetMs,
      now: () => performance.now(),
      onExceeded: (s) =>
        p.tally.lost(
          `rule ${s.rule} stopped by the time budget (${(budgetMs / 1000).toFixed(1)} s) at ${s.path}:${s.line}: the rest of that text was not checked for it (--time-budget raises the limit)`,
        ),
    },
  };
  const matchedBlobs = new Set<string>();
  const ctx: SourceContext = { tally: p.tally, allowPaths: p.config.allowPaths, leftOut: pathMatcher(p.config.allowPaths), matchedBlobs };
  const matches: Match[] = [];
  const byBlob = new Map<string, Match[]>();
  for await (const fragment of source.fragments(ctx)) {
    const found = scanDeep(fragment, p.ruleSet, options);
    if (found.length === 0) continue;
    if (fragment.blob === undefined) {
      for (const m of found) matches.push(m);
      continue;
    }
    matchedBlobs.add(fragment.blob);
    const list = byBlob.get(fragment.blob);
    if (list) for (const m of found) list.push(m);
    else byBlob.set(fragment.blob, found);
  }
  if (byBlob.size > 0) for (const m of attributeBlobs(byBlob, source.introductions?.() ?? [])) matches.push(m);
  return { matches, target: source.target() };
}
