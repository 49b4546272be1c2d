// Shared by the real-code corpora (bench/npm-corpus.mjs, bench/debian-corpus.mjs): one run of the built
// CLI over every unit (a package, a source tree), then findings per confidence per unit, by rule, and
// every high-confidence finding (each is a bug unless it is a real leaked key). Not a test.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ cwd: string, units: { dir: string, name: string }[], showMedium?: boolean, json?: string | null, unit?: string }} o
 */
export function scanAndReport(o) {
  // One CLI run over every unit (rules load once); paths start with the unit's folder.
  const bin = join(root, 'dist', 'bin.js');
  const args = [bin, 'files', ...o.units.map((u) => u.dir), '--format', 'json', '--no-color'];
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: o.cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`keyscan failed (${r.status}): ${r.stderr}`);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`keyscan printed no JSON report (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  }
  if (r.status === 2) console.log(`note: keyscan exit 2 (incomplete): ${r.stderr.trim().split('\n').pop()}`);
  const byUnit = new Map(o.units.map((u) => [u.dir, { name: u.name, high: 0, medium: 0, low: 0 }]));
  const totals = { high: 0, medium: 0, low: 0 };
  const byRule = new Map();
  for (const f of report.findings) {
    const unit = byUnit.get(f.file.split('/')[0]);
    if (unit) unit[f.confidence]++;
    totals[f.confidence]++;
    const key = `${f.confidence} ${f.rule}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
  }
  const kind = o.unit ?? 'unit';
  console.log(`scanned ${o.units.length} ${kind}s (${report.summary?.filesScanned ?? '?'} files) in ${seconds.toFixed(1)} s\n`);
  console.log(kind.padEnd(44) + 'high'.padStart(6) + 'medium'.padStart(8) + 'low'.padStart(6));
  for (const u of [...byUnit.values()].sort((a, b) => b.high - a.high || b.medium - a.medium || b.low - a.low)) {
    if (u.high + u.medium + u.low === 0) continue;
    console.log(u.name.padEnd(44) + String(u.high).padStart(6) + String(u.medium).padStart(8) + String(u.low).padStart(6));
  }
  const clean = [...byUnit.values()].filter((u) => u.high + u.medium + u.low === 0).length;
  console.log(`(${clean} ${kind}s with no finding)`);
  console.log('\nTOTAL'.padEnd(45) + String(totals.high).padStart(6) + String(totals.medium).padStart(8) + String(totals.low).padStart(6));
  console.log('\nfindings by confidence and rule:');
  for (const [key, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${key}`);
  const show = (conf) => {
    const list = report.findings.filter((f) => f.confidence === conf);
    console.log(`\n${conf}-confidence findings (${list.length}):`);
    for (const f of list) console.log(`  ${f.rule}  ${f.file}:${f.line}  ${f.redacted}`);
  };
  show('high');
  if (o.showMedium) show('medium');
  if (o.json) writeFileSync(o.json, JSON.stringify({ totals, units: [...byUnit.values()], findings: report.findings }, null, 1));
  return { totals, report };
}
