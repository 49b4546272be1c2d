// Silent misses through archives: a key inside a zip (stored or deflated), a tar, a gzip or an archive
// inside an archive is found and named `archive.zip!path/in/archive` in every format, in baselines, in
// every command; whatever cannot be opened (encrypted, too large, too deep, corrupt) is said, never
// passed off as clean, and never crashes keyscan or runs it out of memory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deflatedZeros, gzip, tar, zip } from '../helpers/archives.js';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, gitTry, linkKeyscanBin, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, json, report } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

const env = (key: string) => `# settings\nAPP=demo\nGITHUB_TOKEN=${key}\n`;

describe('keys inside archives are found and named by their path inside', () => {
  const keys = Array.from({ length: 9 }, () => githubToken());
  const dir = track(tempDir('keyscan-archive-'));
  writeFiles(dir, {
    'stored.zip': zip([{ name: 'conf/.env', data: env(keys[0]), method: 0 }]),
    'deflated.zip': zip([{ name: 'conf/.env', data: env(keys[1]) }]),
    'release.tar.gz': gzip(tar([{ name: 'pkg/.env', data: env(keys[2]) }])),
    'release.tgz': gzip(tar([{ name: 'pkg/.env', data: env(keys[3]) }])),
    'plain.tar': tar([{ name: `${'very-long-folder-name/'.repeat(6)}.env`, data: env(keys[4]) }], 'gnu'),
    'settings.env.gz': gzip(env(keys[5])),
    'nested.zip': zip([{ name: 'inner.tar.gz', data: gzip(tar([{ name: 'x/.env', data: env(keys[6]) }])) }]),
    'no-extension': zip([{ name: 'a.env', data: env(keys[7]) }]),
    'big64.zip': zip([{ name: 'deep/.env', data: env(keys[8]) }], { zip64: true }),
  });
  const expected = [
    ['big64.zip!deep/.env', keys[8]],
    ['deflated.zip!conf/.env', keys[1]],
    ['nested.zip!inner.tar.gz!x/.env', keys[6]],
    ['no-extension!a.env', keys[7]],
    [`plain.tar!${'very-long-folder-name/'.repeat(6)}.env`, keys[4]],
    ['release.tar.gz!pkg/.env', keys[2]],
    ['release.tgz!pkg/.env', keys[3]],
    ['settings.env.gz!settings.env', keys[5]],
    ['stored.zip!conf/.env', keys[0]],
  ];

  it('json: file is archive!inner, line and column inside the entry', () => {
    const r = cli(['dir', '.', '--format', 'json', '--no-redact'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const found = json(r.stdout).findings.map((f) => [f.file, f.secret, f.line, f.column]);
    expect(found.sort()).toEqual(expected.map(([file, key]) => [file, key, 3, 14]));
    expect(json(r.stdout).summary.filesScanned).toBe(9);
  });

  it('human, sarif and junit name the same places', () => {
    const human = cli(['dir', '.'], { cwd: dir });
    const sarif = cli(['dir', '.', '--format', 'sarif'], { cwd: dir });
    const junit = cli(['dir', '.', '--format', 'junit'], { cwd: dir });
    const uris = JSON.parse(sarif.stdout).runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region.startLine,
    ]);
    for (const [file] of expected) {
      expect(human.stdout).toContain(`${file}:3:14`);
      expect(uris).toContainEqual([encodeURI(file), 3]);
      expect(junit.stdout).toContain(file);
    }
    for (const [, key] of expected) for (const out of [human.stdout, sarif.stdout, junit.stdout]) expect(out).not.toContain(key);
  });

  it('fingerprints are the same on every run, and a baseline silences them', () => {
    const a = json(cli(['dir', '.', '--format', 'json'], { cwd: dir }).stdout).findings.map((f) => f.fingerprint);
    const b = json(cli(['dir', '.', '--format', 'json'], { cwd: dir }).stdout).findings.map((f) => f.fingerprint);
    expect(new Set(a).size).toBe(9);
    expect(b).toEqual(a);
    const copy = track(tempDir('keyscan-archive-'));
    for (const name of ['nested.zip', 'stored.zip']) writeFileSync(join(copy, name), readFileSync(join(dir, name)));
    expect(cli(['baseline', '.'], { cwd: copy }).code).toBe(0);
    const baseline = readFileSync(join(copy, '.keyscan-baseline.json'), 'utf8');
    const r = cli(['dir', '.', '--format', 'json'], { cwd: copy });
    expect(r.code, r.stdout).toBe(0);
    // A new key in one archive is reported; the baselined one beside it is not.
    const fresh = githubToken();
    writeFileSync(join(copy, 'stored.zip'), zip([{ name: 'conf/.env', data: env(keys[0]), method: 0 }, { name: 'conf/new.env', data: env(fresh), method: 0 }]));
    const again = cli(['dir', '.', '--format', 'json'], { cwd: copy });
    expect(json(again.stdout).findings.map((f) => f.file)).toEqual(['stored.zip!conf/new.env']);
    expect(baseline).not.toContain(fresh);
  });

  it('keyscan files and keyscan stdin open archives too', () => {
    const files = cli(['files', 'nested.zip', 'settings.env.gz', '--format', 'json'], { cwd: dir });
    expect(files.code, files.stderr).toBe(1);
    expect(json(files.stdout).findings.map((f) => f.file).sort()).toEqual(['nested.zip!inner.tar.gz!x/.env', 'settings.env.gz!settings.env']);
    const stdin = cli(['stdin', '--label', 'upload.tgz', '--format', 'json'], { cwd: dir, input: readFileSync(join(dir, 'release.tgz')) });
    expect(stdin.code, stdin.stderr).toBe(1);
    expect(json(stdin.stdout).findings.map((f) => [f.file, f.line])).toEqual([['upload.tgz!pkg/.env', 3]]);
  });

  it('keyscan fix leaves archives alone and says so', () => {
    const r = cli(['fix', '.'], { cwd: dir });
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('stored.zip!conf/.env: inside an archive, which keyscan fix does not rewrite');
    expect(readFileSync(join(dir, 'stored.zip'))).toEqual(zip([{ name: 'conf/.env', data: env(keys[0]), method: 0 }]));
  });

  it('allow.paths reaches inside archives (`!` counts as a folder separator there)', () => {
    const copy = track(tempDir('keyscan-archive-'));
    writeFileSync(join(copy, 'nested.zip'), readFileSync(join(dir, 'nested.zip')));
    writeFileSync(join(copy, 'stored.zip'), readFileSync(join(dir, 'stored.zip')));
    writeFileSync(join(copy, '.keyscan.yaml'), 'allow:\n  paths: ["nested.zip/inner.tar.gz/**"]\n');
    const r = cli(['dir', '.', '--format', 'json'], { cwd: copy });
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['stored.zip!conf/.env']);
    expect(json(r.stdout).summary.skipped['left out by allow.paths']).toBe(1);
  });
});

