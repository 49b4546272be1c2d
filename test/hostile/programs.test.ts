// A scanned repository must make keyscan run no program: every config key that can name one is set
// in the checkout's own .git/config to a marker that leaves a file behind when it runs. Each test
// first shows that git itself runs the marker (where git can be made to), then that keyscan does not.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openaiProjectKey } from '../helpers/fakes.js';
import { git, GIT_ENV, gitTry, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, inProcess } from './helpers.js';

const dirs: string[] = [];
function track(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

/** A program that leaves `<dir>/<name>` behind when run (then exits 1, or execs `then`). */
function marker(name: string, then = 'exit 1'): { program: string; ran: () => boolean; reset: () => void } {
  const dir = track(tempDir('keyscan-marker-'));
  const file = join(dir, `${name}-ran`);
  const program = join(dir, `${name}.sh`);
  writeFileSync(program, `#!/bin/sh\necho ran >> '${file}'\n${then}\n`, { mode: 0o755 });
  return { program, ran: () => existsSync(file), reset: () => rmSync(file, { force: true }) };
}

const BLANK_CI = Object.fromEntries(
  ['GITHUB_ACTIONS', 'GITHUB_EVENT_PATH', 'GITLAB_CI', 'CI_COMMIT_SHA', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'].map((k) => [k, '']),
);

/** Stage a change so that `keyscan staged` has work (before the hostile config is set: git add runs filters and hooks). */
function stage(repo: string): void {
  writeFiles(repo, { 'staged.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` });
  git(repo, ['add', 'staged.env']);
}

/** Every scanning command, in the repository. */
function everyCommand(repo: string): { args: string[]; code: number; stderr: string }[] {
  const runs = [['dir'], ['git'], ['staged'], ['files', 'staged.env'], ['ci', '--since', 'HEAD~1'], ['baseline', '--git', '--output', join(repo, '..', 'b.json')]];
  return runs.map((args) => {
    const r = cli(args, { cwd: repo, env: BLANK_CI });
    return { args, code: r.code, stderr: r.stderr };
  });
}

/** A commit with a signature header (as `git commit -S` writes one) on top of main. */
function writeSigned(repo: string, kind: 'PGP' | 'SSH'): void {
  const tree = git(repo, ['write-tree']).trim();
  const parent = git(repo, ['rev-parse', 'HEAD']).trim();
  const who = 'Ada Lovelace <ada@example.com> 1600000000 +0000';
  const sig = [`-----BEGIN ${kind} SIGNATURE-----`, '', 'iQEzBAABCAAdFiEEabc', `-----END ${kind} SIGNATURE-----`];
  const body = `tree ${tree}\nparent ${parent}\nauthor ${who}\ncommitter ${who}\ngpgsig ${sig.join('\n ')}\n\nsigned\n`;
  const r = gitTry(repo, ['hash-object', '-t', 'commit', '-w', '--stdin'], {}, body);
  expect(r.code, r.stderr).toBe(0);
  git(repo, ['update-ref', 'refs/heads/main', r.stdout.trim()]);
}

describe('a repository config that names a program runs nothing', () => {
  it('log.showSignature with gpg.program / gpg.ssh.program: no signature is ever checked', () => {
    const gpg = marker('gpg');
    const ssh = marker('ssh-keygen');
    const repo = track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } }, { files: { 'a.env': 'gone\n' } }]));
    writeSigned(repo, 'PGP');
    writeSigned(repo, 'SSH');
    // A stash, so the stash walk runs too.
    writeFiles(repo, { 'b.txt': 'stash me\n' });
    git(repo, ['add', 'b.txt']);
    git(repo, ['stash', '-q']);
    stage(repo);
    git(repo, ['config', 'log.showSignature', 'true']);
    git(repo, ['config', 'gpg.program', gpg.program]);
    git(repo, ['config', 'gpg.ssh.program', ssh.program]);
    gitTry(repo, ['log', '-3']);
    expect(gpg.ran() || ssh.ran()).toBe(true); // git itself runs them
    gpg.reset();
    ssh.reset();
    for (const r of everyCommand(repo)) expect(r.code, `${r.args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
    expect(gpg.ran()).toBe(false);
    expect(ssh.ran()).toBe(false);
  });

  it('textconv, diff drivers, diff.external and clean/smudge/process filters from .gitattributes', () => {
    const m = marker('driver', 'cat');
    const repo = track(makeRepo([{ files: { '.gitattributes': '* diff=x filter=x\n', 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } }, { files: { 'a.env': 'b\n' } }]));
    stage(repo);
    for (const key of ['diff.x.textconv', 'diff.x.command', 'diff.external', 'filter.x.clean', 'filter.x.smudge', 'filter.x.process']) {
      git(repo, ['config', key, m.program]);
    }
    gitTry(repo, ['log', '-p', '-1']);
    expect(m.ran()).toBe(true);
    m.reset();
    const runs = everyCommand(repo);
    expect(m.ran(), JSON.stringify(runs)).toBe(false);
  });

  it('core.pager, pager.<command>, core.fsmonitor, core.editor and every hook (core.hooksPath)', () => {
    const m = marker('anything');
    const repo = track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } }, { files: { 'b.txt': 'b\n' } }]));
    stage(repo);
    const hooks = join(repo, 'hooks');
    mkdirSync(hooks);
    const names = ['reference-transaction', 'post-index-change', 'pre-auto-gc', 'post-checkout', 'post-merge', 'pre-commit', 'post-rewrite', 'fsmonitor-watchman'];
    for (const name of names) writeFileSync(join(hooks, name), `#!/bin/sh\nexec '${m.program}'\n`, { mode: 0o755 });
    git(repo, ['config', 'core.hooksPath', hooks]);
    for (const key of ['core.pager', 'pager.log', 'pager.diff', 'pager.grep', 'core.fsmonitor', 'core.editor', 'sequence.editor']) git(repo, ['config', key, m.program]);
    gitTry(repo, ['status']);
    expect(m.ran()).toBe(true);
    m.reset();
    const runs = everyCommand(repo);
    expect(m.ran(), JSON.stringify(runs)).toBe(false);
  });

  it('a config include that sets a program is overridden like the config itself', () => {
    const m = marker('included');
    const repo = track(makeRepo([{ files: { 'a.txt': 'a\n' } }, { files: { 'b.txt': 'b\n' } }]));
    const extra = join(repo, '.git', 'extra.cfg');
    writeFileSync(extra, `[core]\n\tfsmonitor = ${m.program}\n[log]\n\tshowSignature = true\n[gpg]\n\tprogram = ${m.program}\n`);
    writeSigned(repo, 'PGP');
    stage(repo);
    git(repo, ['config', 'include.path', extra]);
    everyCommand(repo);
    expect(m.ran()).toBe(false);
  });
});

