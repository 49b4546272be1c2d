// The YAML parser, loaded where a YAML file is first read and not before. Through node_modules it takes
// ~25-30 ms to load (some 70 files); the build also writes it as one file beside the CLI
// (dist/bundle-yaml.cjs, scripts/bundle-cli.mjs), which loads in ~7 ms. That matters to the pre-commit
// hook in a repository with a .keyscan.yaml. Running from src/ (the tests), the installed package is used.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  if (!loaded) {
    const bundled = fileURLToPath(new URL('./bundle-yaml.cjs', import.meta.url));
    loaded = (existsSync(bundled) ? require(bundled) : require('yaml')) as typeof import('yaml');
  }
  return loaded;
}
