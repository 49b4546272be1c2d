#!/usr/bin/env node
// `npm run accuracy`: generate projects with random seeds, scan them with the built CLI and print
// recall and precision, per family, with the misses and false positives (secrets shown redacted).
//
//   node test/accuracy/report.mjs [--projects 20] [--seed N] [--keep] [--json] [--max-list 60] [--no-extended] [--no-matrix]
//
// After the generated projects, the syntax matrix (matrix.ts) prints recall per idiom, and the
// generic-assignment matrix (assignments.ts) recall per assignment idiom and its look-alikes' false positives.
//
// --seed N (or KEYSCAN_ACCURACY_SEED=N) replays a run: project i uses seed N + i.
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadModule } from './load.mjs';

const { values } = parseArgs({
  options: {
    projects: { type: 'string', default: '20' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'max-list': { type: 'string', default: '60' },
    'no-extended': { type: 'boolean', default: false },
    'no-matrix': { type: 'boolean', default: false },
  },
});

const base = Number(values.seed ?? process.env.KEYSCAN_ACCURACY_SEED ?? randomInt(1, 2 ** 31 - 1000));
const count = Number(values.projects);
const seeds = Array.from({ length: count }, (_, i) => (base + i) >>> 0);
const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

const { measure, formatScore } = await loadModule('measure');
const { measureMatrix, formatIdioms } = await loadModule('matrix');
const { measureAssignments } = await loadModule('assignments');
const started = Date.now();
const { score, manifests } = await measure({ seeds, bin, keep: values.keep, extended: !values['no-extended'] });
const matrix = values['no-matrix'] ? null : await measureMatrix(base, bin);
const assign = values['no-matrix'] ? null : await measureAssignments(base, bin);
if (values.json) {
  process.stdout.write(`${JSON.stringify(matrix ? { ...score, matrix: { idioms: matrix.idioms, precision: matrix.score.precision }, assignments: assign && { idioms: assign.idioms, recall: assign.score.recallCore, precision: assign.score.precision } } : score, null, 2)}\n`);
} else {
  console.log(formatScore(score, { maxList: Number(values['max-list']) }));
  console.log('');
  if (matrix) {
    console.log(formatIdioms(matrix.idioms));
    console.log(`  matrix precision ${(matrix.score.precision * 100).toFixed(1)}% (${matrix.score.matchedFindings}/${matrix.score.findings})`);
    console.log('');
  }
  if (assign) {
    console.log(formatIdioms(assign.idioms).replace('syntax matrix', 'generic assignments'));
    const s = assign.score;
    console.log(`  generic assignments: recall ${(s.recallCore * 100).toFixed(1)}% (${s.foundCore}/${s.plantedCore}), precision ${(s.precision * 100).toFixed(1)}% (${s.matchedFindings}/${s.findings})`);
    for (const f of s.falsePositives) console.log(`    false positive: ${f.rule} ${f.redacted} at ${f.file}:${f.line} (${f.decoy})`);
    console.log('');
  }
  console.log(`replay with: KEYSCAN_ACCURACY_SEED=${base} npm run accuracy -- --projects ${count}`);
  if (values.keep) console.log(`projects kept under ${manifests[0]?.root.replace(/\/project-\d+$/, '')}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
