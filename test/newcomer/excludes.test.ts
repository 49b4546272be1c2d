// Default excludes: dependency folders and package caches are counted, not scanned; built bundles
// are scanned; --no-default-excludes scans everything. And a newcomer's first run, for real: the
// packed tarball installed into a fresh `npm init` project without a .gitignore.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken } from '../helpers/fakes.js';
import { keyscan, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

interface Json {
  findings: { file: string }[];
  summary: { skipped: Record<string, number> };
}

describe('default excludes', () => {
  const key = () => `token = "${githubToken()}"\n`;
  const tree = () =>
    project({
      'node_modules/a/index.js': key(),
      'node_modules/a/README.md': 'hello\n',
      'app/node_modules/b/x.js': key(),
      '.venv/lib/python3.12/site-packages/p/x.py': key(),
      'venv/lib/python3.12/site-packages/q/x.py': key(),
      'src/__pycache__/m.py': key(),
      '.yarn/cache/c.js': key(),
      'vendor/bundle/ruby/g.rb': key(),
      'vendor/own/v.js': key(), // a folder named vendor without Composer's or Go's bookkeeping stays scanned
      'php/vendor/autoload.php': key(),
      'dist/bundle.js': key(), // shipped to users: scanned
      'build/app.js': key(),
      'src/app.js': key(),
    });

  it('counts dependency folders and caches in the summary and scans built bundles', () => {
    const dir = tree();
    const r = keyscan(['.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.findings.map((f) => f.file).sort()).toEqual(['build/app.js', 'dist/bundle.js', 'src/app.js', 'vendor/own/v.js']);
    const skipped = report.summary.skipped;
    expect(skipped['files in node_modules/ (--no-default-excludes scans them)']).toBe(3);
    expect(skipped['files in .venv/ (--no-default-excludes scans them)']).toBe(1);
    expect(skipped['files in site-packages/ (--no-default-excludes scans them)']).toBe(1);
    expect(skipped['files in vendor/ (--no-default-excludes scans them)']).toBe(1);
    const human = keyscan(['.', '--no-color'], { cwd: dir });
    expect(human.stdout).toMatch(/skipped: .*3 files in node_modules\//s);
  });

  it('--no-default-excludes scans them all', () => {
    const dir = tree();
    const r = keyscan(['.', '--format', 'json', '--no-default-excludes'], { cwd: dir });
    expect((JSON.parse(r.stdout) as Json).findings).toHaveLength(12);
  });
});

describe("a newcomer's first run", () => {
  it('npm init, npm i -D the packed tarball, npx --no-install keyscan . prints only "No secrets found" and what was skipped', () => {
    const dir = project({});
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    run('npm', ['init', '-y']);
    // Packed outside the project, as the registry would serve it: a tarball left in the project is itself
    // scanned (keyscan reads archives) and holds our rule examples.
    const packs = project({});
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs, ROOT]); // dist/ is built before the tests run
    const tarball = join(packs, readdirSync(packs).find((n) => n.endsWith('.tgz'))!);
    run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tarball]);
    let stdout = '';
    let stderr = '';
    let code = 0;
    try {
      stdout = execFileSync('npx', ['--no-install', 'keyscan', '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      [code, stdout, stderr] = [e.status, e.stdout, e.stderr];
    }
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const text = stdout.replace(/\s+/g, ' ').trim();
    expect(text).toMatch(/^No secrets found in \d+ files scanned \([^)]*\); skipped: [\d,]+ files in node_modules\/ \(--no-default-excludes scans them\)\.$/);
  }, 180_000);
});
