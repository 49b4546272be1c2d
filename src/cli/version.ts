// The package's version (--version, SARIF), read once from its package.json: the nearest one above
// this module that is keyscan-cli's (dist/cli/ as tsc builds it; dist/ in the bundled CLI).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let version: string | null = null;
export function packageVersion(): string {
  if (version) return version;
  for (let dir = new URL('../', import.meta.url); ; ) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('package.json', dir)), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'keyscan-cli') return (version = String(pkg.version));
    } catch {
      // no package.json here: look further up
    }
    const up = new URL('../', dir);
    if (up.href === dir.href) throw new Error(`cannot find keyscan-cli's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
