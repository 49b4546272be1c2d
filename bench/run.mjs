// Working-tree scan benchmark (not a test): keyscan against reading the same bytes in Node and
// against ripgrep running every rule as one combined pattern. Prints figures, asserts nothing.
//   npm run bench            (KEYSCAN_BENCH_MB=50 by default)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree } from './corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench');
const tree = join(work, 'tree');
const mb = Number(process.env.KEYSCAN_BENCH_MB ?? 50);
const runs = Number(process.env.KEYSCAN_BENCH_RUNS ?? 3);

mkdirSync(work, { recursive: true });
if (!existsSync(join(tree, '.generated-' + mb))) {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const { files, bytes } = generateTree(tree, mb);
  writeFileSync(join(tree, '.generated-' + mb), '');
  console.log(`generated ${files} files, ${(bytes / 1048576).toFixed(1)} MB in ${tree}`);
}

const hasTime = existsSync('/usr/bin/time');
/** Run a command; return wall seconds and peak RSS in MB (via GNU time when present). */
function measure(cmd, args) {
  const full = hasTime ? ['/usr/bin/time', ['-f', '%e %M', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let rss = NaN;
  if (hasTime) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const [, kb] = last.split(' ');
    rss = Number(kb) / 1024;
  }
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { wall, rss, stdout: r.stdout };
}

function best(cmd, args) {
  let result = null;
  for (let i = 0; i < runs; i++) {
    const r = measure(cmd, args);
    if (!result || r.wall < result.wall) result = r;
  }
  return result;
}

// Node ceiling: list and read the same files.
const readScript = join(work, 'read.mjs');
writeFileSync(
  readScript,
  `import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
const entries = await readdir(${JSON.stringify(tree)}, { recursive: true, withFileTypes: true });
let n = 0;
for (const e of entries) if (e.isFile()) n += (await readFile(join(e.parentPath ?? e.path, e.name))).toString('utf8').length;
console.log(n);
`,
);

// ripgrep: every rule that PCRE2 can compile, as one pattern file.
const { loadBuiltinRules } = await import(join(root, 'dist/rules.js'));
const rules = loadBuiltinRules();
const patternFile = join(work, 'patterns.txt');
const accepted = [];
const hasRg = spawnSync('rg', ['--version']).status === 0;
if (hasRg) {
  for (const rule of rules) {
    let p = rule.pattern.replace(/\(\?<secret>/g, '(?:');
    if (p.startsWith('(?i)')) p = `(?i:${p.slice(4)})`;
    const ok = spawnSync('rg', ['-P', '-q', '-e', p, readScript], { encoding: 'utf8' });
    if (ok.status === 0 || ok.status === 1) accepted.push(`(?:${p})`);
  }
  writeFileSync(patternFile, accepted.join('\n') + '\n');
}

const bin = join(root, 'dist/bin.js');
/** @type {[string, { wall: number; rss: number; stdout: string }][]} */
const results = [];
const node = best(process.execPath, [readScript]);
results.push(['node: read the same files', node]);
if (hasRg) {
  const rg = best('rg', ['-P', '--no-ignore', '--hidden', '-c', '-f', patternFile, tree]);
  results.push([`ripgrep -P, ${accepted.length}/${rules.length} rules as one pattern`, rg]);
}
const ks1 = best(process.execPath, [bin, 'dir', tree, '--no-gitignore', '--format', 'json', '--threads', '1']);
results.push([`keyscan dir --threads 1 (${rules.length} rules)`, ks1]);
const ks = best(process.execPath, [bin, 'dir', tree, '--no-gitignore', '--format', 'json']);
results.push([`keyscan dir, default threads (${JSON.parse(ks.stdout).summary.threads ?? 1})`, ks]);
const findings = JSON.parse(ks.stdout).findings.length;

console.log(`\nkeyscan working-tree benchmark: ${mb} MB, best of ${runs}`);
for (const [name, r] of results) {
  console.log(`  ${name.padEnd(48)} ${r.wall.toFixed(2).padStart(7)} s   peak RSS ${Number.isNaN(r.rss) ? '   n/a' : r.rss.toFixed(0).padStart(5)} MB`);
}
console.log(`  keyscan / node read: ${(ks.wall / node.wall).toFixed(2)}x (target <= 3x)`);
if (hasRg) console.log(`  keyscan / ripgrep:   ${(ks.wall / results[1][1].wall).toFixed(2)}x (target <= 2x)`);
console.log(`  threads speed-up: ${(ks1.wall / ks.wall).toFixed(2)}x (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
console.log(`  keyscan findings: ${findings}`);
