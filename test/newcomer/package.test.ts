// The package from both module systems: `require('keyscan-cli')` (Node >= 20.19 requires ESM without
// top-level await) and `import`, through the package's own exports map (self-reference by name).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const node = (args: string[]) => spawnSync(process.execPath, ['--no-warnings', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the package', () => {
  it('works from CommonJS: require("keyscan-cli")', () => {
    const r = node(['-e', "const k = require('keyscan-cli'); console.log(typeof k.scanText, typeof k.scanPaths, typeof k.run)"]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function function');
  });

  it('works from ESM: import("keyscan-cli")', () => {
    const r = node(['--input-type=module', '-e', "const k = await import('keyscan-cli'); console.log(typeof k.scanText)"]);
    expect(r.stdout.trim()).toBe('function');
  });

  it('keyscan -v prints the version, like --version', () => {
    const version = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
    for (const flag of ['-v', '--version']) expect(node(['dist/bin.js', flag]).stdout.trim()).toBe(version);
  });
});
