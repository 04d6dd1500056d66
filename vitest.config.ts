import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native Temporal worker and sharp do not belong in worker threads; one process per file.
    pool: 'forks',
    // Two files at once even on two cores: a file spends most of its time waiting (on timers, on
    // Temporal, on the processes it kills and restarts), not computing.
    maxWorkers: 2,
    // One Temporal dev server and one PostgreSQL for the whole suite.
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/quiet-temporal-logs.ts'],
    hookTimeout: 180_000,
    testTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
