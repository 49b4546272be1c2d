// Baselines: fingerprints of accepted findings. Never a secret, a line number or a timestamp.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeyscanError } from '../errors.js';
import type { Finding } from '../types.js';

export const BASELINE_FILE = '.keyscan-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  reason?: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface LoadedBaseline {
  path: string;
  fingerprints: Set<string>;
  entries: BaselineEntry[];
}

export function parseBaseline(text: string, path: string): BaselineEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KeyscanError(`invalid baseline ${path}: ${(err as Error).message}`);
  }
  const entries = (doc as Baseline | null)?.entries;
  if (!Array.isArray(entries) || entries.some((e) => !e || typeof e.fingerprint !== 'string')) {
    throw new KeyscanError(`invalid baseline ${path}: expected {"version": 1, "entries": [{"fingerprint": …}]}`);
  }
  return entries;
}

/** `--baseline FILE` (must exist), else `.keyscan-baseline.json` at the root when present. */
export function loadBaseline(root: string, explicit?: string): LoadedBaseline | null {
  const path = explicit ? resolve(explicit) : join(root, BASELINE_FILE);
  if (!explicit && !existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KeyscanError(`cannot read baseline ${explicit ?? path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const entries = parseBaseline(text, explicit ?? BASELINE_FILE);
  return { path: explicit ?? BASELINE_FILE, fingerprints: new Set(entries.map((e) => e.fingerprint)), entries };
}

export function applyBaseline(findings: Finding[], fingerprints: Set<string>): Finding[] {
  return findings.filter((f) => !fingerprints.has(f.fingerprint));
}

/** The baseline for these findings, keeping the reasons of entries that still apply. Sorted, stable. */
export function makeBaseline(findings: Finding[], previous: BaselineEntry[] = []): Baseline {
  const reasons = new Map(previous.filter((e) => e.reason).map((e) => [e.fingerprint, e.reason!]));
  const byFp = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const reason = reasons.get(f.fingerprint);
    byFp.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, file: f.file, ...(reason ? { reason } : {}) });
  }
  const entries = [...byFp.values()].sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.rule !== b.rule ? (a.rule < b.rule ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : 1,
  );
  return { version: 1, entries };
}

export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}
