// README as a newcomer uses it: it opens with the two commands (install and run, then the tests), and
// its .keyscan.yaml example, pasted into a project, reports only what it is meant to: its custom rule
// finds a real-shaped token elsewhere, never the rule's own example in the config file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { randomString } from '../helpers/fakes.js';
import { keyscan, makeRepo, removeDir } from '../helpers/repo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** The first ```yaml block after the `.keyscan.yaml` heading. */
function configExample(): string {
  const section = README.slice(README.indexOf('### `.keyscan.yaml`'));
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  expect(m, 'README has a .keyscan.yaml example').not.toBeNull();
  return m![1];
}

describe('README', () => {
  it('opens with the two newcomer commands, and the package makes them work', () => {
    expect(README.startsWith('# keyscan\n\n```sh\nnpm install && node dist/bin.js .\nnpm test\n```\n')).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    // npm install runs prepare, which builds dist/bin.js; npm test builds then runs the suite.
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(pkg.bin.keyscan).toBe('dist/bin.js');
    expect(pkg.scripts.test).toMatch(/^npm run build && vitest run/);
  });

  it('its .keyscan.yaml, pasted into a project, reports only the intended finding', () => {
    const config = configExample();
    expect(config).toContain('id: acme-api-token');
    const token = `acme_${randomString(32)}`;
    const repo = makeRepo([
      {
        files: {
          '.keyscan.yaml': config,
          'src/client.js': `export const acme = "${token}";\n`,
          // allow.paths leaves vendor/ out.
          'vendor/lib.js': `export const acme = "acme_${randomString(32)}";\n`,
        },
      },
    ]);
    dirs.push(repo);
    const r = keyscan(['.', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; file: string }[] }).findings;
    expect(findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['acme-api-token src/client.js']);
    // The rule's own examples pass its test.
    const t = keyscan(['rules', '--test', '--config', '.keyscan.yaml'], { cwd: repo });
    expect(t.code, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toMatch(/all pass/);
  });
});