/** origin with three commits (a key in the first), and a depth-1 clone of it. */
function shallowPair(): { origin: string; clone: string; first: string } {
  const origin = track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${openaiProjectKey()}\n` } }, { files: { 'b.txt': 'b\n' } }, { files: { 'c.txt': 'c\n' } }]));
  const first = git(origin, ['rev-list', '--max-parents=0', 'HEAD']).trim();
  const clone = join(track(tempDir('keyscan-hostile-')), 'clone');
  git(origin, ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
  return { origin, clone, first };
}

describe('keyscan ci deepening a shallow clone runs none of the clone’s programs', () => {
  it('core.sshCommand (ssh remote): never run', () => {
    const m = marker('ssh');
    const { clone, first } = shallowPair();
    git(clone, ['remote', 'set-url', 'origin', 'ssh://git@127.0.0.1:9/repo.git']);
    git(clone, ['config', 'core.sshCommand', m.program]);
    gitTry(clone, ['fetch', '--deepen=1', 'origin']);
    expect(m.ran()).toBe(true);
    m.reset();
    const r = cli(['ci', '--since', first], { cwd: clone, env: { ...BLANK_CI, PATH: `/nonexistent:${process.env.PATH}` } });
    expect(m.ran(), r.stderr).toBe(false);
    expect(r.code).toBe(2); // it could not deepen: exit 2, never a clean pass
  });

  it('remote.origin.uploadpack (file remote): git-upload-pack itself is used, and the deepening works', () => {
    const m = marker('uploadpack', 'exec git-upload-pack "$@"');
    const { clone, first } = shallowPair();
    git(clone, ['config', 'remote.origin.uploadpack', m.program]);
    const r = cli(['ci', '--since', first, '--format', 'json'], { cwd: clone, env: BLANK_CI });
    expect(m.ran(), r.stderr).toBe(false);
    expect(r.code, r.stderr).toBeLessThan(2);
  });

  it('url.<ext::…>.insteadOf and core.gitProxy: no ext:: or git:// transport', () => {
    const m = marker('transport');
    const { clone, first } = shallowPair();
    git(clone, ['config', `url.ext::${m.program} %S.insteadOf`, 'file://']);
    git(clone, ['config', 'protocol.ext.allow', 'always']);
    const r1 = cli(['ci', '--since', first], { cwd: clone, env: BLANK_CI });
    expect(m.ran(), r1.stderr).toBe(false);
    expect(r1.code).toBe(2);
    git(clone, ['config', '--unset', `url.ext::${m.program} %S.insteadOf`]);
    git(clone, ['remote', 'set-url', 'origin', 'git://127.0.0.1:9/repo.git']);
    git(clone, ['config', 'core.gitProxy', m.program]);
    const r2 = cli(['ci', '--since', first], { cwd: clone, env: BLANK_CI });
    expect(m.ran(), r2.stderr).toBe(false);
    expect(r2.code).toBe(2);
  });

  it('a reference-transaction hook and alternates’ core.alternateRefsCommand: never run by the fetch', () => {
    const m = marker('fetch-side');
    const { origin, clone, first } = shallowPair();
    const hooks = join(clone, '.git', 'hooks');
    writeFileSync(join(hooks, 'reference-transaction'), `#!/bin/sh\nexec '${m.program}'\n`, { mode: 0o755 });
    writeFileSync(join(clone, '.git', 'objects', 'info', 'alternates'), `${join(origin, '.git', 'objects')}\n`);
    git(clone, ['config', 'core.alternateRefsCommand', m.program]);
    const r = cli(['ci', '--since', first], { cwd: clone, env: BLANK_CI });
    expect(m.ran(), r.stderr).toBe(false);
    expect(r.code, r.stderr).toBeLessThan(2);
  });

  it('credential.helper and core.askPass (HTTP remote asking for a password): never asked', async () => {
    const helper = marker('credential');
    const askpass = marker('askpass');
    const { clone, first } = shallowPair();
    let asked = 0;
    const server: Server = createServer((_req, res) => {
      asked++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      git(clone, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/repo.git`]);
      git(clone, ['config', 'credential.helper', helper.program]);
      git(clone, ['config', `credential.http://127.0.0.1:${port}.helper`, helper.program]);
      git(clone, ['config', 'core.askPass', askpass.program]);
      const r = await inProcess(['ci', '--since', first], { cwd: clone, env: BLANK_CI });
      expect(asked).toBeGreaterThan(0); // the fetch was tried, over plain HTTP to this server
      expect(helper.ran(), r.stderr).toBe(false);
      expect(askpass.ran(), r.stderr).toBe(false);
      expect(r.code).toBe(2);
    } finally {
      server.close();
    }
  });
});

