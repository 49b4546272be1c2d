// The fast tier (npm run test:fast, well under 30 s): the engine, findings, config, advice, reporters'
// goldens, the layer table and the CLI in-process through run(argv, io). No dist/, no child keyscan.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/engine/*.test.ts',
      'test/findings/*.test.ts',
      'test/config/config.test.ts',
      'test/advice/advise.test.ts',
      'test/advice/classify.test.ts',
      'test/reporters/golden.test.ts',
      'test/architecture/*.test.ts',
      'test/fast/*.test.ts',
    ],
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
