// A mistyped command is not a path: `keyscan scna` says "did you mean `keyscan scan`?" and exits 2,
// unless a file or folder by that name exists, which is then scanned as always.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editDistance } from '../../src/cli/run.js';
import { runIn } from '../helpers/io.js';
import { makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('a mistyped command', () => {
  it('gets "did you mean" and exit 2, on one line', async () => {
    const dir = makeRepo([{ files: { 'a.txt': 'hello\n' } }]);
    dirs.push(dir);
    for (const [typed, meant] of [
      ['scna', 'scan'],
      ['instal', 'install'],
      ['stagd', 'staged'],
      ['baselin', 'baseline'],
      ['giit', 'git'],
      ['Rules', 'rules'],
    ]) {
      const r = await runIn(dir, [typed]);
      expect(r.code, typed).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`keyscan: unknown command ${typed}: did you mean \`keyscan ${meant}\`? (there is no file or folder named ${typed} either)\n`);
    }
    // keyscan instal did not install anything.
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('is scanned as a path when a file or folder by that name exists', async () => {
    const dir = tempDir('keyscan-typo-');
    dirs.push(dir);
    mkdirSync(join(dir, 'scna'));
    writeFiles(dir, { 'scna/notes.txt': 'nothing secret\n', instal: 'plain text\n' });
    for (const name of ['scna', 'instal']) {
      const r = await runIn(dir, [name]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).not.toContain('did you mean');
    }
  });

  it('far from every command, or a path, it stays "cannot read"', async () => {
    const dir = tempDir('keyscan-typo-');
    dirs.push(dir);
    for (const args of [['nothing-like-a-command'], ['./scna'], ['dir', 'scna']]) {
      const r = await runIn(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^keyscan: cannot read .*scna|^keyscan: cannot read nothing-like-a-command/);
      expect(r.err).not.toContain('did you mean');
    }
  });

  it('keyscan scan is keyscan dir', async () => {
    const dir = tempDir('keyscan-typo-');
    dirs.push(dir);
    writeFiles(dir, { 'a.txt': 'hello\n' });
    const r = await runIn(dir, ['scan', '.', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).summary.filesScanned).toBe(1);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('scna', 'scan')).toBe(1);
    expect(editDistance('instal', 'install')).toBe(1);
    expect(editDistance('dir', 'git')).toBe(2);
    expect(editDistance('', 'ci')).toBe(2);
  });
});
