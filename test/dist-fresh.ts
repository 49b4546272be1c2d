// vitest globalSetup: the CLI tests run dist/bin.js, so a dist/ older than src/ or rules/ would test
// yesterday's code. Fail at once, saying so, instead.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): { path: string; mtime: number } {
  let best = { path: dir, mtime: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const found = e.isDirectory() ? newest(path) : { path, mtime: statSync(path).mtimeMs };
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

export default function setup(): void {
  const built = ['dist/bin.js', 'dist/rules.jsonl', 'dist/rule-index.json'].map((p) => join(ROOT, p));
  if (!built.every(existsSync)) throw new Error('dist/ is missing: run npm run build before the tests (the CLI tests run dist/bin.js)');
  const oldest = Math.min(...built.map((p) => statSync(p).mtimeMs));
  for (const dir of ['src', 'rules']) {
    const n = newest(join(ROOT, dir));
    if (n.mtime > oldest)
      throw new Error(`dist/ is older than ${n.path.slice(ROOT.length)}: run npm run build before the tests (the CLI tests run dist/bin.js)`);
  }
}
