// Hostile trees: symlinks out of the root and in loops, FIFOs, sockets and devices, unreadable files
// and folders, names with newlines and leading dashes, nesting 150 folders deep.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileFragments } from '../../src/sources/read.js';
import { SKIP } from '../../src/sources/dir.js';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { git, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, inProcess, json } from './helpers.js';

const dirs: string[] = [];
function project(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('keyscan-hostile-');
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}
const servers: Server[] = [];
afterAll(() => {
  servers.forEach((s) => s.close());
  dirs.forEach(removeDir);
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

describe('symlinks', () => {
  it('never follows a link out of the scanned root, counts links inside it, and detects loops', () => {
    const outside = project({ 'elsewhere.env': `OPENAI_API_KEY=${openaiProjectKey()}\n`, 'dir/deep.env': `T=${githubToken()}\n` });
    const inside = openaiProjectKey();
    const dir = project({ 'real.env': `OPENAI_API_KEY=${inside}\n`, 'sub/ok.txt': 'hello\n' });
    symlinkSync(join(outside, 'elsewhere.env'), join(dir, 'out-file.env'));
    symlinkSync(join(outside, 'dir'), join(dir, 'out-dir'));
    symlinkSync('real.env', join(dir, 'in-file.env'));
    symlinkSync('sub', join(dir, 'in-dir'));
    symlinkSync('..', join(dir, 'sub/up')); // a folder that holds the link
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    symlinkSync('missing.env', join(dir, 'broken.env'));
    const r = cli(['--format', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    // The key inside the root is found once, at its own path; nothing from outside.
    expect(report.findings.map((f) => f.file)).toEqual(['real.env']);
    expect(report.summary.skipped).toMatchObject({
      [SKIP.link]: 2,
      [SKIP.linkOut]: 2,
      [SKIP.linkLoop]: 3,
      [SKIP.linkBroken]: 1,
    });
    expect(report.summary.filesScanned).toBe(2);
  });

  it('follows a symlink named on the command line, as grep and ripgrep do', async () => {
    const key = openaiProjectKey();
    const target = project({ 'real.env': `OPENAI_API_KEY=${key}\n` });
    const dir = project({});
    symlinkSync(join(target, 'real.env'), join(dir, 'named.env'));
    symlinkSync(target, join(dir, 'named-dir'));
    const file = await inProcess(['files', 'named.env', '--format', 'json'], { cwd: dir });
    expect(json(file.stdout).findings.map((f) => f.file)).toEqual(['named.env']);
    const folder = await inProcess(['dir', 'named-dir', '--format', 'json'], { cwd: dir });
    expect(json(folder.stdout).findings.map((f) => f.file)).toEqual(['real.env']);
  });
});

describe('special files', () => {
  it('never opens FIFOs, sockets or devices met in a tree', async () => {
    const dir = project({ 'a.txt': 'fine\n' });
    expect(spawnSync('mkfifo', [join(dir, 'pipe.env')]).status).toBe(0);
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(join(dir, 'app.sock'), done));
    let devices = 0;
    if (isRoot && spawnSync('mknod', [join(dir, 'zero.env'), 'c', '1', '5']).status === 0) devices++;
    const r = cli(['--format', 'json'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.skipped).toMatchObject({ [SKIP.special]: 2 + devices });
    expect(json(r.stdout).summary.filesScanned).toBe(1);
  });

  it('refuses a FIFO or device named on the command line at once (exit 2, one line)', async () => {
    const dir = project({});
    expect(spawnSync('mkfifo', [join(dir, 'pipe.env')]).status).toBe(0);
    for (const args of [['files', 'pipe.env'], ['dir', 'pipe.env'], ['files', '/dev/zero']]) {
      const r = await inProcess(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/not a regular file/);
    }
  });

  it('does not read a FIFO swapped in after the walk (opened non-blocking, checked before reading)', async () => {
    const dir = project({});
    const fifo = join(dir, 'swapped.env');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const gen = fileFragments(fifo, { path: 'swapped.env', origin: 'file' });
    const step = await gen.next();
    expect(step).toEqual({ done: true, value: { kind: 'not-a-file' } });
  });
});

describe('unreadable files and folders', () => {
  // chmod 000 does not stop root: run keyscan as nobody when the tests run as root.
  const runAs = isRoot ? { uid: NOBODY } : {};
  const canDrop = !isRoot || spawnSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY }).status === 0;

  it.skipIf(!canDrop)('counts and names them, keeps the report, and exits 2: the scan is incomplete', () => {
    const key = openaiProjectKey();
    const dir = project({ 'readable.txt': 'fine\n', 'locked.env': `OPENAI_API_KEY=${key}\n`, 'vault/inside.env': `K=${key}\n`, 'seen.env': `OPENAI_API_KEY=${key}\n` });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'locked.env'), 0o000);
    chmodSync(join(dir, 'vault'), 0o000);
    try {
      const r = cli(['--format', 'json'], { cwd: dir, ...runAs });
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^keyscan: incomplete scan: /);
      expect(r.stderr).not.toContain(key);
      const report = json(r.stdout);
      // The findings it could make are still reported; what it could not read is named.
      expect(report.findings.map((f) => f.file)).toEqual(['seen.env']);
      expect(report.summary.incomplete.join('\n')).toContain('locked.env');
      expect(report.summary.incomplete.join('\n')).toContain('vault/');
      expect(report.summary.skipped).toMatchObject({ [SKIP.unreadable]: 1, [SKIP.unreadableFolder]: 1 });
      expect(report.summary.skippedExamples).toEqual(
        expect.arrayContaining([
          { path: 'locked.env', reason: SKIP.unreadable },
          { path: 'vault/', reason: SKIP.unreadableFolder },
        ]),
      );
      // Nothing readable but the unreadable file: still exit 2, never a clean pass.
      const only = cli(['files', 'locked.env'], { cwd: dir, ...runAs });
      expect(only.code).toBe(2);
      expect(only.stdout).toMatch(/could not be read/);
    } finally {
      chmodSync(join(dir, 'locked.env'), 0o644);
      chmodSync(join(dir, 'vault'), 0o755);
    }
  });
});

