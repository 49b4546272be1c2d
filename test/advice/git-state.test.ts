// Git facts for advice, on real repositories: tracked / ignored / untracked, HEAD holds it, pushed
// (reachable from a remote-tracking ref or a tag), and the commit that deleted a secret.
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pushedCommits, removalCommits, secretsInHead, secretsInPlace, trackingOf, workTreeTop } from '../../src/sources/git-state.js';
import { openaiProjectKey, githubToken } from '../helpers/fakes.js';
import { commit, git, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function repo(...args: Parameters<typeof makeRepo>): string {
  const dir = makeRepo(...args);
  dirs.push(dir);
  return dir;
}

describe('tracking', () => {
  it('labels files tracked, ignored and untracked, also from a subfolder and with odd names', async () => {
    const dir = repo([{ files: { '.gitignore': '.env\nsecrets/\n', 'src/app.js': 'x\n', 'src/a b[1].js': 'y\n' } }]);
    writeFiles(dir, { '.env': 'K=1\n', 'secrets/k.txt': 'k\n', 'notes.txt': 'n\n', 'src/new.js': 'z\n' });
    const all = await trackingOf(dir, ['src/app.js', 'src/a b[1].js', '.env', 'secrets/k.txt', 'notes.txt', 'src/new.js']);
    expect(all).toEqual({
      'src/app.js': 'tracked',
      'src/a b[1].js': 'tracked',
      '.env': 'ignored',
      'secrets/k.txt': 'ignored',
      'notes.txt': 'untracked',
      'src/new.js': 'untracked',
    });
    const sub = await trackingOf(`${dir}/src`, ['app.js', 'new.js']);
    expect(sub).toEqual({ 'app.js': 'tracked', 'new.js': 'untracked' });
  });

  it('says nothing outside a work tree', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFiles(dir, { 'a.js': 'x\n' });
    expect(await workTreeTop(dir)).toBeNull();
    expect(await trackingOf(dir, ['a.js'])).toBeNull();
    expect(await secretsInHead(dir, ['abc'])).toBeNull();
  });

  it('counts a file added to the index but never committed as tracked', async () => {
    const dir = repo([{ files: { 'a.js': 'x\n' } }]);
    writeFiles(dir, { 'b.js': 'y\n' });
    git(dir, ['add', 'b.js']);
    expect(await trackingOf(dir, ['b.js'])).toEqual({ 'b.js': 'tracked' });
  });
});

describe('secretsInHead', () => {
  it('finds the secrets HEAD holds, including one over several lines', async () => {
    const key = openaiProjectKey();
    const token = githubToken();
    const pem = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(20)}${key.slice(10, 40)}\n-----END PRIVATE KEY-----`;
    const dir = repo([{ files: { 'a.js': `k="${key}"\n`, 'id.pem': `${pem}\n` } }]);
    writeFiles(dir, { 'b.js': `t="${token}"\n` }); // on disk, not committed
    const found = await secretsInHead(dir, [key, token, pem]);
    expect(found).toEqual(
      new Map([
        [key, ['a.js']],
        [pem, ['id.pem']],
      ]),
    );
  });

  it("reads HEAD's blobs, not the work tree, wherever the two differ", async () => {
    const key = openaiProjectKey();
    const token = githubToken();
    const other = openaiProjectKey();
    const dir = repo([{ files: { 'clean.js': `k="${key}"\n`, 'edited.js': `t="${token}"\n`, 'gone.js': `o="${other}"\n`, 'linked.js': `k="${key}"\n` } }]);
    // The work tree no longer holds the token, holds the other key only in a new file, and a symlink with
    // the blob's own bytes stands where a file was: HEAD's answer stays HEAD's.
    writeFiles(dir, { 'edited.js': 't=process.env.T\n', 'new.js': `o="${other}"\n` });
    rmSync(join(dir, 'gone.js'));
    rmSync(join(dir, 'linked.js'));
    symlinkSync(join(dir, 'clean.js'), join(dir, 'linked.js'));
    const found = await secretsInHead(dir, [key, token, other]);
    expect(found).toEqual(
      new Map([
        [key, ['clean.js', 'linked.js']],
        [token, ['edited.js']],
        [other, ['gone.js']],
      ]),
    );
    // A file edited to hold a key HEAD never had is not HEAD's.
    const fresh = openaiProjectKey();
    writeFiles(dir, { 'clean.js': `k="${fresh}"\n` });
    expect((await secretsInHead(dir, [fresh, key]))?.get(fresh)).toBeUndefined();
    expect((await secretsInHead(dir, [fresh, key]))?.get(key)).toEqual(['clean.js', 'linked.js']);
  });

  it('tells from its own file alone a secret HEAD holds there, and leaves the rest to the search of HEAD', async () => {
    const [clean, edited, encoded, loose, linked, sub] = [
      openaiProjectKey(),
      openaiProjectKey(),
      openaiProjectKey(),
      openaiProjectKey(),
      openaiProjectKey(),
      openaiProjectKey(),
    ];
    const dir = repo([
      {
        files: {
          'clean.js': `k="${clean}"\n`,
          'edited.js': `k="${edited}"\n`,
          'encoded.txt': `${Buffer.from(`key=${encoded}`).toString('base64')}\n`,
          'linked.js': `k="${linked}"\n`,
          'sub/deep.js': `k="${sub}"\n`,
        },
      },
    ]);
    writeFiles(dir, { 'edited.js': `k="${edited}"\n// changed\n`, 'loose.js': `k="${loose}"\n` });
    rmSync(join(dir, 'linked.js'));
    symlinkSync(join(dir, 'clean.js'), join(dir, 'linked.js'));
    const asks = [
      { secret: clean, file: 'clean.js' },
      { secret: edited, file: 'edited.js' },
      { secret: encoded, file: 'encoded.txt' },
      { secret: loose, file: 'loose.js' },
      { secret: linked, file: 'linked.js' },
      { secret: sub, file: 'sub/deep.js' },
      { secret: clean, file: '../outside.js' },
    ];
    expect(await secretsInPlace(dir, asks)).toEqual(new Set([clean, sub]));
    // From a subfolder, paths are the subfolder's.
    expect(await secretsInPlace(join(dir, 'sub'), [{ secret: sub, file: 'deep.js' }])).toEqual(new Set([sub]));
    // Whatever it tells, the search of HEAD tells too.
    const all = await secretsInHead(dir, [clean, sub]);
    expect([...all!.keys()].sort()).toEqual([clean, sub].sort());
  });

  it('finds nothing in a repository without commits', async () => {
    const dir = repo([]);
    expect(await secretsInHead(dir, ['abc'])).toEqual(new Map());
  });
});

