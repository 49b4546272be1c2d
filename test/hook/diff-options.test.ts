// A user's diff settings must not change what the pre-commit hook judges. With -U0 and
// diff.interHunkContext=10, git joins two nearby changes into one hunk whose header spans an already
// committed key: read from that header, the key looks added and an unrelated commit is blocked.
// Every diff option keyscan's parsing relies on is pinned (src/sources/git-safe.ts); each one here is
// set in the repository's own config and a real `git commit` goes through the real hook.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, gitTry, keyscan, linkKeyscanBin, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const lines = (key: string, edits: Record<number, string> = {}) =>
  Array.from({ length: 14 }, (_, i) => edits[i + 1] ?? (i + 1 === 6 ? `const key = "${key}";` : `const v${i + 1} = ${i + 1};`)).join('\n') + '\n';

/** A repository whose src/config.js already holds a committed key on line 6, with the hook installed. */
function repoWithCommittedKey() {
  const key = openaiProjectKey();
  const dir = makeRepo([{ files: { '.gitignore': 'node_modules\n', 'src/config.js': lines(key) } }]);
  dirs.push(dir);
  linkKeyscanBin(dir);
  expect(keyscan(['install'], { cwd: dir }).code).toBe(0);
  return { dir, key };
}

const markerDir = tempDir('keyscan-marker-');
dirs.push(markerDir);
const markerFile = join(markerDir, 'external-diff-ran');
const markerProgram = join(markerDir, 'external.sh');
writeFileSync(markerProgram, `#!/bin/sh\necho ran >> '${markerFile}'\nexit 0\n`, { mode: 0o755 });

const OPTIONS: [string, string][] = [
  ['diff.interHunkContext', '10'],
  ['diff.context', '20'],
  ['diff.noprefix', 'true'],
  ['diff.mnemonicPrefix', 'true'],
  ['diff.relative', 'true'],
  ['color.diff', 'always'],
  ['color.ui', 'always'],
  ['diff.external', markerProgram],
  ['diff.algorithm', 'patience'],
  ['diff.suppressBlankEmpty', 'true'],
  ['diff.renames', 'copies'],
  ['core.quotePath', 'false'],
];

describe("a user's diff options and the pre-commit hook", () => {
  it('diff.interHunkContext: a change on each side of a committed key does not block the commit', () => {
    const { dir, key } = repoWithCommittedKey();
    git(dir, ['config', 'diff.interHunkContext', '10']);
    writeFiles(dir, { 'src/config.js': lines(key, { 4: 'const v4 = 40;', 8: 'const v8 = 80;' }) });
    git(dir, ['add', '-A']);
    // git itself, with this setting, joins both changes into one hunk over the key's line.
    const raw = git(dir, ['diff', '--cached', '-U0']);
    expect(raw).toMatch(/^@@ -4,5 \+4,5 @@/m);
    expect(raw).toContain(` const key = "${key}";`);
    const r = gitTry(dir, ['commit', '-m', 'two nearby edits']);
    expect(r.stderr).not.toMatch(/commit blocked/);
    expect(r.code).toBe(0);
    // A key the commit does add is still found, at its own line.
    writeFiles(dir, { 'src/config.js': lines(key, { 4: 'const v4 = 41;', 8: `const other = "${openaiProjectKey()}";` }) });
    git(dir, ['add', '-A']);
    const blocked = gitTry(dir, ['commit', '-m', 'adds a key']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/src\/config\.js:8:16/);
    expect(blocked.stderr).not.toMatch(/src\/config\.js:6:/);
  });

  it('every other diff option, one at a time and all at once: same judgement, no external diff program run', () => {
    const { dir, key } = repoWithCommittedKey();
    let n = 0;
    const check = (settings: [string, string][]) => {
      for (const [k, v] of settings) git(dir, ['config', k, v]);
      n++;
      writeFiles(dir, { 'src/config.js': lines(key, { 4: `const v4 = ${100 + n};`, 8: `const v8 = ${200 + n};` }) });
      git(dir, ['add', '-A']);
      const ok = gitTry(dir, ['commit', '-m', `edit ${n}`], {}, '');
      expect(ok.code, `${settings.map(([k]) => k).join(', ')}: ${ok.stderr}`).toBe(0);
      // Whether a new key is still found at its own path and place, where the option changes paths or output.
      if (!(settings.length > 1 || /prefix|relative|quotePath|color|external/i.test(settings[0][0]))) {
        for (const [k] of settings) git(dir, ['config', '--unset', k]);
        return;
      }
      writeFiles(dir, { 'src/sub dir/new é.js': `export const k = "${openaiProjectKey()}";\n` });
      git(dir, ['add', '-A']);
      const blocked = gitTry(dir, ['commit', '-m', `key ${n}`], {}, '');
      expect(blocked.code, settings.map(([k]) => k).join(', ')).not.toBe(0);
      expect(blocked.stderr).toContain('src/sub dir/new é.js:1:19');
      git(dir, ['reset', '-q', '--hard']);
      rmSync(join(dir, 'src', 'sub dir'), { recursive: true, force: true });
      for (const [k] of settings) git(dir, ['config', '--unset', k]);
    };
    for (const option of OPTIONS) check([option]);
    check(OPTIONS);
    expect(existsSync(markerFile)).toBe(false);
  });
});
