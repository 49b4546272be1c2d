// Secrets stay secret: every command, every format, to stdout and to --output, over a corpus of
// planted fake secrets; stdout, stderr and every file written are searched for them. Only --no-redact
// may show them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, openaiLegacyKey, openaiProjectKey, randomString, validAwsKeyId } from '../helpers/fakes.js';
import { git, makeRepo, removeDir, tempDir, writeFiles } from '../helpers/repo.js';
import { cli, inProcess, type Run } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function pem(): string {
  const body = Array.from({ length: 12 }, () => randomString(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')).join('\n');
  return `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
}

const SECRETS = {
  openai: openaiProjectKey(),
  legacy: openaiLegacyKey(),
  github: githubToken(),
  aws: validAwsKeyId(),
  password: `Xq${randomString(12)}7!`,
  pem: pem(),
};

/** What must never appear: each whole secret, and for long ones a long middle piece (redaction keeps ends). */
function needles(): string[] {
  const out: string[] = [];
  for (const s of Object.values(SECRETS)) {
    out.push(s);
    if (s.length >= 24) out.push(s.slice(8, -6));
    for (const line of s.split('\n')) if (line.length >= 40 && !line.startsWith('-----')) out.push(line);
  }
  return out;
}

const CORPUS: Record<string, string> = {
  'src/client.ts': `import OpenAI from "openai";\nexport const client = new OpenAI({ apiKey: "${SECRETS.openai}" });\n`,
  '.env': `OPENAI_API_KEY=${SECRETS.legacy}\nGITHUB_TOKEN=${SECRETS.github}\nDB_PASSWORD=${SECRETS.password}\n`,
  'deploy/aws.tf': `provider "aws" {\n  access_key = "${SECRETS.aws}"\n}\n`,
  'keys/id_rsa': `${SECRETS.pem}\n`,
  'docs/README.md': `Set \`export OPENAI_API_KEY=${SECRETS.openai}\`\n`,
  'weird name\nwith newline.env': `GITHUB_TOKEN=${SECRETS.github}\n`,
};

/** Every regular file under dir except git's own, with its contents. */
function writtenFiles(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(p);
      } else if (e.isFile() && statSync(p).size < 10 * 1024 * 1024) out.push([relative(dir, p), readFileSync(p, 'utf8')]);
    }
  };
  walk(dir);
  return out;
}

function expectNoSecret(label: string, r: Pick<Run, 'stdout' | 'stderr'>, files: [string, string][] = []): void {
  for (const n of needles()) {
    expect(r.stdout.includes(n), `${label}: stdout holds a secret`).toBe(false);
    expect(r.stderr.includes(n), `${label}: stderr holds a secret`).toBe(false);
    for (const [name, text] of files) expect(text.includes(n), `${label}: ${name} holds a secret`).toBe(false);
  }
}

function setup(): { repo: string; outDir: string } {
  const repo = makeRepo([{ files: { 'README.txt': 'start\n' } }, { files: CORPUS }]);
  dirs.push(repo);
  const outDir = tempDir('keyscan-out-');
  dirs.push(outDir);
  // Something staged as well, for `keyscan staged`.
  writeFiles(repo, { 'staged.env': `OPENAI_API_KEY=${SECRETS.openai}\nAWS_KEY=${SECRETS.aws}\n` });
  git(repo, ['add', 'staged.env']);
  return { repo, outDir };
}

const FORMATS = ['human', 'json', 'sarif', 'junit'];

describe('secrets stay secret', () => {
  it('no command and no format shows a planted secret, on stdout, stderr or in a written file', async () => {
    const { repo, outDir } = setup();
    const corpusFiles = new Set(writtenFiles(repo).map(([n]) => n));
    const commands: [string, string[], string?][] = [
      ['dir', ['dir', '.']],
      ['files', ['files', 'src/client.ts', '.env', 'deploy/aws.tf', 'keys/id_rsa']],
      ['stdin', ['stdin', '--label', 'pasted.txt'], Object.values(CORPUS).join('\n')],
      ['git', ['git']],
      ['staged', ['staged']],
      ['ci', ['ci', '--since', 'HEAD~1']],
    ];
    let ran = 0;
    for (const [name, args, input] of commands) {
      for (const format of FORMATS) {
        const label = `${name} --format ${format}`;
        const r = await inProcess([...args, '--format', format], { cwd: repo, input });
        expect(r.code, `${label}: ${r.stderr}`).toBe(1);
        expectNoSecret(label, r);
        // --output: every format once (with dir), every command once (with sarif, the fullest report).
        if (name === 'dir' || format === 'sarif') {
          const file = join(outDir, `${name}.${format}`);
          const o = await inProcess([...args, '--format', format, '--output', file], { cwd: repo, input });
          expect(o.code, `${label} --output`).toBe(1);
          expectNoSecret(`${label} --output`, o, [[file, readFileSync(file, 'utf8')]]);
        }
        ran++;
      }
    }
    expect(ran).toBe(commands.length * FORMATS.length);
    // The real binary, whose streams are the process's own.
    for (const format of FORMATS) expectNoSecret(`binary ${format}`, cli(['--format', format], { cwd: repo }));
    // The baseline holds fingerprints only.
    const b = cli(['baseline'], { cwd: repo });
    expect(b.code, b.stderr).toBe(0);
    const bg = cli(['baseline', '--git', '--output', join(outDir, 'history-baseline.json')], { cwd: repo });
    expect([0, 2], bg.stderr).toContain(bg.code);
    expect(writtenFiles(repo).some(([n]) => n === '.keyscan-baseline.json')).toBe(true);
    expectNoSecret('baseline', b, writtenFiles(repo).filter(([n]) => !corpusFiles.has(n)));
    expectNoSecret('baseline --git', bg, writtenFiles(outDir));
  });

  it('keeps secrets out of error messages and --debug output', () => {
    const { repo } = setup();
    // A secret pasted where a fingerprint belongs is refused without being echoed whole.
    for (const value of [SECRETS.openai, SECRETS.password, SECRETS.github]) {
      writeFiles(repo, { 'pasted.yaml': `allow:\n  secrets:\n    - fingerprint: "${value}"\n      reason: oops\n` });
      const r = cli(['--config', 'pasted.yaml', '--debug'], { cwd: repo });
      expect(r.code).toBe(2);
      expectNoSecret('config error', r);
    }
    // An unexpected failure while writing the report, with --debug.
    const r = cli(['--format', 'json', '--output', '.', '--debug'], { cwd: repo });
    expect(r.code).toBe(2);
    expectNoSecret('output error with --debug', r);
  });

  it('shows them only with --no-redact', () => {
    const { repo } = setup();
    for (const format of FORMATS) {
      const r = cli(['dir', '--format', format, '--no-redact'], { cwd: repo });
      expect(r.code).toBe(1);
      for (const s of [SECRETS.openai, SECRETS.github, SECRETS.aws, SECRETS.password]) expect(r.stdout, format).toContain(s);
      // The private key too (its lines: JSON and XML escape the line breaks between them).
      expect(r.stdout, format).toContain(SECRETS.pem.split('\n')[3]);
    }
  });
});
