import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** npm run test:interop: the tests on real third-party data in ../shared (price lists, usage samples). */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/interop/**/*.test.ts'], exclude: ['test/browser/**'] } });
