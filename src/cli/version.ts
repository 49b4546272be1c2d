// The package's version (--version, SARIF), read once from its package.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let version: string | null = null;
export function packageVersion(): string {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
  version = String(pkg.version);
  return version;
}
