import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The built-in catalog as the build validated it (npm test builds first), defined as the bundle defines it.
const builtinCatalog = readFileSync(new URL('dist/builtin-catalog.json', import.meta.url), 'utf8');
const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __BUILTIN_CATALOG__: builtinCatalog, __GACOST_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/interop/**'],
    // Bounded, but a busy 2-core machine can take seconds for a spawned run.
    testTimeout: 20_000,
    // Every core, in threads that load the modules once: the tests run the CLI in-process, and gacost
    // keeps no state between runs (main() takes its streams, environment and folder).
    maxWorkers: '100%',
    pool: 'threads',
    isolate: false,
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/support/no-temporary-files.ts'],
  },
});
