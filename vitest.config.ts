import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { builtinCatalogDefines } from './scripts/builtin-catalog-defines.mjs';

const root = fileURLToPath(new URL('./', import.meta.url));
/**
 * In-process, the CLI's built-in catalog is the frozen copy in test/fixtures/catalogs/standard.yaml,
 * read once here through the built file reader (npm test builds first) and defined as the bundle
 * defines the shipped one: a change to the shipped prices touches only the tests about them, and no
 * run reads the catalog's YAML again. Spawned CLIs are given the same file with GACOST_CATALOG.
 */
const { loadCatalogFile, InputFiles } = createRequire(import.meta.url)('./dist/read-files.cjs');
const standardCatalog = loadCatalogFile('test/fixtures/catalogs/standard.yaml', undefined, root, new InputFiles());
const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { ...builtinCatalogDefines(standardCatalog), __GACOST_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // The interop and browser tests have configs and npm scripts of their own.
    exclude: ['test/interop/**', 'test/browser/**'],
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
