// Hostile files: binary, huge, one enormous line, UTF-16, broken UTF-8, CRLF, empty.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey, validAwsKeyId } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { canMeasureMemory, cli, inProcess, json, report, writeLarge } from './helpers.js';

const dirs: string[] = [];
function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir('keyscan-hostile-');
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

describe('hostile files', () => {
  it('skips binary files by content, whatever their name, and counts them', async () => {
    const key = openaiProjectKey();
    // A PNG: its header, then compressed data (random bytes to any sniffer), a key inside.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), randomBytes(4096), Buffer.from(`k=${key}`)]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2048), Buffer.from(`k=${key}`)]);
    const dir = project({ 'logo.png': png, 'tool.txt': elf, 'a.txt': 'fine\n' });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { summary } = json(r.stdout);
    expect(summary.skipped).toMatchObject({ binary: 2 });
    expect(summary.filesScanned).toBe(1);
  });

  it('finds a key at the end of a 200 MB file in bounded memory', async () => {
    const key = openaiProjectKey();
    const dir = project({});
    const line = 'export function handler(event) { return { statusCode: 200, body: JSON.stringify(event) }; }\n';
    const lines = await writeLarge(join(dir, 'huge.js'), line, 200 * 1024 * 1024, `const key = "${key}";\n`);
    const r = cli(['--format', 'json'], { cwd: dir, measure: true, timeoutMs: 180_000 });
    report('200 MB file', r);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const [f] = json(r.stdout).findings;
    expect(f).toMatchObject({ file: 'huge.js', line: lines + 1, column: 14, rule: 'openai-project-key' });
    expect(json(r.stdout).summary.bytesScanned).toBeGreaterThan(200 * 1024 * 1024);
    if (canMeasureMemory) {
      // Whole in memory it would take more than twice the file (200 MB of bytes, then 200 M characters) on
      // top of the ~70 MB of an empty scan. Chunked it peaks at 270-290 MB alone and up to ~320 MB beside
      // another test file (vitest runs two at once): the 4 MB chunk strings are large objects, freed only by
      // a full collection, which runs later when the machine is busy.
      expect(r.maxRssKb).toBeDefined();
      expect(r.maxRssKb!).toBeLessThan(380 * 1024);
    }
  });

  it('scans a 10 MB single-line minified bundle with keys early, across chunk boundaries and late, with true columns', async () => {
    const keys = [openaiProjectKey(), githubToken(), validAwsKeyId()];
    const unit = 'function(e,t){var n=e.length,r=t||{};for(var i=0;i<n;i++)r[e[i].id]=e[i];return r},';
    const body = unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length));
    // Keys at ~1 KB, just before the first chunk's end (4 MiB), and at the very end.
    const at = [1000, 4 * 1024 * 1024 - 20, body.length];
    let text = body;
    for (let i = at.length - 1; i >= 0; i--) text = `${text.slice(0, at[i])}k${i}="${keys[i]}",${text.slice(at[i])}`;
    const dir = project({ 'dist/app.min.js': text });
    const r = await inProcess(['--format', 'json', '--no-gitignore'], { cwd: dir });
    report('10 MB minified bundle', r);
    expect(r.code).toBe(1);
    const found = json(r.stdout).findings.filter((f) => keys.some((k) => f.redacted.startsWith(k.slice(0, 4))));
    const where = found.map((f) => [f.line, f.column]).sort((a, b) => a[1] - b[1]);
    const expected = keys.map((k) => [1, text.indexOf(k) + 1]);
    expect(where).toEqual(expected);
  });

  it('decodes UTF-16 LE and BE with a BOM, and without one when plainly text', async () => {
    const key = openaiProjectKey();
    const content = `first line\r\nsecond line\r\nOPENAI_API_KEY=${key}\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const bare = Buffer.from(content, 'utf16le');
    const dir = project({ 'le.ps1': le, 'be.txt': be, 'nobom.reg': bare });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = json(r.stdout).findings.map((f) => `${f.file}:${f.line}:${f.column}`).sort();
    expect(found).toEqual(['be.txt:3:16', 'le.ps1:3:16', 'nobom.reg:3:16']);
  });

  it('tolerates invalid UTF-8 and finds the key beside the bad bytes', async () => {
    const key = githubToken();
    const bad = Buffer.concat([
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe, 0xfd, 0x0a]),
      Buffer.from('token='),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from(` ${key} `),
      Buffer.from([0xed, 0xa0, 0x80, 0x0a]),
    ]);
    const dir = project({ 'broken.cfg': bad });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]).toMatchObject({ file: 'broken.cfg', line: 2 });
  });

  it('gives true line numbers with CRLF, lone CR and mixed line ends', async () => {
    const key = openaiProjectKey();
    const dir = project({
      'crlf.env': `A=1\r\nB=2\r\n\r\nOPENAI_API_KEY=${key}\r\n`,
      'mixed.env': `A=1\nB=2\r\n\r\nC=3\nOPENAI_API_KEY=${key}\n`,
    });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    const found = json(r.stdout).findings.map((f) => `${f.file}:${f.line}:${f.column}`).sort();
    expect(found).toEqual(['crlf.env:4:16', 'mixed.env:5:16']);
  });

  it('scans empty files and passes over empty folders, saying when nothing was scanned', async () => {
    const dir = project({ 'empty.txt': '', 'nested/also-empty.env': '' });
    mkdirSync(join(dir, 'void/deeper'), { recursive: true });
    const r = await inProcess(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary).toMatchObject({ filesScanned: 2, bytesScanned: 0 });
    const bare = project({});
    mkdirSync(join(bare, 'only/folders'), { recursive: true });
    const none = await inProcess(['--format', 'json'], { cwd: bare });
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/nothing was scanned/);
    expect(json(none.stdout).summary.notes.join(' ')).toMatch(/nothing was scanned/);
  });

  it('reads UTF-16 from standard input', async () => {
    const key = openaiProjectKey();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\nk=${key}\n`, 'utf16le')]);
    const dir = project({});
    const r = await inProcess(['stdin', '--format', 'json'], { cwd: dir, input: le });
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]).toMatchObject({ line: 2, column: 3 });
  });
});
