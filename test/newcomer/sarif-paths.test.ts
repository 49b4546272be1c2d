// SARIF paths that code scanning can place: inside git every URI is relative to the repository's top
// level (whatever folder was scanned, from whatever working directory), with %SRCROOT% defined as that
// top level; outside git they are relative to the scanned root, which %SRCROOT% then names.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Sarif {
  runs: {
    originalUriBaseIds: Record<string, { uri?: string; description?: { text: string } }>;
    results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[];
  }[];
}

function sarifOf(args: string[], cwd: string, input?: string): Sarif {
  const r = keyscan([...args, '--format', 'sarif'], { cwd, input });
  expect(r.code, r.stderr).toBe(1);
  return JSON.parse(r.stdout) as Sarif;
}

function uris(s: Sarif): string[] {
  return s.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri).sort();
}

function folderUri(dir: string): string {
  return `${pathToFileURL(realpathSync(dir)).href}/`;
}

function expectRoot(s: Sarif, dir: string): void {
  const base = s.runs[0].originalUriBaseIds['%SRCROOT%'];
  expect(base.uri).toBe(folderUri(dir));
  expect(base.uri!.endsWith('/')).toBe(true);
  for (const r of s.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
}

describe('SARIF URIs', () => {
  const key = openaiProjectKey();
  const repo = makeRepo([{ files: { 'src/config.js': `const openai = "${key}";\n`, 'README.md': '# app\n' } }]);
  dirs.push(repo);
  const src = join(repo, 'src');

  it('keyscan src inside git: relative to the repository root, %SRCROOT% the top level', () => {
    const s = sarifOf(['src'], repo);
    expect(uris(s)).toEqual(['src/config.js']);
    expectRoot(s, repo);
  });

  it('from a subfolder: keyscan . and keyscan files name the same repository path', () => {
    for (const args of [['.'], ['dir'], ['files', 'config.js']]) {
      const s = sarifOf(args, src);
      expect(uris(s), args.join(' ')).toEqual(['src/config.js']);
      expectRoot(s, repo);
    }
  });

  it('the JSON report keeps paths relative to the scanned root (the contract)', () => {
    const r = keyscan(['src', '--format', 'json'], { cwd: repo });
    expect((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['config.js']);
  });

  it('keyscan git and keyscan staged from a subfolder: repository paths', () => {
    const g = sarifOf(['git'], src);
    expect(uris(g)).toEqual(['src/config.js']);
    expectRoot(g, repo);
    writeFiles(repo, { 'src/new.js': `export const key = "${openaiProjectKey()}";\n` });
    git(repo, ['add', 'src/new.js']);
    try {
      const s = sarifOf(['staged'], src);
      expect(uris(s)).toEqual(['src/new.js']);
      expectRoot(s, repo);
    } finally {
      git(repo, ['rm', '-q', '--cached', 'src/new.js']);
      writeFiles(repo, { 'src/new.js': null });
    }
  });

  it('keyscan stdin --label names a path relative to the working directory', () => {
    const s = sarifOf(['stdin', '--label', 'settings.js'], src, `const k = "${openaiProjectKey()}";\n`);
    expect(uris(s)).toEqual(['src/settings.js']);
    expectRoot(s, repo);
  });

  it('outside git: relative to the scanned root, which %SRCROOT% names', () => {
    const plain = tempDir('keyscan-sarif-plain-');
    dirs.push(plain);
    writeFiles(plain, { 'src/config.js': `const openai = "${openaiProjectKey()}";\n` });
    const s = sarifOf(['src'], plain);
    expect(uris(s)).toEqual(['config.js']);
    expectRoot(s, join(plain, 'src'));
    const t = sarifOf(['.'], plain);
    expect(uris(t)).toEqual(['src/config.js']);
    expectRoot(t, plain);
  });
});
