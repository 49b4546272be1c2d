import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, randomString } from '../helpers/fakes.js';
import { keyscan, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));
const b64 = (s: string) => Buffer.from(s).toString('base64');
type Json = { findings: Record<string, unknown>[] };

describe('decode and rescan from the command line', () => {
  const token = githubToken();
  const encoded = b64(`GITHUB_TOKEN=${token}`);
  const files = { 'deploy/values.yaml': `image: app\nextraEnv: ${encoded}\n` };

  it('reports a secret inside base64 at the encoded text, with decoded in json, sarif and human', () => {
    const dir = project(files);
    const r = keyscan(['dir', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const [f, ...rest] = (JSON.parse(r.stdout) as Json).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'github-pat-classic', file: 'deploy/values.yaml', line: 2, column: 11, decoded: 'base64' });
    expect(r.stdout).not.toContain(token);
    const sarif = JSON.parse(keyscan(['dir', '.', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results[0].properties.decoded).toBe('base64');
    expect(keyscan(['dir', '.', '--no-color'], { cwd: dir }).stdout).toMatch(/ \(inside base64\)/);
    const human = keyscan(['dir', '.', '--no-color', '--verbose'], { cwd: dir }).stdout;
    expect(human).toMatch(/decoded\s+found inside base64-encoded text/);
  });

  it('--decode-depth 0 switches decoding off; a bad depth exits 2 with one line', () => {
    const dir = project(files);
    expect(keyscan(['dir', '.', '--decode-depth', '0'], { cwd: dir }).code).toBe(0);
    expect(keyscan(['dir', '.', '--decode-depth', '1', '--format', 'json'], { cwd: dir }).code).toBe(1);
    const bad = keyscan(['dir', '.', '--decode-depth', '-1'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--decode-depth');
  });

  it('decodes in stdin, files and history scans too', () => {
    const dir = makeRepo([{ files }]);
    dirs.push(dir);
    const stdin = keyscan(['stdin', '--format', 'json'], { cwd: dir, input: files['deploy/values.yaml'] });
    expect((JSON.parse(stdin.stdout) as Json).findings[0]).toMatchObject({ decoded: 'base64', line: 2 });
    const one = keyscan(['files', 'deploy/values.yaml', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(one.stdout) as Json).findings[0]).toMatchObject({ decoded: 'base64' });
    const hist = keyscan(['git', '.', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(hist.stdout) as Json).findings[0]).toMatchObject({ decoded: 'base64', line: 2 });
    expect(keyscan(['git', '.', '--decode-depth', '0'], { cwd: dir }).code).toBe(0);
  });

  it('reports user:password pairs of .npmrc _auth, docker auths and Basic headers, and a Kubernetes Secret value', () => {
    const pair = `deploy:${randomString(12)}!${randomString(4)}`;
    const password = `${randomString(9)}#${randomString(6)}`;
    const dir = project({
      '.npmrc': `//registry.acme.io/:_auth=${b64(pair)}\n`,
      '.docker/config.json': JSON.stringify({ auths: { 'registry.acme.io': { auth: b64(pair) } } }, null, 2),
      'scripts/call.sh': `curl -H "Authorization: Basic ${b64(pair)}" https://api.acme.io/v1\n`,
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DB_PASSWORD: ${b64(password)}\n`,
    });
    const r = keyscan(['dir', '.', '--format', 'json', '--no-gitignore'], { cwd: dir });
    const found = (JSON.parse(r.stdout) as Json).findings.map((f) => `${f.file} ${f.rule}`).sort();
    expect(found).toEqual([
      '.docker/config.json docker-config-auth',
      '.npmrc npm-npmrc-auth',
      'k8s/secret.yaml kubernetes-secret-data',
      'scripts/call.sh basic-auth-header',
    ]);
  });
});