describe('git history and staged blobs', () => {
  it('keyscan git names the archive path inside and the commit that added it', () => {
    const key = githubToken();
    const repo = track(makeRepo([{ files: { 'README.md': 'hi\n' } }, { files: { 'dist/bundle.zip': zip([{ name: 'cfg/.env', data: env(key) }]) } }]));
    const added = git(repo, ['rev-parse', 'HEAD']).trim();
    commit(repo, { files: { 'dist/bundle.zip': null } }, 2);
    const r = cli(['git', '.', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const [f, ...rest] = json(r.stdout).findings;
    expect(rest).toEqual([]);
    expect([f.file, f.line, f.column, f.commit]).toEqual(['dist/bundle.zip!cfg/.env', 3, 14, added]);
    expect(f.mistakes).toContain('not-revoked');
  });

  it('the same archive blob at two paths is credited at each path, with its inner path', () => {
    const key = githubToken();
    const bytes = zip([{ name: 'a/.env', data: env(key) }]);
    const repo = track(makeRepo([{ files: { 'one.zip': bytes } }, { files: { 'two.zip': bytes } }]));
    const r = cli(['git', '.', '--format', 'json'], { cwd: repo });
    const places = json(r.stdout).findings.flatMap((f) => [f.file, ...(f.occurrences ?? []).map((o: { file: string }) => o.file)]);
    expect(new Set(places)).toEqual(new Set(['one.zip!a/.env', 'two.zip!a/.env']));
  });

  it('keyscan staged blocks a commit that adds a key inside an archive, through the installed hook', () => {
    const key = githubToken();
    const repo = track(makeRepo([{ files: { 'README.md': 'hi\n' } }]));
    linkKeyscanBin(repo);
    writeFiles(repo, { '.gitignore': 'node_modules/\n' });
    expect(cli(['install'], { cwd: repo }).code).toBe(0);
    writeFiles(repo, { 'backup.tgz': gzip(tar([{ name: 'srv/.env', data: env(key) }])) });
    git(repo, ['add', 'backup.tgz']);
    const staged = cli(['staged', '--format', 'json'], { cwd: repo });
    expect(staged.code, staged.stderr).toBe(1);
    expect(json(staged.stdout).findings.map((f) => [f.file, f.line])).toEqual([['backup.tgz!srv/.env', 3]]);
    const hook = gitTry(repo, ['commit', '-q', '-m', 'backup']);
    expect(hook.code).not.toBe(0);
    expect(hook.stderr + hook.stdout).toContain('backup.tgz!srv/.env');
  });
});

describe('the hook judges what a commit changes inside an archive', () => {
  it('an entry kept from HEAD is not reported again; a changed or added one is', () => {
    const [old, added, changed] = [githubToken(), githubToken(), githubToken()];
    const v1 = zip([{ name: 'cfg/.env', data: env(old) }, { name: 'app/settings.env', data: 'A=1\n' }]);
    const repo = track(makeRepo([{ files: { 'bundle.zip': gzip(tar([{ name: 'in.zip', data: v1 }])) } }]));
    // A harmless entry added: the committed key is not the commit's doing.
    writeFiles(repo, { 'bundle.zip': gzip(tar([{ name: 'in.zip', data: zip([{ name: 'cfg/.env', data: env(old) }, { name: 'app/settings.env', data: 'A=1\n' }, { name: 'readme.txt', data: 'hi\n' }]) }])) });
    git(repo, ['add', 'bundle.zip']);
    const quiet = cli(['staged', '--format', 'json'], { cwd: repo });
    expect(quiet.code, quiet.stdout).toBe(0);
    expect(json(quiet.stdout).summary.filesScanned).toBe(1);
    // A new entry and a changed one, both with keys: both reported, the old key still not.
    const v3 = zip([{ name: 'cfg/.env', data: env(old) }, { name: 'app/settings.env', data: `A=1\nTOKEN=${changed}\n` }, { name: 'new/.env', data: env(added) }]);
    writeFiles(repo, { 'bundle.zip': gzip(tar([{ name: 'in.zip', data: v3 }])) });
    git(repo, ['add', 'bundle.zip']);
    const r = cli(['staged', '--format', 'json', '--no-redact'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).findings.map((f) => [f.file, f.secret]).sort()).toEqual([
      ['bundle.zip!in.zip!app/settings.env', changed],
      ['bundle.zip!in.zip!new/.env', added],
    ]);
  });
});

describe('what cannot be opened is said, and never crashes or exhausts memory', () => {
  it('a zip bomb: skipped as too large when decompressed, in bounded memory', () => {
    const dir = track(tempDir('keyscan-archive-'));
    const key = openaiProjectKey();
    writeFiles(dir, {
      'bomb.zip': zip([
        { name: 'zeros.bin', data: 'x', raw: deflatedZeros(1024), declaredSize: 4096 },
        { name: 'ok/.env', data: `OPENAI_API_KEY=${key}\n` },
      ]),
    });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir, measure: true });
    report('zip bomb (1 GiB of zeros in 1 MiB, size understated)', r);
    expect(r.code, r.stderr).toBe(1);
    const out = json(r.stdout);
    expect(out.findings.map((f) => f.file)).toEqual(['bomb.zip!ok/.env']);
    expect(out.summary.skipped).toEqual({ 'archive entry: too large when decompressed': 1 });
    if (r.maxRssKb !== undefined) expect(r.maxRssKb).toBeLessThan(400 * 1024);
    const human = cli(['dir', '.'], { cwd: dir });
    expect(human.stdout).toMatch(/skipped: 1 archive entry: too large when\s+decompressed/);
  });

  it('encrypted entries: "skipped: 1 archive entry: encrypted", and an archive holding only that is not called clean', () => {
    const dir = track(tempDir('keyscan-archive-'));
    writeFiles(dir, { 'secret.zip': zip([{ name: 'prod.env', data: 'not really encrypted', encrypted: true, method: 0 }]) });
    const r = cli(['dir', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('skipped: 1 archive entry: encrypted');
    expect(r.stdout).toMatch(/nothing was scanned/);
  });

  it('archives nested four deep: the fourth is skipped as too deep', () => {
    const dir = track(tempDir('keyscan-archive-'));
    const keys = [githubToken(), githubToken()];
    let bytes = zip([{ name: 'd4/.env', data: env(keys[0]) }]);
    bytes = zip([{ name: 'l4.zip', data: bytes }, { name: 'd3/.env', data: env(keys[1]) }]);
    bytes = gzip(tar([{ name: 'l3.zip', data: bytes }]));
    bytes = zip([{ name: 'l2.tgz', data: bytes }]);
    writeFiles(dir, { 'l1.zip': bytes });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['l1.zip!l2.tgz!l3.zip!d3/.env']);
    expect(json(r.stdout).summary.skipped).toEqual({ 'archive entry: archive nested too deeply': 1 });
    expect(json(r.stdout).summary.skippedExamples).toContainEqual({ path: 'l1.zip!l2.tgz!l3.zip!l4.zip', reason: 'archive entry: archive nested too deeply' });
  });

  it('corrupt and truncated archives: a note, no crash, what can be read is read', () => {
    const dir = track(tempDir('keyscan-archive-'));
    const key = githubToken();
    const good = zip([{ name: 'a/.env', data: env(key) }, { name: 'b.txt', data: 'b\n' }]);
    writeFiles(dir, {
      'truncated.zip': good.subarray(0, good.length - 30),
      'garbage.zip': Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0xff)]),
      'half.tgz': gzip(tar([{ name: 'x', data: 'y'.repeat(5000) }])).subarray(0, 40),
    });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.findings.map((f) => f.file)).toEqual(['truncated.zip!a/.env']);
    expect(out.summary.skipped['archive: corrupt or truncated']).toBe(3);
    expect(out.summary.notes.join('\n')).toContain('truncated.zip: archive: corrupt or truncated');
  });

  it('formats keyscan does not open are named, not called binary', () => {
    const dir = track(tempDir('keyscan-archive-'));
    writeFiles(dir, { 'x.7z': Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), Buffer.alloc(64, 1)]) });
    const r = cli(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(json(r.stdout).summary.skipped).toEqual({ 'archive in an unsupported format (7z)': 1 });
  });
});

