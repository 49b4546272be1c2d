// What simple-git would cost for keyscan's small git queries (not a test; asserts nothing):
// its import time and first call, then 20 `rev-parse HEAD` through it and through a plain spawn.
// simple-git is not a dependency (DECISIONS.md): install it beside keyscan to re-measure.
//   npm install --no-save simple-git && node bench/git-runner.mjs
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const t0 = performance.now();
const notADependency = 'simple-git'; // installed only to run this benchmark
const { simpleGit } = await import(notADependency);
const t1 = performance.now();
const git = simpleGit({ baseDir: root, config: ['core.fsmonitor=false'] });
await git.revparse(['HEAD']);
const t2 = performance.now();
for (let i = 0; i < 20; i++) await git.revparse(['HEAD']);
const t3 = performance.now();
const plain = () =>
  new Promise((resolve) => {
    const child = spawn('git', ['-c', 'core.fsmonitor=false', 'rev-parse', 'HEAD'], { cwd: root });
    child.stdout.resume();
    child.on('close', resolve);
  });
for (let i = 0; i < 20; i++) await plain();
const t4 = performance.now();
console.log(
  `simple-git: import ${(t1 - t0).toFixed(1)} ms, first call ${(t2 - t1).toFixed(1)} ms, ${((t3 - t2) / 20).toFixed(2)} ms per call; ` +
    `plain spawn: ${((t4 - t3) / 20).toFixed(2)} ms per call`,
);
