// Working-tree scan benchmark (not a test): keyscan against reading the same bytes in Node, against
// ripgrep with the rules' keyword set as a fixed-string prefilter (the fair ceiling for our keyword pass),
// against ripgrep's own engine running 150 of our rules as one pattern (the issue's ceiling), and optionally
// against ripgrep -P running every rule (ripgrep optional: `npx @vscode/ripgrep` ships one). Prints figures with
// peak RSS and the load average, asserts nothing.
//   npm run bench            (KEYSCAN_BENCH_MB=50 by default)
//   KEYSCAN_BENCH_TREE=realcode npm run bench   (up to KEYSCAN_BENCH_MB of this project's node_modules)
//   KEYSCAN_BENCH_RG_RULES=1 adds ripgrep -P with every rule (2 passes, over 2 minutes on 50 MB: off by default)
//   KEYSCAN_BENCH_RUNS (1): best of N runs
//   KEYSCAN_BENCH_TREE=/abs/path: an existing tree as it is (a real project, e.g. an extracted Debian source)
//   KEYSCAN_BENCH_BEFORE=/abs/path/to/bin.js: also time another build (before a change) in the same run
// Every figure also gives CPU time (user + system): on a shared machine it moves less than wall time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { copyRealCode, generateTree } from './corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench');
const kind = process.env.KEYSCAN_BENCH_TREE ?? 'generated';
const given = kind.startsWith('/');
if (!given && kind !== 'generated' && kind !== 'realcode') throw new Error('KEYSCAN_BENCH_TREE must be generated, realcode or an absolute path');
const tree = given ? kind : join(work, kind === 'generated' ? 'tree' : 'realcode');
const mb = Number(process.env.KEYSCAN_BENCH_MB ?? 50);
const runs = Number(process.env.KEYSCAN_BENCH_RUNS ?? 1);

mkdirSync(work, { recursive: true });
if (!given && !existsSync(join(tree, '.generated-' + mb))) {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const { files, bytes } = kind === 'generated' ? generateTree(tree, mb) : copyRealCode(join(root, 'node_modules'), tree, mb);
  writeFileSync(join(tree, '.generated-' + mb), '');
  console.log(`generated ${files} files, ${(bytes / 1048576).toFixed(1)} MB in ${tree}`);
}

const hasTime = existsSync('/usr/bin/time');
/** Run a command; return wall seconds and peak RSS in MB (via GNU time when present). */
function measure(cmd, args) {
  const full = hasTime ? ['/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let rss = NaN;
  let cpu = NaN;
  if (hasTime) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const [, kb, user, sys] = last.split(' ');
    rss = Number(kb) / 1024;
    cpu = Number(user) + Number(sys);
  }
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { wall, rss, cpu, stdout: r.stdout, load: loadavg()[0] };
}

function best(cmd, args) {
  let result = null;
  for (let i = 0; i < runs; i++) {
    const r = measure(cmd, args);
    if (!result || r.wall < result.wall) result = r;
  }
  return result;
}

// Node ceiling: list and read the same files, synchronously.
const readScript = join(work, 'read.mjs');
writeFileSync(
  readScript,
  `import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const entries = readdirSync(${JSON.stringify(tree)}, { recursive: true, withFileTypes: true });
let n = 0;
for (const e of entries) if (e.isFile()) n += readFileSync(join(e.parentPath ?? e.path, e.name)).toString('utf8').length;
console.log(n);
`,
);