/** An HTTP server on 127.0.0.1 that counts requests and answers 404; closed by the caller. */
async function counter(): Promise<{ url: string; hits: () => number; close: () => void }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, close: () => server.close() };
}

/** git without blocking this process (its HTTP servers must keep answering). */
function gitAsync(dir: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

const NO_PROXY_ENV = { http_proxy: '', https_proxy: '', HTTPS_PROXY: '', all_proxy: '', ALL_PROXY: '', no_proxy: '', NO_PROXY: '' };

describe('keyscan ci deepening a shallow clone: the clone’s config cannot redirect or extend the fetch', () => {
  it('http.proxy, http.<url>.proxy and remote.<name>.proxy: the fetch goes straight to the remote', async () => {
    const remote = await counter();
    const proxy = await counter();
    try {
      const { clone, first } = shallowPair();
      git(clone, ['remote', 'set-url', 'origin', `${remote.url}/repo.git`]);
      const settings: [string, string][] = [
        ['http.proxy', proxy.url],
        [`http.${remote.url}/.proxy`, proxy.url],
        ['remote.origin.proxy', proxy.url],
      ];
      for (const [key, value] of settings) {
        git(clone, ['config', key, value]);
        // Sanity: git itself goes through the proxy.
        await gitAsync(clone, ['fetch', '--deepen=1', 'origin'], NO_PROXY_ENV);
        expect(proxy.hits(), key).toBeGreaterThan(0);
        const before = { proxy: proxy.hits(), remote: remote.hits() };
        const r = await inProcess(['ci', '--since', first], { cwd: clone, env: { ...BLANK_CI, ...NO_PROXY_ENV } });
        expect(proxy.hits(), `${key}: ${r.stderr}`).toBe(before.proxy);
        expect(remote.hits(), key).toBeGreaterThan(before.remote);
        expect(r.code).toBe(2); // the remote has nothing to give: never a clean pass
        git(clone, ['config', '--unset', key]);
      }
    } finally {
      remote.close();
      proxy.close();
    }
  });

  it('protocol.<name>.allow with remote.<name>.vcs or a <name>:: URL: the remote helper program never runs', () => {
    const m = marker('remote-helper');
    const bin = track(tempDir('keyscan-path-'));
    writeFileSync(join(bin, 'git-remote-keyscanmark'), `#!/bin/sh\nexec '${m.program}'\n`, { mode: 0o755 });
    const env = { ...BLANK_CI, PATH: `${bin}:${process.env.PATH}` };
    const { clone, first } = shallowPair();
    git(clone, ['config', 'protocol.keyscanmark.allow', 'always']);
    git(clone, ['config', 'remote.origin.vcs', 'keyscanmark']);
    gitTry(clone, ['fetch', '--deepen=1', 'origin'], env);
    expect(m.ran()).toBe(true); // git itself runs it
    m.reset();
    const r1 = cli(['ci', '--since', first], { cwd: clone, env });
    expect(m.ran(), r1.stderr).toBe(false);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/remote\.origin\.vcs/);
    git(clone, ['config', '--unset', 'remote.origin.vcs']);
    git(clone, ['remote', 'set-url', 'origin', 'keyscanmark::somewhere']);
    gitTry(clone, ['fetch', '--deepen=1', 'origin'], env);
    expect(m.ran()).toBe(true);
    m.reset();
    const r2 = cli(['ci', '--since', first], { cwd: clone, env });
    expect(m.ran(), r2.stderr).toBe(false);
    expect(r2.code).toBe(2);
  });

  it('url.<base>.insteadOf pointing the remote elsewhere: keyscan does not fetch through it, and says so', async () => {
    const elsewhere = await counter();
    try {
      const { origin, clone, first } = shallowPair();
      git(clone, ['config', `url.${elsewhere.url}/.insteadOf`, `file://${origin}`]);
      await gitAsync(clone, ['fetch', '--deepen=1', 'origin'], NO_PROXY_ENV);
      expect(elsewhere.hits()).toBeGreaterThan(0); // git itself follows the rewrite
      const before = elsewhere.hits();
      const r = await inProcess(['ci', '--since', first], { cwd: clone, env: { ...BLANK_CI, ...NO_PROXY_ENV } });
      expect(elsewhere.hits()).toBe(before);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rewrites the URL of origin \(url\..*\.insteadof\)/i);
      // Without the rewrite the same deepening works.
      git(clone, ['config', '--remove-section', `url.${elsewhere.url}/`]);
      const ok = await inProcess(['ci', '--since', first], { cwd: clone, env: { ...BLANK_CI, ...NO_PROXY_ENV } });
      expect(ok.code, ok.stderr).toBeLessThan(2);
    } finally {
      elsewhere.close();
    }
  });
});

