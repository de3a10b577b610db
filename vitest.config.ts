import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI and mostly wait on it, so two files run at once on two
    // cores (Vitest's default leaves one core free: 55 s rather than 38 s).
    maxWorkers: 2,
    testTimeout: 20_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
