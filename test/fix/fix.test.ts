import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/io.js';
import { readEnvFile } from '../../src/fix/apply.js';
import { planFile, type FixTarget } from '../../src/fix/plan.js';
import { githubToken, openaiProjectKey } from '../helpers/fakes.js';
import { git, makeRepo, removeDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

function runWith(cwd: string, cmd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(cmd, args, { cwd, env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim();
}

describe('keyscan fix', () => {
  const key = openaiProjectKey();
  const token = githubToken();
  const programs: Record<string, string> = {
    'src/client.js': `const config = { apiKey: "${key}", model: "gpt-4o" };\nconsole.log(config.apiKey.length === ${key.length} ? "js ok" : "js bad");\n`,
    'tools/report.py': `#!/usr/bin/env python3\n"""Weekly report."""\nfrom __future__ import annotations\nGITHUB_TOKEN = '${token}'\nprint("py ok" if len(GITHUB_TOKEN) == ${token.length} else "py bad")\n`,
    'scripts/call.sh': `#!/bin/sh\nprintf '%s\\n' "Authorization: Bearer ${key}" | wc -c\n`,
    'src/Main.java': `public class Main {\n  static final String KEY = "${key}";\n  public static void main(String[] a) { System.out.println(KEY.length() == ${key.length} ? "java ok" : "java bad"); }\n}\n`,
    'config/settings.json': `{ "openai": { "apiKey": "${key}" } }\n`,
  };

  it('prints a redacted diff and changes nothing without --write', async () => {
    const dir = makeRepo([{ files: { 'README.md': '# app\n' } }]);
    dirs.push(dir);
    writeFiles(dir, programs);
    git(dir, ['add', '-A']);
    const r = await runIn(dir, ['fix']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('+const config = { apiKey: process.env.OPENAI_API_KEY, model: "gpt-4o" };');
    expect(r.out).toContain("+GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]");
    expect(r.out).toContain('Dry run:');
    expect(r.out).toMatch(/config\/settings\.json:1 {2}openai-project-key: left as it is: JSON has no environment references/);
    expect(r.out).not.toContain(key);
    expect(r.out).not.toContain(token);
    expect(readFileSync(join(dir, 'src/client.js'), 'utf8')).toBe(programs['src/client.js']);
  });

  it('moves each key to .env (0600), .env.example and .gitignore; the programs still run; a rescan finds only what it declined', async () => {
    const dir = makeRepo([{ files: { 'README.md': '# app\n' } }]);
    dirs.push(dir);
    writeFiles(dir, programs);
    git(dir, ['add', '-A']);
    const r = await runIn(dir, ['fix', '--write']);
    expect(r.code).toBe(1); // settings.json was declined
    const env = readEnvFile(join(dir, '.env'));
    expect(env.get('OPENAI_API_KEY')).toBe(key);
    expect(env.get('GITHUB_TOKEN')).toBe(token);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('.env\n');
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toBe('OPENAI_API_KEY=\nGITHUB_TOKEN=\n');
    expect(r.out).toContain('nothing in package.json loads .env');
    const vars = Object.fromEntries(env);
    expect(runWith(dir, process.execPath, ['src/client.js'], vars)).toBe('js ok');
    expect(runWith(dir, 'sh', ['scripts/call.sh'], vars)).toBe(String(`Authorization: Bearer ${key}\n`.length));
    if (has('python3')) expect(runWith(dir, 'python3', ['tools/report.py'], vars)).toBe('py ok');
    if (spawnSync('java', ['-version']).status === 0) expect(runWith(dir, 'java', ['src/Main.java'], vars)).toBe('java ok');
    // Tracked files now hold only the declined JSON key; .env is ignored.
    git(dir, ['add', '-A']);
    expect(git(dir, ['ls-files'])).not.toContain('.env\n');
    const scan = await runIn(dir, ['dir', '--format', 'json']);
    const files = (JSON.parse(scan.out) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect([...new Set(files)]).toEqual(['config/settings.json']);
    // Idempotent: a second run changes nothing.
    const before = readFileSync(join(dir, 'src/client.js'), 'utf8');
    const again = await runIn(dir, ['fix', '--write']);
    expect(again.out).toContain('Nothing to change.');
    expect(readFileSync(join(dir, 'src/client.js'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toBe('OPENAI_API_KEY=\nGITHUB_TOKEN=\n');
  });

  it('leaves files with unstaged changes alone unless --force, and says a committed key must be revoked anyway', async () => {
    const dir = makeRepo([{ files: { 'app.js': `const apiKey = "${key}";\n` } }]);
    dirs.push(dir);
    writeFileSync(join(dir, 'app.js'), `// edited\nconst apiKey = "${key}";\n`);
    const r = await runIn(dir, ['fix', '--write']);
    expect(r.out).toContain('it has unstaged changes or is untracked');
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).toContain(key);
    const forced = await runIn(dir, ['fix', '--write', '--force']);
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).toBe('// edited\nconst apiKey = process.env.OPENAI_API_KEY;\n');
    expect(forced.out).toMatch(/app\.js: the key on line 2 is already committed: moving it does not un-leak it\. Revoke it at https:\/\//);
  });

  const target = (line: number, column: number, secret: string, rule = 'openai-project-key', provider = 'openai'): FixTarget => ({ line, column, secret, rule, provider });
  const fixText = (path: string, text: string, secret = key) => {
    const at = text.split('\n').findIndex((l) => l.includes(secret));
    return planFile(path, text, [target(at + 1, text.split('\n')[at].indexOf(secret) + 1, secret)], new Map());
  };

  it('writes each language\'s own environment lookup', () => {
    expect(fixText('main.go', `package main\n\nimport "fmt"\n\nvar apiKey = "${key}"\n`).after).toBe('package main\n\nimport "fmt"\nimport "os"\n\nvar apiKey = os.Getenv("OPENAI_API_KEY")\n');
    expect(fixText('main.go', `package main\n\nimport (\n\t"fmt"\n)\n\nvar k = "${key}"\n`).after).toContain('import (\n\t"os"\n\t"fmt"\n)');
    expect(fixText('app.rb', `client = OpenAI::Client.new(access_token: '${key}')\n`).after).toBe('client = OpenAI::Client.new(access_token: ENV.fetch("OPENAI_API_KEY"))\n');
    expect(fixText('Program.cs', `const string ApiKey = @"${key}";\n`).after).toBe('const string ApiKey = System.Environment.GetEnvironmentVariable("OPENAI_API_KEY");\n');
    expect(fixText('index.php', `<?php\n$client = OpenAI::client('${key}');\n`).after).toBe("<?php\n$client = OpenAI::client(getenv('OPENAI_API_KEY'));\n");
    expect(fixText('docker-compose.yml', `services:\n  app:\n    environment:\n      OPENAI_API_KEY: ${key}\n`).after).toContain('OPENAI_API_KEY: ${OPENAI_API_KEY}');
    expect(fixText('app.ts', 'const url = `https://x.example/?k=' + key + '`;\n').after).toBe('const url = `https://x.example/?k=${process.env.OPENAI_API_KEY}`;\n');
    expect(fixText('app.py', `client = OpenAI(api_key=f"${key}")\n`).after).toBe('import os\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n');
  });

  it('declines what it cannot rewrite safely, with the reason', () => {
    expect(fixText('app.py', `k = b"${key}"\n`).declined[0].why).toMatch(/bytes literal/);
    expect(fixText('app.js', `const u = "Bearer ${key}";\n`).declined[0].why).toMatch(/part of a longer JavaScript string/);
    expect(fixText('dist/app.min.js', `var a="${key}";\n`).declined[0].why).toMatch(/minified/);
    expect(fixText('gen.go', `// Code generated by protoc. DO NOT EDIT.\nvar k = "${key}"\n`).declined[0].why).toMatch(/generated/);
    expect(fixText('.env.production', `OPENAI_API_KEY=${key}\n`).declined[0].why).toMatch(/environment file/);
    expect(fixText('app.yaml', `openai:\n  key: ${key}\n`).declined[0].why).toMatch(/plain YAML/);
    expect(fixText('infra/main.tf', `api_key = "${key}"\n`).declined[0].why).toMatch(/TF_VAR_/);
    expect(fixText('Dockerfile', `ENV OPENAI_API_KEY=${key}\n`).declined[0].why).toMatch(/build secret/);
    expect(fixText('deploy/.npmrc', `//registry.npmjs.org/:_authToken=${key}\n`).declined[0].why).toMatch(/credentials file/);
    const encoded = planFile('k.js', `const k = "${key}";\n`, [{ ...target(1, 12, key), decoded: 'base64' }], new Map());
    expect(encoded.declined[0].why).toMatch(/base64-encoded/);
  });

  it('turns a key in documentation into a placeholder', () => {
    expect(fixText('README.md', `export OPENAI_API_KEY=${key}\n`).after).toBe('export OPENAI_API_KEY=YOUR_OPENAI_API_KEY\n');
  });

  it('gives a taken name a suffix and keeps one name per secret', () => {
    const other = openaiProjectKey();
    const text = `a = "${key}"\nb = "${other}"\nc = "${key}"\n`;
    const rows = text.split('\n');
    const plan = planFile('x.js', text, [1, 2, 3].map((n) => target(n, rows[n - 1].indexOf('sk-') + 1, rows[n - 1].slice(5, -1))), new Map([['OPENAI_API_KEY', 'something-else']]));
    expect(plan.after).toBe('a = process.env.OPENAI_API_KEY_2\nb = process.env.OPENAI_API_KEY_3\nc = process.env.OPENAI_API_KEY_2\n');
  });
});
