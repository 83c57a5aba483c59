import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local (Java) is started once for the whole run; every integration test talks to it.
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/env.ts', 'tests/setup/log-capture.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
