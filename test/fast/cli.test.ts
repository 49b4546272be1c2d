// The CLI in-process through run(argv, io): the fast tier's end-to-end check (no child process, no
// dist/), from arguments to exit code, report and stderr.
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { memoryIo, type MemoryIo } from '../helpers/io.js';
import { openaiProjectKey } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function io(cwd: string, input = ''): MemoryIo {
  return memoryIo(cwd, { input, env: { NO_COLOR: '1' } });
}

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

describe('run(argv, io)', () => {
  it('keyscan dir: exit 1 with a redacted finding, exit 0 when clean', async () => {
    const key = openaiProjectKey();
    const dir = folder({ 'src/a.js': `const k = "${key}";\n` });
    const t = io(dir);
    expect(await run(['dir', '--format', 'json'], t.io)).toBe(1);
    const report = JSON.parse(t.out());
    expect(report.findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`)).toEqual(['src/a.js openai-project-key']);
    expect(t.out()).not.toContain(key);
    const clean = io(folder({ 'a.txt': 'hello\n' }));
    expect(await run(['dir'], clean.io)).toBe(0);
  });

  it('keyscan stdin: the label names the input', async () => {
    const t = io(folder({}), `token = "${openaiProjectKey()}"\n`);
    expect(await run(['stdin', '--label', 'paste.txt', '--format', 'json'], t.io)).toBe(1);
    expect(JSON.parse(t.out()).findings[0].file).toBe('paste.txt');
  });

  it('says nothing was scanned rather than passing for clean', async () => {
    const t = io(folder({}));
    expect(await run(['dir', '--format', 'json'], t.io)).toBe(0);
    expect(t.err()).toMatch(/nothing was scanned/);
  });

  it('exits 2 with one line on bad arguments', async () => {
    const t = io(folder({}));
    expect(await run(['dir', '--format', 'yaml'], t.io)).toBe(2);
    expect(t.err().trim().split('\n')).toHaveLength(1);
  });
});
