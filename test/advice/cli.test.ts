// Advice through the built CLI on real repositories: git state in every format, the purge plan, and
// secrets kept secret.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { commit, git, keyscan, makeRepo, removeDir, tempDir } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

type JsonFinding = Record<string, unknown> & { file: string; rule: string; remediation?: { steps?: string[] } };
function json(stdout: string) {
  return JSON.parse(stdout) as { findings: JsonFinding[]; mistakes: { id: string; title: string; findings: number }[] };
}

const HAS_FILTER_REPO = spawnSync('git', ['filter-repo', '--version'], { encoding: 'utf8' }).status === 0;

describe('keyscan git: pushed, still in HEAD, exposure, remediation', () => {
  const key = openaiProjectKey();
  const token = githubToken();
  let dir = '';
  let second = '';
  let third = '';
  beforeAll(() => {
    const remote = tempDir();
    dirs.push(remote);
    git(remote, ['init', '-q', '--bare']);
    dir = makeRepo([
      {
        files: { 'src/client.js': `const openai = new OpenAI({ apiKey: "${key}" });\n`, 'docs/setup.md': `Use \`${key}\`\n` },
        date: '2020-01-02T10:00:00Z',
      },
    ]);
    dirs.push(dir);
    second = commit(dir, { files: { 'src/client.js': 'const openai = new OpenAI();\n', 'docs/setup.md': 'Set OPENAI_API_KEY.\n' }, date: '2020-03-04T09:00:00Z' }, 1);
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);
    third = commit(dir, { files: { 'config.yml': `github:\n  token: ${token}\n` }, date: '2021-05-06T16:45:00Z' }, 2);
  });

  it('JSON: pushed and deleted vs local and still in HEAD, with the exposure window and steps', () => {
    const r = keyscan(['git', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const report = json(r.stdout);
    const client = report.findings.find((f) => f.file === 'src/client.js')!;
    expect(client).toMatchObject({
      rule: 'openai-project-key',
      pushed: true,
      stillInHead: false,
      history: 'deleted but still in history',
      exposure: { from: '2020-01-02T10:00:00Z', until: '2020-03-04T09:00:00Z', removedIn: second },
    });
    expect(client.mistakes).toEqual(['stored-insecurely', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored']);
    expect(client.remediation?.steps?.[0]).toMatch(/^Revoke it now at https:\/\/platform\.openai\.com\/api-keys: commit [0-9a-f]{10} was pushed/);
    expect(client.remediation).toMatchObject({ revoke: 'https://platform.openai.com/api-keys', usage: 'https://platform.openai.com/usage' });
    const docs = report.findings.find((f) => f.file === 'docs/setup.md')!;
    expect(docs.mistakes).toContain('shared-with-others');
    const config = report.findings.find((f) => f.file === 'config.yml')!;
    expect(config).toMatchObject({ pushed: false, stillInHead: true, commit: third, exposure: { from: '2021-05-06T16:45:00Z', until: null } });
    expect(config.remediation?.steps?.[0]).toMatch(/^Not pushed yet: take it out of commit [0-9a-f]{10} before you push/);
    expect(report.mistakes.map((m) => m.id)).toEqual(['stored-insecurely', 'shared-with-others', 'not-revoked', 'multiple-keys-no-purpose', 'usage-not-monitored']);
    expect(report.mistakes.find((m) => m.id === 'not-revoked')?.findings).toBe(3);
  });

  it('human: one line per finding by default, then what to do per provider and mistake, then the summary', () => {
    const r = keyscan(['git'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const findings = lines.filter((l) => /^\S+:\d+:\d+ +critical · (likely real|may be real|looks like an example) +(openai|github) /.test(l));
    expect(findings).toHaveLength(3);
    expect(lines.filter((l) => /^ {2}(openai|github) +revoke at https:/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^ {2}not-revoked +committed once means leaked/.test(l))).toHaveLength(1);
    expect(r.stdout).toMatch(/^2 secrets found \(3 findings\)/m);
    expect(lines.length).toBeLessThan(20);
    for (const s of [key, token]) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it('human --verbose: one block per secret, each mistake explained once, a summary; no secret', () => {
    const r = keyscan(['git', '--verbose'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).not.toMatch(/\x1b\[/);
    expect(out.match(/^critical · likely real {2}openai · OpenAI project API key/gm)).toHaveLength(1);
    expect(out.match(/^critical · likely real {2}github · /gm)).toHaveLength(1);
    expect(out).toContain('no: deleted but still in history (deleted in');
    expect(out).toMatch(/pushed +yes: a remote-tracking branch or tag has it/);
    expect(out).toMatch(/pushed +no: only in local commits/);
    expect(out).toMatch(/exposed +2020-01-02 to 2020-03-04/);
    expect(out.match(/^not-revoked · Leaked key not revoked/gm)).toHaveLength(1);
    expect(out).toMatch(/by provider +github 1, openai 1|by provider +openai 1, github 1/);
    expect(out).toMatch(/^2 secrets found \(3 findings\)/m);
    for (const s of [key, token]) expect(out + r.stderr).not.toContain(s);
  });

  it('no format prints a whole secret without --no-redact, and every format does with it', () => {
    for (const format of ['human', 'json', 'sarif', 'junit']) {
      const hidden = keyscan(['git', '--format', format], { cwd: dir });
      expect(hidden.code, format).toBe(1);
      for (const s of [key, token]) expect(hidden.stdout + hidden.stderr, format).not.toContain(s);
      const shown = keyscan(['git', '--format', format, '--no-redact'], { cwd: dir });
      for (const s of [key, token]) expect(shown.stdout, format).toContain(s);
    }
  });

  it('junit: one failing testcase per finding', () => {
    const r = keyscan(['git', '--format', 'junit'], { cwd: dir });
    expect(r.stdout.match(/<testcase /g)).toHaveLength(3);
    expect(r.stdout.match(/<failure /g)).toHaveLength(3);
    expect(r.stdout).toMatch(/<testsuites name="keyscan" tests="3" failures="3"/);
  });

  it('--purge-plan writes the secrets to a 0600 file, prints the commands, and never prints a secret', () => {
    const out = tempDir('keyscan-plan-');
    dirs.push(out);
    const plan = join(out, 'purge.txt');
    const r = keyscan(['git', '--purge-plan', plan, '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(statSync(plan).mode & 0o777).toBe(0o600);
    const text = readFileSync(plan, 'utf8');
    expect(text.split('\n')[0]).toContain('THIS FILE HOLDS LIVE SECRETS IN PLAINTEXT');
    expect(text).toContain(`literal:${key}==>`);
    expect(text).toContain(`literal:${token}==>`);
    expect(r.stderr).toContain('THIS FILE HOLDS THOSE SECRETS IN PLAINTEXT');
    expect(r.stderr).toContain(`git filter-repo --replace-text ${plan}`);
    expect(r.stderr).toMatch(/git push --force --all/);
    for (const s of [key, token]) expect(r.stdout + r.stderr).not.toContain(s);
    JSON.parse(r.stdout); // the report on stdout is untouched
  });

  it('--purge-plan over an existing file makes it 0600 before writing', () => {
    const out = tempDir('keyscan-plan-');
    dirs.push(out);
    const plan = join(out, 'purge.txt');
    spawnSync('sh', ['-c', `echo old > '${plan}' && chmod 644 '${plan}'`]);
    keyscan(['git', '--purge-plan', plan], { cwd: dir });
    expect(statSync(plan).mode & 0o777).toBe(0o600);
    expect(readFileSync(plan, 'utf8')).not.toContain('old');
  });

  it('--purge-plan with nothing found writes no file', () => {
    const clean = makeRepo([{ files: { 'a.js': 'x\n' } }]);
    dirs.push(clean);
    const r = keyscan(['git', '--purge-plan', 'plan.txt'], { cwd: clean });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no purge plan was written');
    expect(() => statSync(join(clean, 'plan.txt'))).toThrow();
  });

  it.skipIf(!HAS_FILTER_REPO)('the plan, applied with git filter-repo to a mirror, leaves no secret in history', () => {
    const out = tempDir('keyscan-plan-');
    dirs.push(out);
    const plan = join(out, 'purge.txt');
    keyscan(['git', '--purge-plan', plan], { cwd: dir });
    const mirror = join(out, 'purge.git');
    git(out, ['clone', '-q', '--mirror', dir, mirror]);
    git(mirror, ['filter-repo', '--replace-text', plan]);
    const history = git(mirror, ['log', '-p', '--all', '--format=%H']);
    for (const s of [key, token]) expect(history).not.toContain(s);
    expect(history).toContain('***REMOVED-BY-KEYSCAN:openai-project-key***');
  });
});

describe('keyscan dir: tracked, ignored, untracked, committed', () => {
  it('labels each finding and treats a committed key as not revoked', () => {
    const [a, b, c] = [openaiProjectKey(), openaiProjectKey(), githubToken()];
    const dir = makeRepo([{ files: { '.gitignore': '.env\n', 'src/config.js': `export const key = "${a}";\n` } }]);
    dirs.push(dir);
    spawnSync('sh', ['-c', `printf 'OPENAI_API_KEY=${b}\\n' > .env && printf 'token ${c}\\n' > scratch.js`], { cwd: dir });
    const r = keyscan(['dir', '--no-gitignore', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const by = Object.fromEntries(json(r.stdout).findings.map((f) => [f.file, f]));
    expect(by['src/config.js']).toMatchObject({ tracked: 'tracked', committed: true });
    expect(by['src/config.js'].mistakes).toContain('not-revoked');
    expect(by['.env']).toMatchObject({ tracked: 'ignored', committed: false });
    expect(by['.env'].mistakes).not.toContain('not-revoked');
    expect(by['.env'].remediation?.steps?.join(' ')).toMatch(/\.env is ignored by git/);
    expect(by['scratch.js']).toMatchObject({ tracked: 'untracked', committed: false });
    expect(by['scratch.js'].remediation?.steps?.join(' ')).toMatch(/scratch\.js is not in git yet: add it to \.gitignore/);
    // without --no-gitignore the ignored .env is not scanned at all
    const skipped = json(keyscan(['dir', '--format', 'json'], { cwd: dir }).stdout);
    expect(skipped.findings.map((f) => f.file).sort()).toEqual(['scratch.js', 'src/config.js']);
    const human = keyscan(['dir', '--no-gitignore', '--verbose'], { cwd: dir }).stdout;
    expect(human).toMatch(/git +ignored by git \(\.gitignore\)/);
    expect(human).toMatch(/in HEAD +yes: committed, so it is in git history/);
  });

  it('outside a git work tree it says nothing about git', () => {
    const dir = tempDir();
    dirs.push(dir);
    spawnSync('sh', ['-c', `printf 'k=${openaiProjectKey()}\\n' > a.py`], { cwd: dir });
    const [f] = json(keyscan(['--format', 'json'], { cwd: dir }).stdout).findings;
    expect(f.tracked).toBeUndefined();
    expect(f.committed).toBeUndefined();
    expect(f.remediation?.steps?.[0]).toMatch(/^Move it to an environment variable or a secret store/);
  });
});

describe('a key found only once decoded', () => {
  it('is committed where HEAD holds its encoded text, its removal is found by that text, and the purge plan replaces it', () => {
    const [wrapped, escaped, gone] = [openaiProjectKey(), openaiProjectKey(), openaiProjectKey()];
    const base64 = (s: string) => Buffer.from(s).toString('base64');
    // Every character as a \xNN escape: the file never holds the key as written.
    const spelled = [...escaped].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const dir = makeRepo([
      {
        files: {
          'config/app.json': `{"settings": "${base64(`OPENAI_API_KEY=${wrapped}\n`)}"}\n`,
          'src/k.js': `const k = "${spelled}";\n`,
          'old.json': `{"blob": "${base64(`OPENAI_API_KEY=${gone}\n`)}"}\n`,
        },
        date: '2020-01-01T00:00:00Z',
      },
    ]);
    dirs.push(dir);
    const removedIn = commit(dir, { files: { 'old.json': null }, date: '2020-02-01T00:00:00Z', message: 'drop old' });
    spawnSync('sh', ['-c', `printf '%s\\n' '${base64(`OPENAI_API_KEY=${openaiProjectKey()}`)}' > scratch.txt`], { cwd: dir });

    const tree = json(keyscan(['dir', '--format', 'json'], { cwd: dir }).stdout).findings;
    const by = Object.fromEntries(tree.map((f) => [f.file, f]));
    expect(by['config/app.json']).toMatchObject({ decoded: 'base64', committed: true });
    expect(by['src/k.js']).toMatchObject({ decoded: 'escapes', committed: true });
    expect(by['scratch.txt']).toMatchObject({ decoded: 'base64', committed: false });

    const out = tempDir('keyscan-plan-');
    dirs.push(out);
    const plan = join(out, 'purge.txt');
    const r = keyscan(['git', '--format', 'json', '--no-redact', '--purge-plan', plan], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const history = json(r.stdout).findings as (JsonFinding & { secret: string; exposure?: { until?: string | null; removedIn?: string } })[];
    const of = (secret: string) => history.find((f) => f.secret === secret);
    // Still in HEAD: exposed until now. Deleted: until the commit that removed the encoded text.
    expect(of(wrapped)?.exposure).toEqual({ from: '2020-01-01T00:00:00Z', until: null });
    expect(of(escaped)?.exposure).toEqual({ from: '2020-01-01T00:00:00Z', until: null });
    expect(of(gone)?.exposure?.removedIn).toBe(removedIn);
    const text = readFileSync(plan, 'utf8');
    for (const s of [wrapped, escaped, gone]) expect(text).toContain(`literal:${s}==>`);
    expect(text).toContain(`literal:${base64(`OPENAI_API_KEY=${wrapped}\n`)}==>`);
    expect(text).toContain(`literal:${base64(`OPENAI_API_KEY=${gone}\n`)}==>`);
    expect(text).toContain(`literal:${spelled}==>`);
    if (HAS_FILTER_REPO) {
      // Applied to a mirror, the plan leaves none of the three in history, in any spelling.
      const mirror = join(out, 'purge.git');
      git(out, ['clone', '-q', '--mirror', dir, mirror]);
      git(mirror, ['filter-repo', '--replace-text', plan]);
      const all = git(mirror, ['log', '-p', '--all', '--format=%H']);
      for (const s of [wrapped, escaped, gone, spelled, base64(`OPENAI_API_KEY=${wrapped}\n`), base64(`OPENAI_API_KEY=${gone}\n`)]) expect(all).not.toContain(s);
    }
  });
});

describe('keyscan git: the commit that removed a deleted key', () => {
  it('is the newest commit HEAD reaches that removed it from the file: edited away, file deleted, renamed away; not a branch HEAD never merged', async () => {
    const [edited, deleted, renamed, sided] = [openaiProjectKey(), openaiProjectKey(), openaiProjectKey(), openaiProjectKey()];
    const filler = Array.from({ length: 8 }, (_, i) => `const unrelated${i} = ${i};`).join('\n');
    const dir = makeRepo([
      {
        files: {
          'a.js': `const key = "${edited}";\n${filler}\n`,
          'b.env': `OPENAI_API_KEY=${deleted}\n`,
          'c.js': `${filler}\nconst key = "${renamed}";\n`,
          'e.js': `const key = "${sided}";\n${filler}\n`,
        },
        date: '2020-01-01T00:00:00Z',
      },
    ]);
    dirs.push(dir);
    const at = (date: string, files: Record<string, string | null>, message: string) => commit(dir, { files, date, message });
    const editedIn = at('2020-02-01T00:00:00Z', { 'a.js': `const key = process.env.KEY;\n${filler}\n` }, 'edit a');
    const deletedIn = at('2020-03-01T00:00:00Z', { 'b.env': null }, 'delete b');
    // c.js moves whole to d.js (a rename to git's log), then the key leaves d.js.
    const renamedIn = at('2020-04-01T00:00:00Z', { 'c.js': null, 'd.js': `${filler}\nconst key = "${renamed}";\n` }, 'move c');
    at('2020-05-01T00:00:00Z', { 'd.js': `${filler}\nconst key = process.env.KEY;\n` }, 'edit d');
    // A branch HEAD never merges removes the fourth key later than main does.
    git(dir, ['checkout', '-q', '-b', 'exp']);
    at('2020-09-01T00:00:00Z', { 'e.js': `const key = null;\n${filler}\n` }, 'exp: drop key');
    git(dir, ['checkout', '-q', 'main']);
    const sidedIn = at('2020-06-01T00:00:00Z', { 'e.js': `const key = undefined;\n${filler}\n` }, 'main: drop key');

    const r = keyscan(['git', '--format', 'json', '--no-redact'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const findings = json(r.stdout).findings as (JsonFinding & { secret: string; exposure?: { removedIn?: string } })[];
    const removedIn = (secret: string, file: string) => findings.find((f) => f.secret === secret && f.file === file)?.exposure?.removedIn;
    expect(removedIn(edited, 'a.js')).toBe(editedIn);
    expect(removedIn(deleted, 'b.env')).toBe(deletedIn);
    expect(removedIn(renamed, 'c.js')).toBe(renamedIn);
    expect(removedIn(sided, 'e.js')).toBe(sidedIn);
    // The same answers as walking HEAD's history of each file (what a scan of part of the history uses).
    const { removalCommits } = await import('../../src/sources/git-state.js');
    const walked = await removalCommits(dir, [
      { key: 'a', file: 'a.js', secret: edited },
      { key: 'b', file: 'b.env', secret: deleted },
      { key: 'c', file: 'c.js', secret: renamed },
      { key: 'e', file: 'e.js', secret: sided },
    ]);
    expect(Object.fromEntries(Object.entries(walked).map(([k, v]) => [k, v.sha]))).toEqual({ a: editedIn, b: deletedIn, c: renamedIn, e: sidedIn });
  });
});
