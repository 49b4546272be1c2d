// Run the real CLI on generated projects and score what it reports against what was planted.
//
// Matching rule (a finding F "matches" a planted secret P):
//   1. F.file === P.file (paths relative to the project root, `/` separators), and
//   2. after normalising both sides (remove whitespace and `\n`/`\r`/`\t` escape sequences, so
//      multi-line, indented and JSON-escaped PEM blocks compare equal):
//        - F.secret lies inside one of P.within (the value as written; for composite credentials
//          also its decoded form, e.g. the percent-decoded URI or the decoded `user:pass` of a
//          base64 auth string; for a service-account JSON file also the whole file), and
//        - F.secret contains one of P.core (by default the whole value; for composite
//          credentials the part that is the secret: a chunk of a PEM body, the password of a
//          connection string or of a basic-auth URL, the token in a carrier file).
//      For ordinary tokens core = within = the token, so this is plain equality.
// A planted secret is found (true positive) when at least one finding matches it; the line is
// checked too and a mismatch is listed (not counted against recall). A finding that matches no
// planted secret is a false positive; it is attributed to the look-alike it overlaps, if any.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type GenerateOptions, type Manifest, type PlantedDecoy, type PlantedSecret, generateProject } from './generator.js';

const run = promisify(execFile);

export interface Finding {
  rule: string;
  provider?: string;
  confidence?: string;
  file: string;
  line: number;
  column?: number;
  secret?: string;
  redacted?: string;
  /** Every place of this secret in the file (the report groups them). */
  occurrences?: { file: string; line: number }[];
}

const linesOf = (f: Finding): number[] => [f.line, ...(f.occurrences ?? []).filter((o) => o.file === f.file).map((o) => o.line)];

export interface Miss {
  seed: number;
  family: string;
  tier: string;
  variant?: string;
  file: string;
  line: number;
  redacted: string;
  /** Findings at that file and line, if any (a wrong capture rather than nothing). */
  near: string[];
}

export interface FalsePositive {
  seed: number;
  rule: string;
  file: string;
  line: number;
  redacted: string;
  /** The look-alike it overlaps, or `unplanned` (filler code, structure). */
  decoy: string;
}

export interface FamilyScore {
  family: string;
  tier: string;
  planted: number;
  found: number;
  rules: Record<string, number>;
}

export interface Score {
  seeds: number[];
  projects: number;
  planted: number;
  found: number;
  plantedCore: number;
  foundCore: number;
  findings: number;
  matchedFindings: number;
  recall: number;
  recallCore: number;
  precision: number;
  families: FamilyScore[];
  misses: Miss[];
  falsePositives: FalsePositive[];
  lineMismatches: { seed: number; family: string; file: string; planted: number; reported: number[] }[];
  decoysPlanted: Record<string, number>;
}

export const DEFAULT_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** First 6 characters and the length: enough to recognise, never the whole secret. */
export function redact(secret: string | undefined): string {
  if (!secret) return '(none)';
  const oneLine = secret.replace(/\r?\n/g, '⏎');
  return `${oneLine.slice(0, 6)}…(${secret.length})`;
}

export function normalise(text: string): string {
  return text.replace(/\\+[nrt]/g, '').replace(/\s+/g, '');
}

export function matches(f: Finding, p: PlantedSecret): boolean {
  if (f.file !== p.file || !f.secret) return false;
  const s = normalise(f.secret);
  if (s.length === 0) return false;
  return p.within.some((w) => normalise(w).includes(s)) && p.core.some((c) => s.includes(normalise(c)));
}

/** Scan one project with the CLI; findings carry full secrets (--no-redact). */
export async function scanProject(dir: string, bin = DEFAULT_BIN): Promise<Finding[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [bin, 'dir', dir, '--format', 'json', '--no-redact'], {
      cwd: dir,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    }));
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (e.code !== 1 || !e.stdout) throw new Error(`keyscan failed (exit ${e.code}): ${e.stderr ?? err}`);
    stdout = e.stdout;
  }
  const report = JSON.parse(stdout) as { findings: Finding[] };
  return report.findings;
}

