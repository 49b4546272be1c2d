import { describe, expect, it } from 'vitest';
import { filesToScan, parseAddedLines, parseStagedDiff } from '../../src/sources/staged.js';
import { Tally } from '../../src/sources/tally.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('the staged diff parser', () => {
  it('takes line numbers from hunk headers, not from content that looks like a header', () => {
    const patch = [
      'diff --git a/x.txt b/x.txt',
      'index 1111111..2222222 100644',
      '--- a/x.txt',
      '+++ b/x.txt',
      '@@ -2 +2,2 @@ context',
      '-old',
      '+++ this added line starts with two pluses',
      '+@@ -1 +1 @@ and this one looks like a hunk',
      '@@ -9,0 +10 @@',
      '+tail',
      '\\ No newline at end of file',
      'diff --git "a/sp ace" "b/sp ace"',
      '--- /dev/null',
      '+++ "b/d\\303\\251j\\303\\240 vu.txt"\t',
      '@@ -0,0 +1,3 @@',
      '+a',
      '+b',
      '+c',
      '',
    ].join('\n');
    const added = parseAddedLines(patch);
    expect([...added.keys()]).toEqual(['x.txt', 'déjà vu.txt']);
    expect([...added.get('x.txt')!]).toEqual([2, 3, 10]);
    expect([...added.get('déjà vu.txt')!]).toEqual([1, 2, 3]);
  });

  it('reads raw entries (renames with two paths) before the patch', () => {
    const out = `:100644 100644 ${A} ${B} R087\0old name\0new name\0:000000 100644 ${Z} ${A} A\0bin.dat\0\0diff --git a/new name b/new name\n--- a/old name\n+++ b/new name\t\n@@ -1 +1 @@\n-x\n+y\n`;
    const diff = parseStagedDiff(out);
    expect(diff.entries.map((e) => [e.status, e.oldPath, e.path])).toEqual([
      ['R', 'old name', 'new name'],
      ['A', undefined, 'bin.dat'],
    ]);
    // bin.dat has no text diff: scanned whole (null lines); the renamed file only at its changed line.
    expect(filesToScan(diff, new Tally()).map((f) => [f.path, f.lines && [...f.lines]])).toEqual([
      ['new name', [1]],
      ['bin.dat', null],
    ]);
  });

  it('skips deletions, symlinks, submodules, pure renames and deletion-only changes', () => {
    const out = [
      `:100644 000000 ${A} ${Z} D\0gone\0`,
      `:000000 120000 ${Z} ${A} A\0link\0`,
      `:000000 160000 ${Z} ${A} A\0sub\0`,
      `:100644 100644 ${A} ${A} R100\0a\0b\0`,
      `:100644 100644 ${A} ${B} M\0shrunk\0`,
      '\0diff --git a/shrunk b/shrunk\n--- a/shrunk\n+++ b/shrunk\n@@ -3 +2,0 @@\n-x\n',
    ].join('');
    expect(filesToScan(parseStagedDiff(out), new Tally())).toEqual([]);
  });
});
