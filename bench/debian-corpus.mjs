// Real-code noise on whole projects (not a test): fetch the upstream sources of well-known projects
// from Debian's source archive (`apt-get source --download-only`: rails, git, curl, django, docker, ...),
// unpack them, scan each with the built CLI and print findings per confidence per project. A contributor
// with keyscan's hook must be able to commit to these trees: every high-confidence finding, and every
// medium one, is a false alarm unless it is a real leaked key.
//
//   npm run build && node bench/debian-corpus.mjs [--cache DIR] [--only pkg,…] [--json FILE] [--medium]
//
// Needs apt with deb-src entries (Debian: add `deb-src` to Types: in /etc/apt/sources.list.d/debian.sources
// and run `apt-get update`). Cache: $KEYSCAN_DEBIAN_CORPUS or ~/.cache/keyscan-debian-corpus; sources
// already unpacked there are not fetched again. Packages that fail to fetch are skipped and listed.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scanAndReport } from './corpus-report.mjs';

const run = promisify(execFile);

export const PACKAGES = [
  'rails', 'git', 'curl', 'python-django', 'php-laravel-framework', 'prometheus', 'rclone', 'docker.io', 'wordpress',
  'phpmyadmin', 'openssh', 'nginx', 'redis', 'ruby-devise', 'golang-github-go-sql-driver-mysql', 'node-webpack',
];

function parseArgs(argv) {
  const opts = { cache: process.env.KEYSCAN_DEBIAN_CORPUS ?? join(homedir(), '.cache', 'keyscan-debian-corpus'), only: null, json: null, medium: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cache') opts.cache = argv[++i];
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--medium') opts.medium = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** Fetch one source package's upstream tarball(s) and unpack the main one into src/<pkg>; null or why not. */
async function fetchOne(pkg, cache) {
  const dest = join(cache, 'src', pkg);
  if (existsSync(join(dest, '.complete'))) return null;
  const dl = join(cache, 'dl', pkg);
  rmSync(dl, { recursive: true, force: true });
  mkdirSync(dl, { recursive: true });
  try {
    // The newest version first; where its files are gone from the mirror (a security update's), the release's own.
    await run('apt-get', ['source', '--download-only', pkg], { cwd: dl, timeout: 600_000, maxBuffer: 1 << 24 }).catch(() =>
      run('apt-get', ['source', '--download-only', `${pkg}/bookworm`], { cwd: dl, timeout: 600_000, maxBuffer: 1 << 24 }),
    );
    // The upstream tarball: `<pkg>_<version>.orig.tar.*`, not the component tarballs (`.orig-cli.tar.*`).
    const orig = readdirSync(dl).find((f) => /\.orig\.tar\.(?:gz|xz|bz2)$/.test(f));
    if (!orig) return 'no upstream tarball (a native package?)';
    const tmp = `${dest}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await run('tar', ['-xf', join(dl, orig), '-C', tmp, '--no-same-owner'], { timeout: 600_000 });
    writeFileSync(join(tmp, '.complete'), orig);
    rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
    rmSync(dl, { recursive: true, force: true });
    return null;
  } catch (err) {
    return String(err.stderr || err.message).trim().split('\n').pop();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const names = opts.only ?? PACKAGES;
  mkdirSync(join(opts.cache, 'src'), { recursive: true });
  const failed = [];
  for (const pkg of names) {
    const why = await fetchOne(pkg, opts.cache);
    if (why) failed.push([pkg, why]);
  }
  const present = names.filter((n) => existsSync(join(opts.cache, 'src', n, '.complete')));
  scanAndReport({ cwd: join(opts.cache, 'src'), units: present.map((n) => ({ dir: n, name: n })), showMedium: opts.medium, json: opts.json, unit: 'project' });
  if (failed.length > 0) {
    console.log(`\nskipped (apt-get source failed, ${failed.length}):`);
    for (const [n, why] of failed) console.log(`  ${n}: ${why}`);
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 2;
});
