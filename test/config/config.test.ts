import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSchema, configSchema, EMPTY_CONFIG, loadConfig, SCHEMA_PATH } from '../../src/config.js';
import { RULES_DIR } from '../../src/rules.js';
import { randomString } from '../helpers/fakes.js';
import { removeDir, tempDir, writeFiles } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  writeFiles(dir, files);
  return dir;
}

/** The one-line error loading this .keyscan.yaml gives. */
function errorOf(yaml: string, extra: Record<string, string> = {}): string {
  const dir = project({ '.keyscan.yaml': yaml, ...extra });
  try {
    loadConfig(dir);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

const CUSTOM_RULE = `
  - id: acme-api-token
    provider: acme
    title: ACME API token
    description: Full access to an ACME account.
    severity: high
    keywords: [acme_]
    pattern: '(?<secret>acme_[A-Za-z0-9]{24})'
    entropy: 3
    examples: ['ACME_TOKEN = "acme_${randomString(24)}"']
    negative_examples: ['acme_short']
`;

describe('loadConfig', () => {
  it('gives the defaults when there is no .keyscan.yaml, and for an empty one', () => {
    expect(loadConfig(project({}))).toBe(EMPTY_CONFIG);
    expect(loadConfig(project({ '.keyscan.yaml': '# nothing yet\n' }))).toMatchObject({ ...EMPTY_CONFIG, source: '.keyscan.yaml' });
  });

  it('reads every key', () => {
    const dir = project({
      '.keyscan.yaml': [
        '# yaml-language-server: $schema=./node_modules/keyscan-cli/schema/keyscan.schema.json',
        'extends: keyscan:default',
        'allow:',
        '  paths: ["./vendor/", "/build/**", "test/fixtures/**"]',
        '  rules: [generic-password, acme-api-token]',
        '  secrets:',
        `    - fingerprint: ${'0'.repeat(31)}a`,
        '      reason: the demo account, no access',
        '      expires: 2031-12-31',
        'markers:',
        '  foreign: false',
        `rules:${CUSTOM_RULE}`,
      ].join('\n'),
    });
    const config = loadConfig(dir);
    expect(config.allowPaths).toEqual(['vendor/**', 'build/**', 'test/fixtures/**']);
    expect(config.allowRules).toEqual(['generic-password', 'acme-api-token']);
    expect(config.allowSecrets).toEqual([
      { fingerprint: `${'0'.repeat(31)}a`, reason: 'the demo account, no access', expires: '2031-12-31', source: '.keyscan.yaml:7' },
    ]);
    expect(config.foreignMarkers).toBe(false);
    expect(config.rules.map((r) => [r.id, r.source])).toEqual([['acme-api-token', '.keyscan.yaml:13:5']]);
  });

  it('says file, line, column and what is wrong', () => {
    expect(errorOf('alow:\n  paths: []\n')).toBe('invalid config .keyscan.yaml:1:1: unknown key "alow" (did you mean "allow"?)');
    expect(errorOf('allow:\n  path: [a]\n')).toBe('invalid config .keyscan.yaml:2:3: allow: unknown key "path" (did you mean "paths"?)');
    expect(errorOf('allow:\n  paths: vendor/**\n')).toBe('invalid config .keyscan.yaml:2:10: allow.paths: expected a list of strings, got the string "vendor/**"');
    expect(errorOf('allow:\n  paths:\n    - a\n    - 3\n')).toBe('invalid config .keyscan.yaml:4:7: allow.paths[1]: expected a string, got 3');
    expect(errorOf('allow:\n  rules: [generic-password, generic-pasword]\n')).toBe(
      'invalid config .keyscan.yaml:2:29: allow.rules[1]: unknown rule id "generic-pasword" (did you mean "generic-password"? keyscan rules lists them)',
    );
    expect(errorOf('allow:\n  rules: [no-such-rule-anywhere]\n')).toMatch(/^invalid config \.keyscan\.yaml:2:11: allow\.rules\[0\]: unknown rule id "no-such-rule-anywhere" \(keyscan rules/);
    expect(errorOf('allow:\n  secrets:\n    - fingerprint: abc\n')).toBe(
      'invalid config .keyscan.yaml:3:20: allow.secrets[0].fingerprint: a fingerprint is 32 lower-case hexadecimal characters, as printed in reports',
    );
    expect(errorOf('allow:\n  secrets:\n    - reason: x\n')).toBe('invalid config .keyscan.yaml:3:7: allow.secrets[0]: missing "fingerprint"');
    expect(errorOf(`allow:\n  secrets:\n    - fingerprint: ${'a'.repeat(32)}\n      expires: 31/12/2030\n`)).toBe(
      'invalid config .keyscan.yaml:4:16: allow.secrets[0].expires: expires is a date written YYYY-MM-DD',
    );
    expect(errorOf(`allow:\n  secrets:\n    - fingerprint: ${'a'.repeat(32)}\n      expires: 2030-02-30\n`)).toMatch(/:4:16: allow\.secrets\[0\]\.expires: 2030-02-30 is not a date$/);
    expect(errorOf('markers:\n  foreign: no\n')).toBe('invalid config .keyscan.yaml:2:12: markers.foreign: expected true or false, got the string "no"');
    expect(errorOf('- allow\n')).toBe('invalid config .keyscan.yaml:1:1: expected a mapping, got a list');
    expect(errorOf('allow:\n  paths: [a]\nallow: {}\n')).toBe('invalid YAML in config .keyscan.yaml:3:1: Map keys must be unique');
    expect(errorOf('allow: paths: [a]\n')).toMatch(/^invalid YAML in config \.keyscan\.yaml:1:8: /);
  });

  it('checks custom rules against the rule schema and the rule compiler, with the line', () => {
    expect(errorOf(`rules:${CUSTOM_RULE.replace('severity: high', 'severity: urgent')}`)).toBe(
      'invalid config .keyscan.yaml:6:15: rules[0].severity: expected one of critical, high, medium, low, got the string "urgent"',
    );
    expect(errorOf(`rules:${CUSTOM_RULE.replace('    pattern:', '    patern:')}`)).toMatch(/:8:5: rules\[0\]: unknown key "patern" \(did you mean "pattern"\?\)$/);
    expect(errorOf(`rules:${CUSTOM_RULE.replace(/ {4}pattern: .*/, "    pattern: '(?<secret>(a+)+)'")}`)).toMatch(
      /^broken rule acme-api-token in \.keyscan\.yaml:2:5: pattern can backtrack catastrophically/,
    );
    expect(errorOf(`rules:${CUSTOM_RULE.replace('id: acme-api-token', 'id: openai-project-key')}`)).toBe(
      'invalid config .keyscan.yaml:2:9: rules[0].id: "openai-project-key" is the id of a built-in rule: give yours another id',
    );
    expect(errorOf(`rules:${CUSTOM_RULE}${CUSTOM_RULE}`)).toMatch(/:13:9: rules\[1\]\.id: rule id "acme-api-token" is defined twice in this file$/);
  });

  it('builds on the files it extends: lists add up, the extending file wins', () => {
    const dir = project({
      'shared/base.yaml': `allow:\n  paths: [vendor/**]\n  rules: [generic-password]\nmarkers:\n  foreign: false\nrules:${CUSTOM_RULE}`,
      'shared/org.yaml': 'extends: ./base.yaml\nallow:\n  paths: [third_party/**]\n',
      '.keyscan.yaml': 'extends: [keyscan:default, shared/org.yaml]\nallow:\n  rules: [acme-api-token]\n  paths: [vendor/**]\nmarkers:\n  foreign: true\n',
    });
    const config = loadConfig(dir);
    expect(config.allowPaths).toEqual(['vendor/**', 'third_party/**']);
    expect(config.allowRules).toEqual(['generic-password', 'acme-api-token']);
    expect(config.rules.map((r) => r.id)).toEqual(['acme-api-token']);
    expect(config.rules[0].source).toBe('shared/base.yaml:7:5');
    expect(config.foreignMarkers).toBe(true);
  });

  it('names the extends entry that is wrong', () => {
    expect(errorOf('extends: [keyscan:default, ./nope.yaml]\n')).toBe('invalid config .keyscan.yaml:1:28: extends[1]: cannot find ./nope.yaml (relative to .)');
    expect(errorOf('extends: keyscan:recommended\n')).toBe(
      'invalid config .keyscan.yaml:1:10: extends: unknown preset "keyscan:recommended" (the one built-in preset is "keyscan:default")',
    );
    expect(errorOf('extends: 3\n')).toBe('invalid config .keyscan.yaml:1:10: extends: expected a string or a list of strings, got 3');
    expect(errorOf('extends: b.yaml\n', { 'b.yaml': 'extends: ./.keyscan.yaml\n' })).toBe(
      'invalid config b.yaml:1:10: extends: ./.keyscan.yaml extends this file again (.keyscan.yaml → b.yaml → .keyscan.yaml)',
    );
    expect(errorOf('extends: b.yaml\n', { 'b.yaml': 'allow:\n  paths: 1\n' })).toBe('invalid config b.yaml:2:10: allow.paths: expected a list of strings, got 1');
  });

  it('reads --config FILE relative to the working directory and names it as given', () => {
    const dir = project({ 'ci/keyscan.yaml': 'allow:\n  rules: [nope-nope]\n' });
    expect(() => loadConfig('/somewhere/else', 'ci/keyscan.yaml', dir)).toThrow(/^invalid config ci\/keyscan\.yaml:2:11: allow\.rules\[0\]: unknown rule id "nope-nope"/);
    expect(() => loadConfig(dir, 'missing.yaml', dir)).toThrow(/^cannot read config missing\.yaml: no such file or folder$/);
  });
});

describe('schema/keyscan.schema.json', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

  it('is a draft-07 JSON Schema for the four top-level keys, shipped in the package', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties)).toEqual(['extends', 'allow', 'rules', 'markers']);
    expect(Object.keys(schema.properties.allow.properties)).toEqual(['paths', 'rules', 'secrets']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.files).toContain('schema');
  });

  it('accepts every built-in rule as a custom rule: one rule schema for both', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yaml') && f !== 'mistakes.yaml');
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const doc = parse(readFileSync(join(RULES_DIR, f), 'utf8'));
      for (const rule of doc.rules) {
        const spec = { provider: doc.provider, ...(doc.billing ? { billing: doc.billing } : {}), ...rule };
        expect(checkSchema({ rules: [spec] }, configSchema()), `${f} ${rule.id}`).toBeNull();
      }
    }
  });

  it("accepts keyscan's own .keyscan.yaml", () => {
    const own = parse(readFileSync(new URL('../../.keyscan.yaml', import.meta.url), 'utf8'));
    expect(checkSchema(own, configSchema())).toBeNull();
  });
});
