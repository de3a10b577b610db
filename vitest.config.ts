import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; two cores run them comfortably in parallel files.
    testTimeout: 20_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
