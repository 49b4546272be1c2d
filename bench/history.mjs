// History scan benchmark (not a test): generates repositories with `git fast-import` and prints, in
// one run, `keyscan git` (each way of reading) against the read ceilings `git log -p -U0 --full-history
// --all` and `git cat-file --batch-all-objects --batch`: wall time and peak RSS. Asserts nothing.
//   npm run build && node bench/history.mjs
// Default: one generated history of 15,000 commits (cached under .bench/history), `--threads 1` and the
// default thread count, each against git log in the same run (about a minute on a quiet 2-core machine).
// Environment: KEYSCAN_BENCH_COMMITS (15000), KEYSCAN_BENCH_BIG_KB (1024: the generated file),
// KEYSCAN_BENCH_EVERY (10: rewrite it every N commits), KEYSCAN_BENCH_SHAPES (long; also generated, long2x,
// edits: a real source tree (KEYSCAN_BENCH_SOURCE, default this project's node_modules, up to 40 MB of code)
// imported whole, then small commits that move real lines between files of one kind, as a project's history
// does: git's own cost per commit is a large tree's diff, as in rails),
// KEYSCAN_BENCH_REPO (/abs/path: a real repository instead of generated ones), KEYSCAN_BENCH_BEFORE
// (/path/to/old/dist/bin.js: each keyscan row is also run with that build, interleaved, same run),
// KEYSCAN_BENCH_STRATEGIES (threads:1,default; also diff,diff:1,big,whole; `threads:N` sets --threads, `:N` otherwise sets --jobs; `big` sets core.bigFileThreshold=256k in
// the repository so big files are read whole, `whole` sets it to 1 so every file is), KEYSCAN_BENCH_RUNS (1).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench', 'history');
const COMMITS = Number(process.env.KEYSCAN_BENCH_COMMITS ?? 15000);
const BIG_KB = Number(process.env.KEYSCAN_BENCH_BIG_KB ?? 1024);
const EVERY = Number(process.env.KEYSCAN_BENCH_EVERY ?? 10);
const SHAPES = (process.env.KEYSCAN_BENCH_SHAPES ?? 'long').split(',');
const STRATEGIES = (process.env.KEYSCAN_BENCH_STRATEGIES ?? 'threads:1,default').split(',');
const RUNS = Number(process.env.KEYSCAN_BENCH_RUNS ?? 1);
const bin = join(root, 'dist/bin.js');
const BEFORE = process.env.KEYSCAN_BENCH_BEFORE;
const REPO = process.env.KEYSCAN_BENCH_REPO;
const SOURCE = process.env.KEYSCAN_BENCH_SOURCE ?? join(root, 'node_modules');

// ---- deterministic generator -------------------------------------------------------------
let state = 0x2545f491;
function rand() {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
}
const int = (n) => Math.floor(rand() * n);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const word = (n) => Array.from({ length: n }, () => B62[int(62)]).join('');
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
/** A fake OpenAI-format key, built at run time. */
const fakeKey = () => `sk-proj-${word(20)}${['T3Bl', 'bkFJ'].join('')}${word(20)}`;

function sourceLine(i) {
  const kinds = [
    () => `export function f${i}_${word(4)}(a, b) { return a * ${int(1000)} + b; }`,
    () => `  const value${i} = compute(${int(100)}, "${word(12)}");`,
    () => `// ${word(8)} ${word(6)} ${word(10)} handles case ${i}`,
    () => `  if (state.${word(5)} > ${int(50)}) throw new Error("limit ${i}");`,
  ];
  return kinds[int(kinds.length)]();
}
const bundleLine = (i) => `/*${i}*/var m${i}=r("${hex(32)}"),n${i}=function(e){return e.${word(6)}(${int(999)})};`;

