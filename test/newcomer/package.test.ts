// The package from both module systems: `require('keyscan-cli')` (Node >= 20.19 requires ESM without
// top-level await) and `import`, through the package's own exports map (self-reference by name); then
// the packed tarball itself, as npm installs it: @arethetypeswrong/cli on it, and a TypeScript consumer
// (ESM and CommonJS) that names every public type, compiled and run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_MODULES, removeDir, tempDir } from '../helpers/repo.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const node = (args: string[], cwd = ROOT) => spawnSync(process.execPath, ['--no-warnings', ...args], { cwd, encoding: 'utf8' });
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string; dependencies: Record<string, string> };

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
    for (const flag of ['-v', '--version']) expect(node(['dist/bin.js', flag]).stdout.trim()).toBe(pkg.version);
  });
});

// Every type a public function's signature names, and the values, from both module systems.
const CONSUMER = `
const options: ScanPathsOptions = { root: '.', reveal: false, gitignore: true };
const api: ApiOptions = options;
const rules: RuleSet = builtinRuleSet();
const scanOptions: ScanOptions = { foreignMarkers: false };
const findings: Finding[] = scanText('nothing here', 'a.js', { ...api, ruleSet: rules });
const matches: Match[] = scanFragment({ text: 'x', path: 'a.js', startLine: 1, origin: 'file' }, rules, scanOptions);
const fakes: FakeToken[] = [];
const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin, cwd: '.', env: {} };
const later: Promise<Report> | null = null;
const check = (e: unknown): boolean => e instanceof KeyscanError;
const start: (argv: string[], io?: Io) => Promise<number> = run;
console.log(findings.length, matches.length, fakes.length, later, check(new Error('x')), typeof scanPaths, typeof fakeToken, typeof start, io.cwd);
`;
const NAMES =
  'scanText, scanPaths, run, builtinRuleSet, scanFragment, KeyscanError, fakeToken, type ApiOptions, type ScanPathsOptions, type Io, type RuleSet, type ScanOptions, type Finding, type Match, type Report, type FakeToken';

describe('the packed tarball', () => {
  let dir = '';
  let tarball = '';
  beforeAll(() => {
    dir = tempDir('keyscan-pack-');
    // --ignore-scripts: dist/ is already built (the tests run it); prepare would rebuild it.
    const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir, ROOT], { encoding: 'utf8' }).trim().split('\n').pop()!;
    tarball = join(dir, name);
    const into = join(dir, 'consumer', 'node_modules', 'keyscan-cli');
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
    // Its dependencies as npm would install them (and Node's types for the consumer's tsc).
    for (const dep of [...Object.keys(pkg.dependencies), '@types']) {
      mkdirSync(join(dir, 'consumer', 'node_modules', dep, '..'), { recursive: true });
      symlinkSync(join(PROJECT_MODULES, dep), join(dir, 'consumer', 'node_modules', dep));
    }
  }, 60_000);
  afterAll(() => removeDir(dir));

  it('passes @arethetypeswrong/cli, but for require(esm), which Node >= 20.19 does and attw does not know yet', () => {
    const attw = join(PROJECT_MODULES, '@arethetypeswrong', 'cli', 'dist', 'index.js');
    // Every problem attw finds: exactly one, "a require call resolves to ESM" (attw issue #252).
    const all = spawnSync(process.execPath, [attw, tarball, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
    const problems = (JSON.parse(all.stdout) as { analysis: { problems: { kind: string; resolutionKind?: string }[] } }).analysis.problems;
    expect(problems.map((p) => `${p.kind} ${p.resolutionKind ?? ''}`)).toEqual(['CJSResolvesToESM node16-cjs']);
    // The check the project runs (npm run attw) passes.
    const ok = spawnSync(process.execPath, [attw, tarball, '--ignore-rules', 'cjs-resolves-to-esm'], { encoding: 'utf8', timeout: 120_000 });
    expect(ok.status, `${ok.stdout}\n${ok.stderr}`).toBe(0);
  });

  it('holds what it needs and nothing of the tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of ['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/bin.js', 'package/dist/rules.jsonl', 'package/README.md']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('package/test/') || f.startsWith('package/src/'))).toEqual([]);
  });

  it('a TypeScript consumer names every public type from ESM and from CommonJS, compiles and runs', () => {
    const consumer = join(dir, 'consumer');
    writeFileSync(join(consumer, 'esm.mts'), `import { ${NAMES} } from 'keyscan-cli';\n${CONSUMER}`);
    writeFileSync(join(consumer, 'cjs.cts'), `import { ${NAMES} } from 'keyscan-cli';\n${CONSUMER}`);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, outDir: 'out', types: ['node'], skipLibCheck: false }, files: ['esm.mts', 'cjs.cts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(PROJECT_MODULES, 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    expect(readdirSync(join(consumer, 'out')).sort()).toEqual(['cjs.cjs', 'esm.mjs']);
    expect(readFileSync(join(consumer, 'out', 'cjs.cjs'), 'utf8')).toContain('require("keyscan-cli")');
    for (const out of ['cjs.cjs', 'esm.mjs']) {
      const r = node([join('out', out)], consumer);
      expect(r.stderr, out).toBe('');
      expect(r.stdout.trim(), out).toBe('0 0 0 null false function function function .');
    }
  });
});