describe('a partial (blobless) clone is never fetched from during a scan', () => {
  it('keyscan git and dir do not fetch missing blobs: the scan says it is incomplete and names them', () => {
    const m = marker('lazy-fetch', 'exec git-upload-pack "$@"');
    const key = openaiProjectKey();
    const origin = track(makeRepo([{ files: { 'a.env': `OPENAI_API_KEY=${key}\n` } }, { files: { 'a.env': 'gone\n' } }]));
    git(origin, ['config', 'uploadpack.allowFilter', 'true']);
    const clone = join(track(tempDir('keyscan-hostile-')), 'clone');
    git(origin, ['clone', '-q', '--filter=blob:none', `file://${origin}`, clone]);
    git(clone, ['config', 'remote.origin.uploadpack', m.program]);
    const missing = git(origin, ['rev-parse', 'HEAD~1:a.env']).trim();
    const r = cli(['git', '--format', 'json'], { cwd: clone });
    expect(m.ran(), r.stderr).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/incomplete|missing/);
    expect(r.stderr).toContain(missing.slice(0, 10));
    expect(r.stderr).not.toContain(key);
    // Sanity: git itself would have fetched it.
    gitTry(clone, ['cat-file', '-p', missing]);
    expect(m.ran()).toBe(true);
  });
});