function decoyFor(f: Finding, decoys: PlantedDecoy[]): string {
  const s = f.secret ? normalise(f.secret) : '';
  const inFile = decoys.filter((d) => d.file === f.file);
  const overlap = inFile.find((d) => {
    const n = normalise(d.text);
    return s && (n.includes(s) || s.includes(n));
  });
  if (overlap) return overlap.kind;
  const sameLine = inFile.find((d) => d.line === f.line);
  return sameLine ? `near ${sameLine.kind}` : 'unplanned';
}

/** Score findings of several projects against their manifests. */
export function score(runs: { manifest: Manifest; findings: Finding[] }[]): Score {
  const families = new Map<string, FamilyScore>();
  const misses: Miss[] = [];
  const falsePositives: FalsePositive[] = [];
  const lineMismatches: Score['lineMismatches'] = [];
  const decoysPlanted: Record<string, number> = {};
  let planted = 0;
  let found = 0;
  let plantedCore = 0;
  let foundCore = 0;
  let findings = 0;
  let matchedFindings = 0;
  for (const { manifest, findings: fs } of runs) {
    for (const d of manifest.decoys) {
      const k = d.kind.split(':')[0];
      decoysPlanted[k] = (decoysPlanted[k] ?? 0) + 1;
    }
    const used = new Set<Finding>();
    for (const p of manifest.planted) {
      const fam = families.get(p.family) ?? { family: p.family, tier: p.tier, planted: 0, found: 0, rules: {} };
      families.set(p.family, fam);
      fam.planted++;
      planted++;
      if (p.tier === 'core') plantedCore++;
      const hits = fs.filter((f) => matches(f, p));
      for (const h of hits) used.add(h);
      if (hits.length > 0) {
        fam.found++;
        found++;
        if (p.tier === 'core') foundCore++;
        const best = hits.find((h) => linesOf(h).includes(p.line)) ?? hits[0];
        fam.rules[best.rule] = (fam.rules[best.rule] ?? 0) + 1;
        if (!hits.some((h) => linesOf(h).includes(p.line))) {
          lineMismatches.push({ seed: manifest.seed, family: p.family, file: p.file, planted: p.line, reported: hits.map((h) => h.line) });
        }
      } else {
        const near = fs.filter((f) => f.file === p.file && f.line === p.line).map((f) => `${f.rule} ${redact(f.secret)}`);
        misses.push({ seed: manifest.seed, family: p.family, tier: p.tier, variant: p.variant, file: p.file, line: p.line, redacted: redact(p.secret), near });
      }
    }
    for (const f of fs) {
      findings++;
      if (used.has(f)) {
        matchedFindings++;
        continue;
      }
      falsePositives.push({ seed: manifest.seed, rule: f.rule, file: f.file, line: f.line, redacted: redact(f.secret), decoy: decoyFor(f, manifest.decoys) });
    }
  }
  return {
    seeds: runs.map((r) => r.manifest.seed),
    projects: runs.length,
    planted,
    found,
    plantedCore,
    foundCore,
    findings,
    matchedFindings,
    recall: planted ? found / planted : 1,
    recallCore: plantedCore ? foundCore / plantedCore : 1,
    precision: findings ? matchedFindings / findings : 1,
    families: [...families.values()].sort((a, b) => (a.tier === b.tier ? a.family.localeCompare(b.family) : a.tier === 'core' ? -1 : 1)),
    misses,
    falsePositives,
    lineMismatches,
    decoysPlanted,
  };
}

export interface MeasureOptions extends GenerateOptions {
  seeds: number[];
  bin?: string;
  /** Keep the generated projects (their paths are in the manifests). */
  keep?: boolean;
  /** Parallel CLI runs. */
  concurrency?: number;
}

