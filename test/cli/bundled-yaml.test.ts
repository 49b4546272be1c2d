// The built package reads YAML through its own one-file copy of the parser (dist/bundle-yaml.cjs, ~7 ms to
// load against ~25-30 ms for the installed package): the same parser, the same documents.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const DIST = new URL('../../dist/', import.meta.url);
const TEXT = 'allow:\n  rules: [a, b]\n  paths:\n    - "vendor/**"\nrules: &r\n  - id: x\nagain: *r\n';

describe('the YAML parser of the built package', () => {
  it('is the bundled copy, and parses as the installed package does', async () => {
    const { yaml } = (await import(new URL('yaml.js', DIST).href)) as { yaml: () => typeof import('yaml') };
    const installed = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    const bundled = yaml();
    expect(bundled).not.toBe(installed);
    expect(createRequire(import.meta.url).cache[new URL('bundle-yaml.cjs', DIST).pathname]?.exports).toBe(bundled);
    expect(bundled.parse(TEXT)).toEqual(installed.parse(TEXT));
    expect(String(bundled.parseDocument(TEXT))).toBe(String(installed.parseDocument(TEXT)));
    expect(() => bundled.parse('a: [1,')).toThrow();
  });
});
