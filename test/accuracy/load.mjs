// Load the accuracy modules (TypeScript) from plain Node: transpile them with the project's own
// TypeScript compiler into a temporary folder, then import. No extra dependency, no build step.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export async function loadModule(name) {
  const out = mkdtempSync(join(tmpdir(), 'keyscan-accuracy-js-'));
  for (const file of readdirSync(HERE)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const source = readFileSync(join(HERE, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText);
  }
  try {
    // static imports are all resolved here, so the folder can go once this returns
    return await import(pathToFileURL(join(out, `${name}.js`)).href);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
