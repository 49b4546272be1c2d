// Pre-commit hook benchmark (not a test): a repository of ordinary source files with 10 of them
// changed and staged; prints the median wall time of `keyscan staged` against `node -e 0` and
// `git diff --cached`, measured in the same run, interleaved. Prints figures, asserts nothing.
//   npm run build && node bench/staged.mjs        (KEYSCAN_BENCH_RUNS=31 by default;
//   KEYSCAN_BENCH_BEFORE=/path/to/old/dist/bin.js also times an older build, interleaved)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/bin.js');
const work = join(root, '.bench', 'staged');
const runs = Number(process.env.KEYSCAN_BENCH_RUNS ?? 31);
const FILES = 200;
const CHANGED = 10;

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
};
const git = (args) => {
  const r = spawnSync('git', args, { cwd: work, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** An ordinary TypeScript module of about 120 lines. */
function source(i, version) {
  const lines = [`// module ${i}`, `import { helper${(i + 1) % FILES} } from './m${(i + 1) % FILES}.js';`, ''];
  for (let f = 0; f < 12; f++) {
    lines.push(`export function fn${i}_${f}(input: string, count = ${f + version}): string {`);
    lines.push(`  const parts = input.split(',').map((p) => p.trim()).filter(Boolean);`);
    lines.push(`  if (parts.length > count) return parts.slice(0, count).join(', ');`);
    lines.push(`  const config = { retries: ${f % 4}, timeoutMs: ${1000 * (f + 1)}, label: 'fn${f}' };`);
    lines.push(`  for (let k = 0; k < parts.length; k++) parts[k] = parts[k].toUpperCase() + String(k);`);
    lines.push(`  return helper${(i + 1) % FILES}(parts.join('-') + JSON.stringify(config));`);
    lines.push('}', '');
  }
  return `${lines.join('\n')}\n`;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'src'), { recursive: true });
git(['init', '-q', '-b', 'main']);
for (let i = 0; i < FILES; i++) writeFileSync(join(work, 'src', `m${i}.ts`), source(i, 0));
git(['add', '-A']);
git(['commit', '-q', '-m', 'base']);
for (let i = 0; i < CHANGED; i++) writeFileSync(join(work, 'src', `m${i * 7}.ts`), source(i * 7, 1));
git(['add', '-A']);
const changed = git(['diff', '--cached', '--numstat']).trim().split('\n').length;

const hasTime = existsSync('/usr/bin/time');
/** Wall ms, and CPU ms (user + system, children included) when GNU time is there: CPU time moves less with the machine's load. */
function measure(cmd, args) {
  const full = hasTime ? ['/usr/bin/time', ['-f', '%U %S', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  const [user, sys] = hasTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { wall, cpu: (user + sys) * 1000 };
}

/** @type {[string, string, string[]][]} */
const cases = [
  ['node -e 0', process.execPath, ['-e', '0']],
  ['git diff --cached', 'git', ['diff', '--cached']],
  ['keyscan staged', process.execPath, [bin, 'staged']],
];
// KEYSCAN_BENCH_BEFORE=/path/to/old/dist/bin.js: time an older build too, interleaved in the same run.
if (process.env.KEYSCAN_BENCH_BEFORE) cases.push(['keyscan staged BEFORE', process.execPath, [process.env.KEYSCAN_BENCH_BEFORE, 'staged']]);
const walls = cases.map(() => []);
const cpus = cases.map(() => []);
for (const [, cmd, args] of cases) measure(cmd, args); // warm the file cache
for (let i = 0; i < runs; i++) {
  cases.forEach(([, cmd, args], c) => {
    const m = measure(cmd, args);
    walls[c].push(m.wall);
    cpus[c].push(m.cpu);
  });
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];
const ms = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(0)).padStart(8);
const load = loadavg()[0].toFixed(1);
console.log(`keyscan staged benchmark: ${changed} staged files in a repository of ${FILES}, ${runs} interleaved runs each (load average ${load} on ${availableParallelism()} cores)`);
console.log(`  ${'command'.padEnd(20)} ${'p50 wall'.padStart(8)} ${'p90 wall'.padStart(8)} ${'p50 cpu'.padStart(8)}  (ms)`);
cases.forEach(([name], c) => console.log(`  ${name.padEnd(20)} ${ms(pct(walls[c], 0.5))} ${ms(pct(walls[c], 0.9))} ${ms(pct(cpus[c], 0.5))}`));
console.log(`  keyscan staged p50 wall minus node -e 0: ${(pct(walls[2], 0.5) - pct(walls[0], 0.5)).toFixed(0)} ms (target: keyscan staged p50 <= 250 ms wall)`);
