import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests open real SQLite files; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
