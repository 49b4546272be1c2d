// Silent misses through encodings: a stray NUL, UTF-16 without a BOM, UTF-32 with one, and files
// that stat as empty but have content (procfs) must all be read as text.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function utf32(text: string, little: boolean): Buffer {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(4 + cps.length * 4);
  if (little) out.writeUInt32LE(0xfeff, 0);
  else out.writeUInt32BE(0xfeff, 0);
  cps.forEach((cp, i) => (little ? out.writeUInt32LE(cp, 4 + i * 4) : out.writeUInt32BE(cp, 4 + i * 4)));
  return out;
}

describe('text that looks binary at a glance is still scanned', () => {
  it('one or a few NUL bytes near the start of a .env', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, {
      'one.env': Buffer.from(`A=1\0\nOPENAI_API_KEY=${openaiProjectKey()}\n`),
      'few.env': Buffer.from(`\0\0\0# env\0\nOPENAI_API_KEY=${openaiProjectKey()}\n${'PADDING=1\n'.repeat(20)}`),
    });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file).sort()).toEqual(['few.env', 'one.env']);
  });

  it('BOM-less UTF-16 (either byte order) with non-ASCII characters', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const text = `# café € config\nOPENAI_API_KEY=${openaiProjectKey()}\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    writeFiles(dir, { 'le.env': le, 'be.env': be });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.file).sort()).toEqual(['be.env', 'le.env']);
  });

  it('BOM-less UTF-16 that is mostly not ASCII (Chinese, emoji) and UTF-8 with a few NULs are both read right', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const cjk = `${'配置文件中的密钥，请勿提交。\n'.repeat(300)}OPENAI_API_KEY=${openaiProjectKey()}\n`;
    const emoji = `# 😀😀😀 🔑 keys\nOPENAI_API_KEY=${openaiProjectKey()}\n`;
    const cjkLe = Buffer.from(cjk, 'utf16le');
    const emojiLe = Buffer.from(emoji, 'utf16le');
    // UTF-8 whose NULs all fall at odd offsets must not be taken for UTF-16.
    const nuls = Buffer.from(`A\0B\0C\0D\0\nOPENAI_API_KEY=${openaiProjectKey()}\n`);
    writeFiles(dir, { 'cjk-le.txt': cjkLe, 'cjk-be.txt': Buffer.from(cjkLe).swap16(), 'emoji-le.env': emojiLe, 'emoji-be.env': Buffer.from(emojiLe).swap16(), 'nuls.env': nuls });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => `${f.file}:${f.line}`).sort()).toEqual(['cjk-be.txt:301', 'cjk-le.txt:301', 'emoji-be.env:2', 'emoji-le.env:2', 'nuls.env:2']);
  });

  it('UTF-32 with a BOM (either byte order) is decoded as UTF-32', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const text = `# 🔑 config\nOPENAI_API_KEY=${openaiProjectKey()}\n`;
    writeFiles(dir, { 'le.env': utf32(text, true), 'be.env': utf32(text, false) });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const findings = json(r.stdout).findings;
    expect(findings.map((f) => f.file).sort()).toEqual(['be.env', 'le.env']);
    expect(findings.every((f) => f.line === 2)).toBe(true);
  });

  it('random bytes are still binary (skipped and counted), even with a key inside', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    writeFiles(dir, { 'blob.bin': Buffer.concat([randomBytes(4096), Buffer.from(`OPENAI_API_KEY=${openaiProjectKey()}`), randomBytes(4096)]) });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(JSON.stringify(json(r.stdout).summary.skipped)).toMatch(/binary/);
  });

  it('a file that stats as size 0 but has content (procfs) is read to its end', () => {
    const key = openaiProjectKey();
    const r = cli(['files', '/proc/self/environ', '--format', 'json'], { cwd: track(tempDir('keyscan-hostile-')), env: { OPENAI_API_KEY: key } });
    expect(r.code, r.stderr).toBe(1);
    // The runner's own environment may hold other secret-shaped values: count only the planted key.
    const planted = json(r.stdout).findings.filter((f) => f.provider === 'openai' && f.redacted.endsWith(key.slice(-4)));
    expect(planted).toHaveLength(1);
    void join;
  });
});

describe('one encoded run holding many keys', () => {
  it('is kept once for all its findings, not copied into each (3,000 keys in 200 KB of base64)', () => {
    const dir = track(tempDir('keyscan-hostile-'));
    const lines = Array.from({ length: 3000 }, (_, i) => `TOKEN_${i}=${githubToken()}`);
    writeFiles(dir, { 'blob.json': `{"data": "${Buffer.from(lines.join('\n')).toString('base64')}"}\n` });
    // A copy of the run per finding was 3,000 × 200 KB: 600 MB, over this heap.
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=192' }, measure: true });
    expect(r.code, r.stderr).toBe(1);
    const findings = json(r.stdout).findings;
    expect(findings).toHaveLength(3000);
    expect(findings.every((f) => f.decoded === 'base64')).toBe(true);
    if (r.maxRssKb !== undefined) expect(r.maxRssKb).toBeLessThan(300 * 1024);
  });
});