/** A fast-import process writing into a new repository at `dir`, and how to write to it. */
function fastImport(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main', dir]);
  const fi = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise((r) => fi.on('close', r));
  const write = async (s) => {
    if (!fi.stdin.write(s)) await new Promise((r) => fi.stdin.once('drain', r));
  };
  const finish = async (planted) => {
    await write('done\n');
    fi.stdin.end();
    const code = await exited;
    if (code !== 0) throw new Error(`git fast-import failed (${code})`);
    // Checked out, as a clone is: the scan's HEAD check reads clean files from the work tree.
    spawnSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
    writeFileSync(join(dir, '.git', 'bench-ready'), String(planted));
    return planted;
  };
  return { write, finish };
}

const CODE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx|json|md|ya?ml|css|html|rb|py|go|c|h|java|php|erb)$/i;

/**
 * The `edits` shape: the text files of `source` (up to 40 MB of code, none over 512 KB) in one commit, then
 * `commits` commits that each take out up to five lines of one to three files (sometimes a dozen) and put in
 * 1-12 lines (sometimes up to 60) from another file of the same extension. A fake key every 1,000 commits.
 */
async function generateEdits(dir, commits) {
  const files = new Map();
  let total = 0;
  for (const e of readdirSync(SOURCE, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && CODE.test(f.name))
    .map((f) => join(f.parentPath ?? f.path, f.name))
    .sort()) {
    if (total > 40 << 20) break;
    const b = readFileSync(e);
    if (b.length > 512 << 10 || b.includes(0)) continue;
    files.set(relative(SOURCE, e).split(sep).join('/'), b.toString('utf8').split('\n'));
    total += b.length;
  }
  const paths = [...files.keys()];
  const byExt = new Map();
  for (const p of paths) byExt.set(extname(p), [...(byExt.get(extname(p)) ?? []), p]);
  const { write, finish } = fastImport(dir);
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const put = (path) => `M 100644 inline ${path}\n${data(files.get(path).join('\n'))}`;
  let time = 1500000000;
  const commit = (c, changed, msg) => {
    time += 600 + int(7200);
    return write(`commit refs/heads/main\nmark :${c}\nauthor Ada <ada@example.com> ${time} +0000\ncommitter Ada <ada@example.com> ${time} +0000\n${data(msg)}${c > 1 ? `from :${c - 1}\n` : ''}${changed.map(put).join('')}\n`);
  };
  await commit(1, paths, 'import');
  let planted = 0;
  for (let c = 2; c <= commits + 1; c++) {
    const changed = new Set();
    const n = 1 + int(3) + (rand() < 0.05 ? int(10) : 0);
    for (let k = 0; k < n; k++) {
      const path = paths[int(paths.length)];
      const lines = files.get(path);
      const peers = byExt.get(extname(path));
      const donor = files.get(peers[int(peers.length)]);
      const m = 1 + int(rand() < 0.1 ? 60 : 12);
      const from = int(Math.max(1, donor.length - m));
      const moved = donor.slice(from, from + m);
      if (c % 1000 === 500 && k === 0) {
        moved.push(`const OPENAI_API_KEY = "${fakeKey()}";`);
        planted++;
      }
      lines.splice(int(lines.length), int(6), ...moved);
      changed.add(path);
    }
    await commit(c, [...changed].sort(), `change ${c}`);
    if (c % 2500 === 0) await write(`reset refs/tags/v${c / 2500}\nfrom :${c}\n\n`);
  }
  return finish(planted);
}

