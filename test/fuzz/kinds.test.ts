// A secret is found in each supported kind of file, written the way that kind writes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, toBase62 } from '../../src/engine/checksums.js';
import { scanFragment } from '../../src/engine/scan.js';
import { VALIDATORS } from '../../src/engine/validators.js';
import { builtinRuleSet } from '../../src/rules.js';
import { decodeBuffer } from '../../src/sources/read.js';

const ruleSet = builtinRuleSet();
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const chars = (set: string, min: number, max: number) => fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((a) => a.join(''));
/** High-variety random bodies: a generator of fake keys, never real ones. */
const varied = (set: string, min: number, max: number) => chars(set, min, max).filter((s) => new Set(s).size >= Math.min(12, s.length / 2));

const MARKER = ['T3Bl', 'bkFJ'].join('');
const openai = fc.tuple(varied(B64URL, 20, 74), varied(B64URL, 20, 74)).map(([a, b]) => `sk-proj-${a}${MARKER}${b}`).filter((k) => /[A-Za-z0-9]$/.test(k));
const github = varied(B62, 30, 30).map((p) => `ghp_${p}${toBase62(crc32(p), 6)}`);
const aws = varied(B32, 16, 16).map((s) => `AKIA${s}`).filter((k) => VALIDATORS['aws-key-id'](k));
const secret = fc.oneof(openai, github, aws);

/** How each kind of file holds a credential. */
const KINDS: Record<string, (s: string) => string> = {
  '.env': (s) => `# settings\nAPP_ENV=production\nAPI_KEY=${s}\n`,
  'config/settings.json': (s) => JSON.stringify({ service: { name: 'billing', apiKey: s, retries: 3 } }, null, 2),
  'deploy/values.yaml': (s) => `service:\n  name: billing\n  credentials:\n    api_key: ${s}\n`,
  'k8s/secret.yml': (s) => `apiVersion: v1\nkind: Secret\nstringData:\n  token: "${s}"\n`,
  'app/client.py': (s) => `import os\n\nclient = Client(api_key="${s}")\n`,
  'src/client.ts': (s) => `export const client = new Client({ apiKey: '${s}' });\n`,
  'src/legacy.js': (s) => `var config = {\n  token: "${s}",\n};\n`,
  'cmd/main.go': (s) => `package main\n\nconst apiKey = "${s}"\n`,
  'infra/main.tf': (s) => `provider "service" {\n  token = "${s}"\n}\n`,
  'infra/prod.tfvars': (s) => `api_token = "${s}"\n`,
  'scripts/deploy.sh': (s) => `#!/bin/sh\nexport API_TOKEN="${s}"\ncurl -H "Authorization: Bearer $API_TOKEN" https://example.com\n`,
  'docs/setup.md': (s) => `# Setup\n\n\`\`\`sh\nexport API_TOKEN=${s}\n\`\`\`\n`,
  'notebooks/explore.ipynb': (s) =>
    JSON.stringify({ cells: [{ cell_type: 'code', source: ['import client\n', `client.key = "${s}"\n`], outputs: [] }], nbformat: 4 }, null, 1),
  Dockerfile: (s) => `FROM node:20\nENV API_TOKEN=${s}\nRUN npm ci\n`,
  'docker-compose.yml': (s) => `services:\n  app:\n    environment:\n      - API_TOKEN=${s}\n`,
  'src/main/resources/application.properties': (s) => `service.url=https://example.com\nservice.api.key=${s}\n`,
  'config.toml': (s) => `[service]\napi_key = "${s}"\n`,
  'setup.cfg': (s) => `[service]\napi_key = ${s}\n`,
  'App.java': (s) => `class App {\n  static final String API_KEY = "${s}";\n}\n`,
  'app.rb': (s) => `Client.configure do |c|\n  c.api_key = '${s}'\nend\n`,
  'index.php': (s) => `<?php\n$apiKey = '${s}';\n`,
  'Program.cs': (s) => `var client = new Client("${s}");\n`,
  'web.config.xml': (s) => `<configuration><appSettings><add key="ApiKey" value="${s}" /></appSettings></configuration>\n`,
  'main.rs': (s) => `const API_KEY: &str = "${s}";\n`,
  'Setup.ps1': (s) => `$env:API_TOKEN = "${s}"\r\n`,
  'index.html': (s) => `<script>window.API_KEY = "${s}";</script>\n`,
  '.npmrc': (s) => `registry=https://registry.example.com/\n_authToken=${s}\n`,
};

describe('file kinds', () => {
  it('finds a provider key in every kind of file, at its line and column', () => {
    fc.assert(
      fc.property(secret, fc.constantFrom(...Object.keys(KINDS)), (s, path) => {
        const text = KINDS[path](s);
        const found = scanFragment({ text, path, startLine: 1, origin: 'file' }, ruleSet).filter((m) => m.secret === s);
        expect(found.map((m) => m.rule.provider), `${path}\n${text}`).toHaveLength(1);
        const offset = text.indexOf(s);
        const line = text.slice(0, offset).split('\n').length;
        expect(found[0].line).toBe(line);
        expect(found[0].column).toBe(offset - text.lastIndexOf('\n', offset - 1));
      }),
      { numRuns: 400 },
    );
  });

  it('finds it in every kind of file saved as UTF-16 or UTF-8 with a BOM', () => {
    fc.assert(
      fc.property(secret, fc.constantFrom(...Object.keys(KINDS)), fc.constantFrom('utf-8-bom', 'utf-16le', 'utf-16be'), (s, path, encoding) => {
        const body = KINDS[path](s);
        let bytes: Buffer;
        if (encoding === 'utf-8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
        else {
          bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
          if (encoding === 'utf-16be') bytes.swap16();
        }
        const text = decodeBuffer(bytes);
        expect(text).toBe(body);
        expect(scanFragment({ text: text!, path, startLine: 1, origin: 'file' }, ruleSet).some((m) => m.secret === s)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
