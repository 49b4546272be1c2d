// Load the accuracy modules (TypeScript) from plain Node: transpile them with the project's own
// TypeScript compiler into a temporary folder, then import. No extra dependency. The folder mirrors the
// repository (test/accuracy, test/helpers), and its src/ is the build's dist/ (tsc's output keeps src's
// layout), so the modules' relative imports (`../helpers/fakes.js`, `../../src/engine/checksums.js`)
// resolve as they do under vitest. Run after `npm run build` (`npm run accuracy` does).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every module (not test, not declaration) of `dir` under ROOT, transpiled to the same place under `out`. */
function transpileFolder(dir, out) {
  mkdirSync(join(out, dir), { recursive: true });
  for (const file of readdirSync(join(ROOT, dir))) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const source = readFileSync(join(ROOT, dir, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    writeFileSync(join(out, dir, file.replace(/\.ts$/, '.js')), outputText);
  }
}

export async function loadModule(name) {
  // Inside node_modules/.cache: the transpiled modules' own package imports resolve from the project.
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'keyscan-accuracy-js-'));
  try {
    transpileFolder(join('test', 'accuracy'), out);
    transpileFolder(join('test', 'helpers'), out);
    symlinkSync(join(ROOT, 'dist'), join(out, 'src'), 'dir');
    // static imports are all resolved here, so the folder can go once this returns
    return await import(pathToFileURL(join(out, 'test', 'accuracy', `${name}.js`)).href);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
