// Decode-step benchmark (not a test): the same working-tree scan with decoding off (--decode-depth 0)
// and at the default depth, alternating, best of N. Prints the ratio; asserts nothing.
//   npm run build && node bench/decode.mjs      (KEYSCAN_BENCH_MB=20, KEYSCAN_BENCH_RUNS=5)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree } from './corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const mb = Number(process.env.KEYSCAN_BENCH_MB ?? 20);
const runs = Number(process.env.KEYSCAN_BENCH_RUNS ?? 5);
const tree = join(root, '.bench', `decode-tree-${mb}`);
if (!existsSync(join(tree, '.generated'))) {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const { files, bytes } = generateTree(tree, mb);
  writeFileSync(join(tree, '.generated'), '');
  console.log(`generated ${files} files, ${(bytes / 1048576).toFixed(1)} MB in ${tree}`);
}
const bin = process.env.KEYSCAN_BIN ?? join(root, 'dist/bin.js');
/** One run: CPU seconds (user + system) of the child, and its wall seconds. */
function once(extra) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', `times_before=$(cat /proc/$$/stat | cut -d' ' -f14-17); "${process.execPath}" "${bin}" dir "${tree}" --no-gitignore --format json ${extra} > /dev/null; echo $?; cat /proc/$$/stat | cut -d' ' -f16-17`], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const [code, ticks] = r.stdout.trim().split('\n');
  if (code !== '0' && code !== '1') throw new Error(`keyscan failed (${code}): ${r.stderr.slice(0, 300)}`);
  const [cu, cs] = ticks.split(' ').map(Number);
  return { wall, cpu: (cu + cs) / 100 };
}
const variants = [['decoding off (--decode-depth 0)', '--decode-depth 0'], ['default (--decode-depth 2)', '']];
const best = variants.map(() => ({ wall: Infinity, cpu: Infinity }));
for (let i = 0; i < runs; i++) {
  variants.forEach(([, extra], k) => {
    const r = once(extra);
    best[k].wall = Math.min(best[k].wall, r.wall);
    best[k].cpu = Math.min(best[k].cpu, r.cpu);
  });
}
// In process: the engine alone over the same files (no start-up, no file reads), alternating.
const { readdirSync, readFileSync } = await import('node:fs');
const texts = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else texts.push(readFileSync(p, 'utf8'));
  }
};
walk(tree);
const { scanDeep } = await import(join(root, 'dist/engine/deep-scan.js'));
const { decodeText } = await import(join(root, 'dist/engine/decode.js'));
const { builtinRuleSet } = await import(join(root, 'dist/rules.js'));
const ruleSet = builtinRuleSet();
// Best of N, alternating: the engine with decoding off, the decode step alone (what depth 2 adds on
// text that holds nothing encoded), and the engine at depth 2. Under load the last swings most.
const engine = { off: Infinity, decode: Infinity, deep: Infinity };
const pass = (fn) => {
  const t = performance.now();
  for (const text of texts) fn(text);
  return performance.now() - t;
};
const frag = (text) => ({ text, path: 'src/a.ts', startLine: 1, origin: 'file' });
for (let i = 0; i < runs; i++) {
  engine.off = Math.min(engine.off, pass((t) => scanDeep(frag(t), ruleSet, { decodeDepth: 0 })));
  engine.decode = Math.min(engine.decode, pass((t) => decodeText(t)));
  engine.deep = Math.min(engine.deep, pass((t) => scanDeep(frag(t), ruleSet, { decodeDepth: 2 })));
}

console.log(`\ndecode step on ${mb} MB, best of ${runs}`);
console.log(`  engine, decoding off                ${(engine.off / 1000).toFixed(2)} s`);
console.log(`  decode step alone                   ${(engine.decode / 1000).toFixed(2)} s   (1 + decode / engine = ${(1 + engine.decode / engine.off).toFixed(3)}x)`);
console.log(`  engine, --decode-depth 2            ${(engine.deep / 1000).toFixed(2)} s   ratio ${(engine.deep / engine.off).toFixed(3)}x`);
variants.forEach(([name], k) => console.log(`  ${name.padEnd(34)} wall ${best[k].wall.toFixed(2)} s   cpu ${best[k].cpu.toFixed(2)} s`));
console.log(`  default / off: wall ${(best[1].wall / best[0].wall).toFixed(3)}x, cpu ${(best[1].cpu / best[0].cpu).toFixed(3)}x (ceiling 1.15x)`);
