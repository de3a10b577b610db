import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * npm run test:browser: the HTML reports rendered in headless Chromium (test/support/browser.ts). One
 * browser is heavy on a 2-core machine, so one worker; a page load, a PDF or a full-page screenshot can
 * take seconds there.
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/browser/**/*.test.ts'], exclude: [], maxWorkers: 1, testTimeout: 60_000, hookTimeout: 60_000 },
});
