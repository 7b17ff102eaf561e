// `npm run bench`: speed cases, each printing one JSON line. Run through vitest so the
// backend is loaded exactly as in the tests (bundled migrations), but never as a test gate.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    disableConsoleIntercept: true,
    // Only the cases' JSON lines on stdout; vitest's own report goes to a file.
    reporters: [['json', { outputFile: 'test-results/bench-report.json' }]],
  },
});
