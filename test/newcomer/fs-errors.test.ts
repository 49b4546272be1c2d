// Every file-system error on --output, --baseline and --config is one exit-2 line in words, never
// "unexpected error … please report it": a folder, a missing file, a path under a file, a device that
// never ends (/dev/full, /dev/zero), a folder that cannot be made (/proc), a permission.
import { chmodSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/io.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(): string {
  const dir = tempDir('keyscan-fs-');
  dirs.push(dir);
  writeFiles(dir, { 'a.txt': 'nothing here\n', 'plain.txt': 'x\n' });
  mkdirSync(join(dir, 'folder'));
  return dir;
}

async function refused(dir: string, args: string[]): Promise<string> {
  const r = await runIn(dir, args);
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n').filter(Boolean), args.join(' ')).toHaveLength(1);
  expect(r.err).not.toMatch(/unexpected error|please report|\bE[A-Z]{3,}\b/);
  return r.err.trim();
}

/** A file this process may not read: mode 000, or for root (who may read anything) a kernel file that refuses it. */
function unreadable(dir: string): string | null {
  if (process.getuid?.() !== 0) {
    writeFiles(dir, { 'secret.yaml': 'allow: {}\n' });
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    return join(dir, 'secret.yaml');
  }
  try {
    readFileSync('/proc/1/environ');
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' ? '/proc/1/environ' : null;
  }
}

describe('file-system errors are one clear line and exit 2', () => {
  it('--output', async () => {
    const dir = project();
    const cases: [string, string][] = [
      ['folder', 'cannot write the report to folder: it is a folder'],
      ['plain.txt/report.json', 'cannot write the report to plain.txt/report.json: a part of that path is a file, not a folder'],
      ['/dev/full', 'cannot write the report to /dev/full: no space left on the device'],
      ['/proc/keyscan-none/report.json', 'cannot write the report to /proc/keyscan-none/report.json: a folder in that path does not exist and cannot be created'],
    ];
    for (const [target, line] of cases) expect(await refused(dir, ['.', '--output', target])).toBe(`keyscan: ${line}`);
    // A missing parent folder is made, as ESLint's --output-file does.
    const r = await runIn(dir, ['.', '--output', 'reports/new/keyscan.json', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'reports/new/keyscan.json'), 'utf8')).version).toBe(1);
  });

  for (const [option, what] of [
    ['--config', 'config'],
    ['--baseline', 'baseline'],
  ] as const) {
    it(option, async () => {
      const dir = project();
      const cases: [string, string][] = [
        ['folder', 'it is a folder'],
        ['missing.file', 'no such file or folder'],
        ['plain.txt/x', 'a part of that path is a file, not a folder'],
        ['/dev/full', 'it is a device, not a file'],
        ['/dev/zero', 'it is a device, not a file'],
      ];
      for (const [target, why] of cases) expect(await refused(dir, ['.', option, target])).toBe(`keyscan: cannot read ${what} ${target}: ${why}`);
      // A folder outside the working directory is named as given, not as a relative path.
      expect(await refused(dir, ['.', option, '/'])).toBe(`keyscan: cannot read ${what} /: it is a folder`);
    });
  }

  it('permission denied', async (ctx) => {
    const dir = project();
    const path = unreadable(dir);
    if (!path) ctx.skip();
    for (const [option, what] of [
      ['--config', 'config'],
      ['--baseline', 'baseline'],
    ]) {
      expect(await refused(dir, ['.', option, path!])).toBe(`keyscan: cannot read ${what} ${path}: permission denied`);
    }
  });

  it('keyscan baseline: a folder or a device as the baseline file', async () => {
    const dir = project();
    expect(await refused(dir, ['baseline', '--output', 'folder'])).toBe('keyscan: cannot write the baseline to folder: it is a folder');
    expect(await refused(dir, ['baseline', '--output', '/dev/full'])).toBe('keyscan: cannot write the baseline to /dev/full: no space left on the device');
    expect(await refused(dir, ['baseline', '--baseline', 'plain.txt/x'])).toBe(
      'keyscan: cannot write the baseline to plain.txt/x: a part of that path is a file, not a folder',
    );
  });

  it('a configuration through a pipe still works (--config <(…))', async () => {
    const dir = project();
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('../helpers/repo.js');
    // A real pipe from a shell (Node's own stdio pipes are sockets, which /dev/stdin cannot open).
    const script = `printf 'allow:\\n  paths: ["folder/**"]\\n' | "${process.execPath}" "${BIN}" . --config /dev/stdin --format json`;
    const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