// ripgrep: every rule that PCRE2 can compile, as one pattern file.
const { loadBuiltinRules } = await import(join(root, 'dist/rules.js'));
const rules = loadBuiltinRules();
const patternFile = join(work, 'patterns.txt');
const accepted = [];
/** @type {string[][]} */
const patternFiles = [];
const hasRg = spawnSync('rg', ['--version']).status === 0;
const rgRules = hasRg && process.env.KEYSCAN_BENCH_RG_RULES === '1';
const keywordFile = join(work, 'keywords.txt');
/** @type {string[]} */
const plain150 = [];
const plain150File = join(work, 'rules150.txt');
const keywords = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort();
writeFileSync(keywordFile, keywords.join('\n') + '\n');
if (hasRg) {
  for (const rule of rules) {
    if (typeof rule.pattern !== 'string') continue; // assignment and vendor-context rules have no single pattern
    let p = rule.pattern.replace(/\(\?<secret>/g, '(?:');
    if (p.startsWith('(?i)')) p = `(?i:${p.slice(4)})`;
    const ok = spawnSync('rg', ['-P', '-q', '-e', p, readScript], { encoding: 'utf8' });
    if (ok.status === 0 || ok.status === 1) accepted.push(`(?:${p})`);
  }
  // The issue's ceiling: ripgrep's own engine (no lookaround) running 150 rules at once, as a scanner's
  // rules translated to ripgrep would: the first 150 of our rules (by id) with a literal prefix that it
  // accepts. (Our context rules, `[^\n]{0,200}` and the like, make its automaton explode: 150 of those
  // took 21 s and 555 MB on rails, a ceiling of nothing.)
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    if (typeof rule.pattern !== 'string' || rule.vendor || !rule.prefix || rule.multiline || plain150.length >= 150) continue;
    let p = rule.pattern.replace(/\(\?<secret>/g, '(?:');
    if (p.startsWith('(?i)')) p = `(?i:${p.slice(4)})`;
    const ok = spawnSync('rg', ['-q', '-e', p, readScript], { encoding: 'utf8' });
    if (ok.status === 0 || ok.status === 1) plain150.push(p);
  }
  writeFileSync(plain150File, plain150.join('\n') + '\n');
  // PCRE2 refuses one pattern past ~64 KB compiled: split the rules into files it accepts, one rg pass each.
  let part = [];
  let size = 0;
  for (const p of accepted) {
    if (size + p.length > 20000 && part.length > 0) {
      patternFiles.push(part);
      part = [];
      size = 0;
    }
    part.push(p);
    size += p.length;
  }
  if (part.length > 0) patternFiles.push(part);
  patternFiles.forEach((list, i) => writeFileSync(`${patternFile}.${i}`, list.join('\n') + '\n'));
}

const bin = join(root, 'dist/bin.js');
/** @type {[string, { wall: number; rss: number; cpu: number; stdout: string; load: number }][]} */
const results = [];
const node = best(process.execPath, [readScript]);
results.push(['node: read the same files', node]);
let rgKeywords = null;
if (hasRg) {
  rgKeywords = best('rg', ['-F', '-i', '--no-ignore', '--hidden', '-c', '-f', keywordFile, tree]);
  results.push([`ripgrep -F -i, ${keywords.length} rule keywords`, rgKeywords]);
}
let rg150 = null;
if (hasRg) {
  rg150 = best('rg', ['--no-ignore', '--hidden', '-c', '-f', plain150File, tree]);
  results.push([`ripgrep, ${plain150.length} rules (its own engine)`, rg150]);
}
let rg = null;
if (rgRules) {
  const passes = patternFiles.map((_, i) => best('rg', ['-P', '--no-ignore', '--hidden', '-c', '-f', `${patternFile}.${i}`, tree]));
  rg = passes.reduce((a, b) => ({ wall: a.wall + b.wall, rss: Math.max(a.rss, b.rss), cpu: a.cpu + b.cpu, stdout: '', load: b.load }));
  results.push([`ripgrep -P, ${accepted.length}/${rules.length} rules, ${passes.length} passes`, rg]);
}
const before = process.env.KEYSCAN_BENCH_BEFORE;
if (before) {
  const b1 = best(process.execPath, [before, 'dir', tree, '--no-gitignore', '--format', 'json', '--threads', '1']);
  results.push(['keyscan BEFORE, --threads 1', b1]);
  const b = best(process.execPath, [before, 'dir', tree, '--no-gitignore', '--format', 'json']);
  results.push([`keyscan BEFORE, default threads (${JSON.parse(b.stdout).summary.threads ?? 1})`, b]);
}
const ks1 = best(process.execPath, [bin, 'dir', tree, '--no-gitignore', '--format', 'json', '--threads', '1']);
results.push([`keyscan dir --threads 1 (${rules.length} rules)`, ks1]);
const ks = best(process.execPath, [bin, 'dir', tree, '--no-gitignore', '--format', 'json']);
results.push([`keyscan dir, default threads (${JSON.parse(ks.stdout).summary.threads ?? 1})`, ks]);
const findings = JSON.parse(ks.stdout).findings.length;

console.log(`\nkeyscan working-tree benchmark: ${given ? tree : `${kind} tree, ${mb} MB`}, best of ${runs}${hasRg ? '' : ' (ripgrep not installed: its lines are skipped)'}`);
for (const [name, r] of results) {
  console.log(
    `  ${name.padEnd(48)} ${r.wall.toFixed(2).padStart(7)} s   CPU ${Number.isNaN(r.cpu) ? '  n/a' : r.cpu.toFixed(2).padStart(6)} s   peak RSS ${Number.isNaN(r.rss) ? '   n/a' : r.rss.toFixed(0).padStart(5)} MB   load ${r.load.toFixed(1)}`,
  );
}
const ratio = (a, b) => `${(a.wall / b.wall).toFixed(2)}x`;
console.log(`  keyscan / node read:         ${ratio(ks, node)} (--threads 1: ${ratio(ks1, node)})`);
if (hasRg) {
  console.log(`  keyscan / ripgrep keywords:  ${ratio(ks, rgKeywords)} (--threads 1: ${ratio(ks1, rgKeywords)})`);
  console.log(`  keyscan / ripgrep 150 rules: ${ratio(ks, rg150)} (--threads 1: ${ratio(ks1, rg150)})`);
  if (rg) console.log(`  keyscan / ripgrep all rules: ${ratio(ks, rg)} (--threads 1: ${ratio(ks1, rg)})`);
}
console.log(`  threads speed-up (--threads 1 / default): ${ratio(ks1, ks)}`);
console.log(`  load average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  keyscan findings: ${findings}`);
