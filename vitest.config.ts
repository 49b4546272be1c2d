import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/dist-fresh.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // At least two test files at once, even on two cores (vitest's default is one fewer than the cores): most
    // of the suite waits on the processes it starts (git, npm, the CLI). On 2 cores: 6 min 30 s one at a
    // time, 3 min 47 s two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
