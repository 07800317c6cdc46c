import { defineConfig } from 'vitest/config';

// Integration tests start real Postgres clusters: give them room, and keep
// the file-level parallelism modest on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default'],
  },
});
