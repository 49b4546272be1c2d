// keyscan staged FILE...: lint-staged and the pre-commit framework name the files; only their staged
// lines are judged (the one policy for commit hooks: what the commit adds).
import { afterAll, describe, expect, it } from 'vitest';
import { parseStagedArgs } from '../../src/cli/commands/staged.js';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('keyscan staged FILE...', () => {
  it('parses file names among options, and after --', () => {
    expect(parseStagedArgs(['staged', 'a.js', '--format', 'json', 'b.js', '--', '-c.js'])).toMatchObject({ format: 'json', files: ['a.js', 'b.js', '-c.js'] });
    expect(parseStagedArgs(['staged'])?.files).toBeUndefined();
  });

  it('judges only the named files, by path from the working directory, and says when a named file is not staged', () => {
    const dir = makeRepo([{ files: { 'README.md': '# app\n', 'old.js': 'const n = 1;\n' } }]);
    dirs.push(dir);
    writeFiles(dir, { 'src/a.js': `const a = "${openaiProjectKey()}";\n`, 'src/b.js': `const b = "${openaiProjectKey()}";\n` });
    git(dir, ['add', '-A']);
    const one = keyscan(['staged', 'a.js', '--format', 'json'], { cwd: `${dir}/src` });
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/a.js']);
    const both = keyscan(['staged', `${dir}/src/a.js`, `${dir}/src/b.js`, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(both.stdout).findings).toHaveLength(2);
    const unstaged = keyscan(['staged', 'old.js'], { cwd: dir });
    expect(unstaged.code).toBe(0);
    expect(unstaged.stdout + unstaged.stderr).toMatch(/1 named file is not staged/);
  });
});