describe('pushedCommits', () => {
  it('is false for every commit when there is no remote-tracking ref or tag', async () => {
    const dir = repo([{ files: { a: '1' } }]);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    expect(await pushedCommits(dir, [head])).toEqual({ [head]: false });
  });

  it('is true for what a remote-tracking ref or a tag reaches, false for the rest', async () => {
    const remote = tempDir();
    dirs.push(remote);
    git(remote, ['init', '-q', '--bare']);
    const dir = repo([{ files: { a: '1' } }]);
    const first = git(dir, ['rev-parse', 'HEAD']).trim();
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);
    const second = commit(dir, { files: { a: '2' } }, 1);
    const third = commit(dir, { files: { a: '3' } }, 2);
    git(dir, ['tag', 'v1', second]);
    const fourth = commit(dir, { files: { a: '4' } }, 3);
    expect(await pushedCommits(dir, [first, second, third, fourth, first])).toEqual({
      [first]: true,
      [second]: true,
      [third]: false,
      [fourth]: false,
    });
  });
});

describe('removalCommits', () => {
  it('names the newest commit on HEAD that removed the secret from the file', async () => {
    const key = openaiProjectKey();
    const dir = repo([
      { files: { 'src/a.js': `const k = "${key}";\n`, 'b.js': `const k = "${key}";\n` }, date: '2020-01-01T00:00:00Z' },
      { files: { 'src/a.js': 'const k = process.env.K;\n' }, date: '2020-02-01T00:00:00Z' },
      { files: { 'src/a.js': `const k = "${key}";\n` }, date: '2020-03-01T00:00:00Z' },
      { files: { 'src/a.js': null }, date: '2020-04-01T12:00:00Z' },
    ]);
    const last = git(dir, ['rev-parse', 'HEAD']).trim();
    const out = await removalCommits(dir, [
      { key: 'a', file: 'src/a.js', secret: key },
      { key: 'b', file: 'b.js', secret: key },
    ]);
    expect(out).toEqual({ a: { sha: last, date: '2020-04-01T12:00:00Z' } });
  });

  it('follows files git quotes (spaces, non-ASCII) and files whose names prefix each other, in one walk', async () => {
    const keys = [openaiProjectKey(), openaiProjectKey(), openaiProjectKey()];
    const files = ['conf/my key é.env', 'a.js', 'a.js.bak'];
    const dir = repo([
      { files: Object.fromEntries(files.map((f, i) => [f, `K=${keys[i]}\n`])), date: '2020-01-01T00:00:00Z' },
      { files: { 'conf/my key é.env': 'K=\n', 'a.js.bak': null }, date: '2020-02-01T00:00:00Z' },
      { files: { 'a.js': 'K=\n' }, date: '2020-03-01T00:00:00Z' },
    ]);
    const [third, second] = git(dir, ['log', '--format=%H']).trim().split('\n');
    const out = await removalCommits(
      dir,
      files.map((file, i) => ({ key: `k${i}`, file, secret: keys[i] })),
    );
    expect(out).toEqual({
      k0: { sha: second, date: '2020-02-01T00:00:00Z' },
      k1: { sha: third, date: '2020-03-01T00:00:00Z' },
      k2: { sha: second, date: '2020-02-01T00:00:00Z' },
    });
  });

  it('answers for many files at once (several git logs run together) in the order asked', async () => {
    const keys = Array.from({ length: 5 }, () => openaiProjectKey());
    const dir = repo([
      { files: Object.fromEntries(keys.map((k, i) => [`f${i}.js`, `const k = "${k}";\n`])), date: '2020-01-01T00:00:00Z' },
      // Removed newest first, each in a commit of its own: file i in month 6 - i.
      ...keys.map((_, i) => ({ files: { [`f${keys.length - 1 - i}.js`]: null }, date: `2020-0${2 + i}-01T00:00:00Z` })),
    ]);
    const shas = git(dir, ['log', '--format=%H', '--reverse']).trim().split('\n').slice(1);
    const asks = keys.map((k, i) => ({ key: `k${i}`, file: `f${i}.js`, secret: k }));
    const out = await removalCommits(dir, asks);
    expect(Object.keys(out)).toEqual(asks.map((a) => a.key));
    keys.forEach((_, i) => expect(out[`k${i}`]).toEqual({ sha: shas[keys.length - 1 - i], date: `2020-0${2 + keys.length - 1 - i}-01T00:00:00Z` }));
  });
});