/** Writes a fast-import stream for one shape; returns the number of secrets planted. */
async function generate(dir, shape, commits) {
  if (shape === 'edits') return generateEdits(dir, commits);
  const { write, finish } = fastImport(dir);
  const files = new Map();
  for (let f = 0; f < 300; f++) files.set(`src/m${f}/mod${f}.js`, Array.from({ length: 40 }, (_, i) => sourceLine(i)));
  const big = Array.from({ length: Math.round((BIG_KB * 1024) / 90) }, (_, i) => bundleLine(i));
  const lock = Array.from({ length: Math.round((BIG_KB * 512) / 90) }, (_, i) => bundleLine(i));
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const put = (path, lines) => `M 100644 inline ${path}\n${data(lines.join('\n') + '\n')}`;
  let mark = 0;
  let mainHead = 0;
  let planted = 0;
  const touched = new Set();
  for (let c = 1; c <= commits; c++) {
    const onSide = c % 200 >= 190; // ten commits on a side branch, then a merge
    const merging = c % 200 === 0 && c > 0;
    const time = 1600000000 + c * 600;
    let body = '';
    const n = 1 + int(3);
    for (let k = 0; k < n; k++) {
      const f = int(300);
      const path = `src/m${f}/mod${f}.js`;
      const lines = files.get(path);
      lines[int(lines.length)] = sourceLine(c);
      if (rand() < 0.3) lines.splice(int(lines.length), 0, sourceLine(c + 1));
      if (c % 1000 === 500 && k === 0) {
        lines.splice(3, 0, `const OPENAI_API_KEY = "${fakeKey()}";`);
        planted++;
      }
      if (onSide) touched.add(path);
      body += put(path, lines);
    }
    if (merging) for (const path of touched) body += put(path, files.get(path));
    if (merging) touched.clear();
    if (shape === 'generated' && c % EVERY === 0) {
      for (let k = 0; k < big.length / 33; k++) big[int(big.length)] = bundleLine(c * 7 + k);
      body += put('dist/bundle.js', big);
      if (c % (EVERY * 2) === 0) {
        for (let k = 0; k < lock.length / 33; k++) lock[int(lock.length)] = bundleLine(c * 5 + k);
        body += put('package-lock.json', lock);
      }
    }
    mark++;
    const ref = onSide ? 'refs/heads/side' : 'refs/heads/main';
    let parents = '';
    if (mark === 1) parents = '';
    else if (onSide && c % 200 === 190) parents = `from :${mainHead}\n`;
    else if (onSide) parents = `from :${mark - 1}\n`;
    else if (merging) parents = `from :${mainHead}\nmerge :${mark - 1}\n`;
    else parents = `from :${mainHead}\n`;
    const msg = `commit ${c}`;
    await write(
      `commit ${ref}\nmark :${mark}\nauthor Ada <ada@example.com> ${time} +0000\ncommitter Ada <ada@example.com> ${time} +0000\n${data(msg)}${parents}${body}\n`,
    );
    if (!onSide) mainHead = mark;
    if (c % 2500 === 0) await write(`reset refs/tags/v${c / 2500}\nfrom :${mainHead}\n\n`);
  }
  return finish(planted);
}

// ---- measurement -----------------------------------------------------------------------------
function measure(cmd, args, cwd, keep = false) {
  let best = null;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', keep ? 'pipe' : 'ignore', 'pipe'],
      maxBuffer: 1 << 28,
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
    const [, kb, user, sys] = r.stderr.trim().split('\n').pop().split(' ');
    const result = { wall, rss: Number(kb) / 1024, cpu: Number(user) + Number(sys), stdout: r.stdout, load: loadavg()[0] };
    if (!best || result.wall < best.wall) best = result;
  }
  return best;
}

function du(dir) {
  const r = spawnSync('du', ['-sm', join(dir, '.git')], { encoding: 'utf8' });
  return r.stdout.split('\t')[0];
}

