// Inline markers: keyscan:allow on the line, keyscan:allow-next-line above it, and the markers of
// gitleaks, detect-secrets and trufflehog (on by default; markers: { foreign: false } switches them off).
import { afterAll, describe, expect, it } from 'vitest';
import { fakePassword, minted, openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

interface Found {
  file: string;
  line: number;
}
function found(dir: string, args: string[] = []): Found[] {
  const r = keyscan([...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBeLessThan(2);
  return (JSON.parse(r.stdout).findings as Found[]).map((f) => ({ file: f.file, line: f.line }));
}

const k = () => minted(openaiProjectKey());

/** One key per line, each under a different marker; line numbers in the comments. */
function markedFile(): string {
  return [
    `const a = "${k()}"; // keyscan:allow`, // 1
    `const b = "${k()}";`, // 2: reported
    '// keyscan:allow-next-line', // 3
    `const c = "${k()}";`, // 4
    `const d = "${k()}";`, // 5: reported (the marker covers one line only)
    `const e = "${k()}"; // gitleaks:allow`, // 6
    `const f = "${k()}"; // pragma: allowlist secret`, // 7
    `const g = "${k()}"; // trufflehog:ignore`, // 8
    `const h = "${k()}"; /* keyscan:allow-next-line */`, // 9: reported (the marker is about the next line)
    `const i = "${k()}";`, // 10
    '',
  ].join('\n');
}

describe('inline markers', () => {
  it('leave out the marked line, or the line after keyscan:allow-next-line', () => {
    const dir = project({ 'src/app.ts': markedFile() });
    expect(found(dir).map((f) => f.line)).toEqual([2, 5, 9]);
  });

  it('honour other scanners’ markers unless markers.foreign is false', () => {
    const dir = project({ 'src/app.ts': markedFile(), '.keyscan.yaml': 'markers:\n  foreign: false\n' });
    expect(found(dir).map((f) => f.line)).toEqual([2, 5, 6, 7, 8, 9]);
    writeFiles(dir, { '.keyscan.yaml': 'markers:\n  foreign: true\n' });
    expect(found(dir).map((f) => f.line)).toEqual([2, 5, 9]);
  });

  it('work in any comment syntax, and keyscan:allow-next-line where a trailing comment is impossible', () => {
    const dir = project({
      '.env': `# keyscan:allow-next-line\nOPENAI_API_KEY=${k()}\nOTHER_KEY=${k()}\n`,
      'settings.py': `OPENAI = "${k()}"  # keyscan:allow\nDB_PASSWORD = "${minted(fakePassword())}"  # pragma: allowlist secret\n`,
      'config.yml': `# keyscan:allow-next-line\nopenai_key: ${k()}\n`,
      'page.html': `<meta name="k" content="${k()}"> <!-- keyscan:allow -->\n`,
      'query.sql': `-- keyscan:allow-next-line\nINSERT INTO keys VALUES ('${k()}');\n`,
    });
    expect(found(dir)).toEqual([{ file: '.env', line: 3 }]);
  });

  it('apply to files, stdin, staged changes and history alike', () => {
    const body = `// keyscan:allow-next-line\nconst c = "${k()}";\nconst d = "${k()}"; // keyscan:allow\n`;
    const dir = makeRepo([{ files: { 'a.ts': body } }]);
    dirs.push(dir);
    expect(found(dir, ['git'])).toEqual([]);
    expect(found(dir, ['files', 'a.ts'])).toEqual([]);
    const stdin = keyscan(['stdin', '--format', 'json'], { cwd: dir, input: body });
    expect(JSON.parse(stdin.stdout).findings).toEqual([]);
    writeFiles(dir, { 'b.ts': body });
    git(dir, ['add', 'b.ts']);
    expect(keyscan(['staged'], { cwd: dir }).code).toBe(0);
    writeFiles(dir, { 'c.ts': `const e = "${k()}";\n` });
    git(dir, ['add', 'c.ts']);
    expect(keyscan(['staged'], { cwd: dir }).code).toBe(1);
  });
});
