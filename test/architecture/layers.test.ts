// Every import of every file in src/ against the layer table of ARCHITECTURE.md: data flows one way.
// The table below is that table in a form a test can read; the last test checks that they agree.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

interface Layer {
  name: string;
  /** As ARCHITECTURE.md writes them: `src/x.ts` or `src/dir/*`. */
  files: string[];
  /** Other layers it may import (its own always). */
  mayImport: string[];
}

const BELOW_CLI = ['types', 'engine', 'findings', 'advice', 'reporters', 'config', 'sources', 'verify', 'pipeline', 'hook', 'fakes', 'fix'];
const LAYERS: Layer[] = [
  { name: 'types', files: ['src/types.ts', 'src/errors.ts', 'src/show.ts', 'src/read-text.ts', 'src/yaml.ts'], mayImport: [] },
  { name: 'engine', files: ['src/engine/*'], mayImport: ['types'] },
  { name: 'findings', files: ['src/findings/*'], mayImport: ['types', 'engine'] },
  { name: 'advice', files: ['src/advice/*'], mayImport: ['types', 'findings'] },
  { name: 'reporters', files: ['src/reporters/*'], mayImport: ['types', 'findings'] },
  { name: 'config', files: ['src/rules.ts', 'src/config.ts', 'src/mistakes.ts'], mayImport: ['types', 'engine'] },
  { name: 'sources', files: ['src/sources/*'], mayImport: ['types'] },
  { name: 'verify', files: ['src/verify/*'], mayImport: ['types'] },
  { name: 'fix', files: ['src/fix/*'], mayImport: ['types', 'sources'] },
  { name: 'pipeline', files: ['src/pipeline/*'], mayImport: ['types', 'engine', 'findings', 'advice', 'config', 'sources', 'verify'] },
  { name: 'hook', files: ['src/hook/*'], mayImport: ['types', 'sources', 'config', 'findings'] },
  { name: 'fakes', files: ['src/fakes/*'], mayImport: ['types', 'engine', 'config'] },
  { name: 'api', files: ['src/scan.ts', 'src/index.ts'], mayImport: [...BELOW_CLI, 'cli'] },
  { name: 'cli', files: ['src/cli/*', 'src/bin.ts'], mayImport: [...BELOW_CLI, 'api'] },
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): Layer | undefined {
  const rel = relative(ROOT, file).split('\\').join('/');
  return LAYERS.find((l) => l.files.some((f) => (f.endsWith('/*') ? rel.startsWith(f.slice(0, -1)) : rel === f)));
}

/** Relative imports and re-exports of a file, resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    out.push(resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')));
  }
  return out;
}

describe('the layer table', () => {
  const files = filesUnder(SRC);

  it('puts every file of src/ in exactly one layer', () => {
    const lost = files.filter((f) => !layerOf(f)).map((f) => relative(ROOT, f));
    expect(lost).toEqual([]);
  });

  it('lets no file import a layer it may not', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file)!;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (!to) wrong.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}, which is in no layer`);
        else if (to !== from && !from.mayImport.includes(to.name))
          wrong.push(`${relative(ROOT, file)} (${from.name}) imports ${relative(ROOT, target)} (${to.name})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('finds the imports it checks (the check is real)', () => {
    expect(importsOf(join(SRC, 'pipeline', 'index.ts')).map((f) => relative(SRC, f))).toContain(join('pipeline', 'scan.ts'));
    expect(layerOf(join(SRC, 'engine', 'scan.ts'))!.mayImport).not.toContain('sources');
  });

  it('matches the table in ARCHITECTURE.md', () => {
    const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| ') && l.includes('`src/'));
    const documented = rows.flatMap((r) => [...r.split('|')[2].matchAll(/`(src\/[^`]+)`/g)].map((m) => m[1])).sort();
    expect(documented).toEqual(LAYERS.flatMap((l) => l.files).sort());
  });
});