/** Generate one project per seed, scan each with the CLI, and score. */
export async function measure(options: MeasureOptions): Promise<{ score: Score; manifests: Manifest[] }> {
  const base = mkdtempSync(join(tmpdir(), 'keyscan-accuracy-'));
  const manifests = options.seeds.map((seed) => generateProject(seed, join(base, `project-${seed}`), options));
  const results: { manifest: Manifest; findings: Finding[] }[] = new Array(manifests.length);
  let next = 0;
  const worker = async () => {
    while (next < manifests.length) {
      const i = next++;
      results[i] = { manifest: manifests[i], findings: await scanProject(manifests[i].root, options.bin) };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  } finally {
    if (!options.keep) rmSync(base, { recursive: true, force: true });
  }
  return { score: score(results), manifests };
}

// --- text report --------------------------------------------------------------------------------

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function countBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function formatScore(s: Score, opts: { maxList?: number } = {}): string {
  const max = opts.maxList ?? 40;
  const out: string[] = [];
  out.push(`keyscan accuracy: ${s.projects} generated project(s), seeds ${s.seeds.join(', ')}`);
  out.push(`  recall    (core families)     ${pct(s.recallCore)}  (${s.foundCore}/${s.plantedCore})`);
  out.push(`  recall    (all, incl. extended) ${pct(s.recall)}  (${s.found}/${s.planted})`);
  out.push(`  precision                      ${pct(s.precision)}  (${s.matchedFindings}/${s.findings} findings match a planted secret)`);
  out.push(`  look-alikes planted: ${countBy(Object.entries(s.decoysPlanted), ([k]) => k).length} kinds, ${Object.values(s.decoysPlanted).reduce((a, b) => a + b, 0)} in all`);
  out.push('');
  out.push('per family (tier, found/planted, recall, rules that found it):');
  for (const f of s.families) {
    const rules = Object.entries(f.rules).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}×${n}`).join(' ');
    const flag = f.found < f.planted ? ' <<' : '';
    out.push(`  ${f.family.padEnd(28)} ${f.tier.padEnd(8)} ${String(f.found).padStart(3)}/${String(f.planted).padEnd(3)} ${pct(f.found / f.planted).padStart(6)}  ${rules}${flag}`);
  }
  out.push('');
  out.push(`misses (${s.misses.length}):`);
  for (const [fam, n] of countBy(s.misses, (m) => `${m.family}${m.variant ? ` [${m.variant}]` : ''}`)) out.push(`  ${String(n).padStart(3)}  ${fam}`);
  for (const m of s.misses.slice(0, max)) {
    out.push(`    - ${m.family}${m.variant ? ` [${m.variant}]` : ''} ${m.redacted} at ${m.file}:${m.line} (seed ${m.seed})${m.near.length ? `; reported there: ${m.near.join(', ')}` : ''}`);
  }
  if (s.misses.length > max) out.push(`    … ${s.misses.length - max} more`);
  out.push('');
  out.push(`false positives (${s.falsePositives.length}):`);
  for (const [k, n] of countBy(s.falsePositives, (f) => `${f.rule} ← ${f.decoy}`)) out.push(`  ${String(n).padStart(3)}  ${k}`);
  for (const f of s.falsePositives.slice(0, max)) out.push(`    - ${f.rule} ${f.redacted} at ${f.file}:${f.line} (${f.decoy}, seed ${f.seed})`);
  if (s.falsePositives.length > max) out.push(`    … ${s.falsePositives.length - max} more`);
  if (s.lineMismatches.length > 0) {
    out.push('');
    out.push(`found on another line than planted (${s.lineMismatches.length}; not counted as misses):`);
    for (const l of s.lineMismatches.slice(0, 15)) out.push(`    - ${l.family} at ${l.file}:${l.planted}, reported at ${l.reported.join(', ')} (seed ${l.seed})`);
  }
  return out.join('\n');
}