const hasTools = ['zip', 'tar'].every((tool) => spawnSync('which', [tool]).status === 0);

describe.skipIf(!hasTools)('archives written by the zip and tar programs', () => {
  it('zip (deflate and stored) and tar (gzip, pax) as people make them', () => {
    const dir = track(tempDir('keyscan-archive-'));
    const src = join(dir, 'src');
    mkdirSync(join(src, 'app'), { recursive: true });
    const key = githubToken();
    writeFileSync(join(src, 'app', '.env'), env(key));
    execFileSync('zip', ['-q', '-r', '../deflate.zip', 'app'], { cwd: src });
    execFileSync('zip', ['-q', '-0', '-r', '../stored.zip', 'app'], { cwd: src });
    execFileSync('tar', ['--format=pax', '-czf', '../pax.tgz', 'app'], { cwd: src });
    execFileSync('tar', ['--format=gnu', '-cf', '../gnu.tar', 'app'], { cwd: src });
    const r = cli(['dir', '.', '--format', 'json', '--no-gitignore'], { cwd: dir });
    const files = json(r.stdout).findings.map((f) => [f.file, f.line]).filter(([f]) => String(f).includes('!'));
    expect(files.sort()).toEqual([
      ['deflate.zip!app/.env', 3],
      ['gnu.tar!app/.env', 3],
      ['pax.tgz!app/.env', 3],
      ['stored.zip!app/.env', 3],
    ]);
  });
});