function uniqueBlobMB(dir) {
  const r = spawnSync('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  let bytes = 0;
  let blobs = 0;
  for (const line of r.stdout.split('\n')) {
    const [type, size] = line.split(' ');
    if (type === 'blob') {
      bytes += Number(size);
      blobs++;
    }
  }
  return { mb: bytes / 1048576, blobs };
}

const row = (name, r) =>
  console.log(
    `  ${name.padEnd(52)} ${r.wall.toFixed(2).padStart(8)} s wall ${r.cpu.toFixed(2).padStart(8)} s cpu   peak RSS ${r.rss.toFixed(0).padStart(5)} MB   load ${r.load.toFixed(1)}`,
  );

mkdirSync(work, { recursive: true });
const summary = {};
for (const name of REPO ? ['repo'] : SHAPES) {
  const shape = name.startsWith('generated') ? 'generated' : name.startsWith('edits') ? 'edits' : 'long';
  const commits = name.endsWith('2x') ? COMMITS * 2 : COMMITS;
  const suffix = { generated: `${BIG_KB}k-${EVERY}`, edits: `of-${basename(SOURCE)}`, long: 'small' }[shape];
  const dir = REPO ?? join(work, `${name}-${commits}-${suffix}`);
  if (!REPO && !existsSync(join(dir, '.git', 'bench-ready'))) {
    const t = Date.now();
    await generate(dir, shape, commits);
    console.log(`generated ${dir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const blobs = uniqueBlobMB(dir);
  const counted = Number(spawnSync('git', ['rev-list', '--count', '--all'], { cwd: dir, encoding: 'utf8' }).stdout.trim());
  console.log(`\n${name}: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${counted} commits, ${blobs.blobs} blobs, ${blobs.mb.toFixed(0)} MB of unique blob content, .git ${du(dir)} MB`);
  const logCeil = measure('git', ['log', '-p', '-U0', '--full-history', '--all'], dir);
  row('ceiling: git log -p -U0 --full-history --all', logCeil);
  const catCeil = measure('git', ['cat-file', '--batch-all-objects', '--batch'], dir);
  row('ceiling: git cat-file --batch-all-objects --batch', catCeil);
  const cheaper = Math.min(logCeil.wall, catCeil.wall);
  summary[name] = { commits };
  const cheaperCpu = Math.min(logCeil.cpu, catCeil.cpu);
  for (const spec of STRATEGIES) {
    const [strategy, jobs] = spec.split(':');
    const threshold = { big: '256k', whole: '1' }[strategy];
    if (threshold) spawnSync('git', ['config', 'core.bigFileThreshold', threshold], { cwd: dir });
    const flag = strategy === 'threads' ? '--threads' : '--jobs';
    const args = (b) => [b, 'git', '.', '--format', 'json', ...(jobs ? [flag, jobs] : [])];
    const old = BEFORE ? measure(process.execPath, args(BEFORE), dir, true) : null;
    const r = measure(process.execPath, args(bin), dir, true);
    if (threshold) spawnSync('git', ['config', '--unset', 'core.bigFileThreshold'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    const findings = report.findings.length;
    if (old) {
      row(`BEFORE ${strategy}${jobs ? ` ${flag} ${jobs}` : ''} (${JSON.parse(old.stdout).findings.length} findings)`, old);
      console.log(`  ${''.padEnd(52)} ${(old.wall / logCeil.wall).toFixed(2).padStart(8)}x wall of git log`);
    }
    row(`keyscan git ${strategy}${jobs ? ` ${flag} ${jobs}` : ''} (${findings} findings, ${report.summary.threads ?? 1} threads)`, r);
    console.log(
      `  ${''.padEnd(52)} ${(r.wall / cheaper).toFixed(2).padStart(8)}x wall, ${(r.cpu / cheaperCpu).toFixed(2)}x cpu of the cheaper ceiling; ` +
        `${(r.wall / logCeil.wall).toFixed(2)}x wall of git log, ${(r.wall / catCeil.wall).toFixed(2)}x of cat-file`,
    );
    summary[name][spec] = r;
  }
  if (summary[name]['threads:1'] && summary[name].default) {
    console.log(`  threads speed-up (--threads 1 / default): ${(summary[name]['threads:1'].wall / summary[name].default.wall).toFixed(2)}x`);
  }
}
console.log(`\nload average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (summary.long && summary.long2x) {
  console.log('\ndoubling (long -> long2x):');
  for (const s of STRATEGIES) {
    const a = summary.long[s];
    const b = summary.long2x[s];
    if (a && b) console.log(`  ${s.padEnd(8)} ${(b.wall / a.wall).toFixed(2)}x the wall time, ${(b.cpu / a.cpu).toFixed(2)}x the cpu for 2x the commits`);
  }
}
