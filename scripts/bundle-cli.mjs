// Build step, after tsc: bundle the CLI (dist/bin.js) and the scan worker into a few files, so that a run
// does not resolve, read and compile some 150 modules one by one (about 70 ms of every run, the pre-commit
// hook's included). dist/bin.js is replaced by the bundle's entry; the worker's bundle is
// dist/scan-worker.js, beside the chunks they share (dist/bundle-*.js). Each command stays in a chunk of its
// own, loaded when it runs. Every chunk sits in dist/ itself, where dist/rules.js sits, so the paths
// that modules find beside themselves (rules.jsonl, ../rules/, ../schema/, the worker) stay right. The
// library (dist/index.js and the rest of tsc's output) is not bundled.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const MARK = '// keyscan CLI bundle';
if (readFileSync(`${dist}bin.js`, 'utf8').includes(MARK)) {
  throw new Error('dist/bin.js is already a bundle: run the whole build (npm run build), which compiles it afresh first');
}

/**
 * yargs finds its message translations (and the app's package.json) from its own file's place:
 * bundled, that would be dist/. Point it at the installed yargs, as the unbundled CLI does.
 */
const yargsShimAtHome = {
  name: 'yargs-shim-at-home',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) throw new Error(`yargs-shim-at-home: no import.meta.url in ${args.path}: yargs changed, check this plugin`);
      const home =
        "new URL('lib/platform-shims/esm.mjs', __keyscanPathToFileURL(__keyscanCreateRequire(import.meta.url).resolve('yargs/package.json'))).href";
      return {
        contents: `import { createRequire as __keyscanCreateRequire } from 'node:module';\nimport { pathToFileURL as __keyscanPathToFileURL } from 'node:url';\n${text.replaceAll('import.meta.url', home)}`,
        loader: 'js',
        resolveDir: args.path.replace(/[\\/][^\\/]+$/, ''),
      };
    });
  },
};

/**
 * string-width (cliui's and wrap-ansi's, for help text) makes an Intl.Segmenter when it loads: 10-20 ms
 * of ICU set-up on every run, help or not. Make it when a width is first measured.
 */
const lazySegmenter = {
  name: 'lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const m = /^const (\w+) = new Intl\.Segmenter\(\);$/m.exec(text);
      const uses = m ? text.split(m[1]).length - 1 : 0;
      const segments = m ? text.split(`${m[1]}.segment(`).length - 1 : 0;
      if (!m || uses !== segments + 1) throw new Error(`lazy-segmenter: ${args.path} no longer makes one Intl.Segmenter used only for .segment(): check this plugin`);
      const lazy = `let ${m[1]}Made; const ${m[1]} = { segment: (text) => (${m[1]}Made ??= new Intl.Segmenter()).segment(text) };`;
      return { contents: text.replace(m[0], lazy), loader: 'js', resolveDir: args.path.replace(/[\\/][^\\/]+$/, '') };
    });
  },
};

const result = await build({
  entryPoints: { bin: `${dist}bin.js`, 'scan-worker': `${dist}pipeline/scan-worker.js` },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: dist,
  chunkNames: 'bundle-[name]-[hash]',
  // The YAML parser is required where a YAML file is first read (src/yaml.ts: dist/bundle-yaml.cjs, below).
  // re2js is required at run time too.
  external: ['yaml', 're2js'],
  // Bundled CommonJS packages (micromatch, …) require Node's own modules.
  banner: { js: `${MARK}\nimport { createRequire as __keyscanRequire } from 'node:module';\nconst require = __keyscanRequire(import.meta.url);` },
  plugins: [yargsShimAtHome, lazySegmenter],
  write: false,
  logLevel: 'warning',
});

for (const f of readdirSync(dist)) if (/^bundle-.*\.js$/.test(f) || f === 'scan-worker.js') rmSync(`${dist}${f}`);
for (const out of result.outputFiles) writeFileSync(out.path, out.contents, { mode: out.path.endsWith('bin.js') ? 0o755 : 0o644 });
console.error(`bundled the CLI into dist/bin.js, dist/scan-worker.js and ${result.outputFiles.length - 2} chunks`);

// The YAML parser as one CommonJS file (dist/bundle-yaml.cjs), which src/yaml.ts requires where a YAML file
// is first read: ~7 ms to load against ~25-30 ms for the installed package's ~70 files. Its own file, so a
// run that reads no YAML does not even parse it.
await build({
  entryPoints: ['yaml'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: `${dist}bundle-yaml.cjs`,
  logLevel: 'warning',
});
console.error('bundled the YAML parser into dist/bundle-yaml.cjs');