describe('hostile names', () => {
  const NAMES = ['new\nline.env', 'tab\there.env', ' spaced .env', '-rf.env', '--help.env', 'ünïcödé-日本.env', 'quote"s\'.env', 'back\\slash.env', '*glob?[x].env', 'esc\u001b[31mred.env'];

  it('finds keys in files with newlines, tabs, spaces, leading dashes, glob characters and unicode in their names', async () => {
    const key = openaiProjectKey();
    const files = Object.fromEntries(NAMES.map((n) => [`weird/${n}`, `OPENAI_API_KEY=${key}\n`]));
    const dir = makeRepo([{ files: { ...files, '.gitignore': 'ignored*\n' } }]);
    dirs.push(dir);
    writeFiles(dir, { 'ignored\nname.env': `K=${key}\n`, '-untracked.env': `OPENAI_API_KEY=${key}\n` });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = json(r.stdout).findings.map((f) => f.file).sort();
    expect(found).toEqual([...NAMES.map((n) => `weird/${n}`), '-untracked.env'].sort());
    expect(json(r.stdout).summary.skipped).toMatchObject({ 'ignored by .gitignore': 1 });
  });

  it('takes names with a leading dash after --, or as ./-name, and never reads them as options', async () => {
    const key = openaiProjectKey();
    const dir = project({ '-rf.env': `OPENAI_API_KEY=${key}\n`, '--help': `OPENAI_API_KEY=${key}\n`, '-d/x.env': `OPENAI_API_KEY=${key}\n` });
    const a = await inProcess(['files', '--format', 'json', '--', '-rf.env', '--help'], { cwd: dir });
    expect(a.code).toBe(1);
    expect(json(a.stdout).findings.map((f) => f.file).sort()).toEqual(['--help', '-rf.env']);
    const b = await inProcess(['files', './-rf.env', '--format', 'json'], { cwd: dir });
    expect(json(b.stdout).findings.map((f) => f.file)).toEqual(['-rf.env']);
    const c = await inProcess(['dir', '--format', 'json', '--', '-d'], { cwd: dir });
    expect(c.code).toBe(1);
    expect(json(c.stdout).findings.map((f) => f.file)).toEqual(['x.env']);
  });

  it('keeps every stderr line whole when a name holds a newline or an escape', () => {
    const dir = project({ 'ok.txt': 'x\n' });
    const fifo = join(dir, 'evil\nkeyscan: no secrets found\u001b[2J.env');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = cli(['files', fifo], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('deep trees', () => {
  it('scans a file nested 150 folders deep, in a plain folder and in a git work tree', async () => {
    const key = openaiProjectKey();
    const path = `${Array.from({ length: 150 }, (_, i) => `d${i % 10}`).join('/')}/deep.env`;
    const plain = project({ [path]: `OPENAI_API_KEY=${key}\n` });
    const repo = makeRepo([{ files: { [path]: `OPENAI_API_KEY=${key}\n`, '.gitignore': 'ignored.env\n' } }]);
    dirs.push(repo);
    mkdirSync(join(repo, path, '..', 'more'), { recursive: true });
    writeFileSync(join(repo, path, '..', 'ignored.env'), `OPENAI_API_KEY=${key}\n`);
    for (const dir of [plain, repo]) {
      const r = await inProcess(['--format', 'json'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(json(r.stdout).findings.map((f) => f.file)).toEqual([path]);
    }
    expect(git(repo, ['status', '--porcelain'])).toBe('');
  });
});
