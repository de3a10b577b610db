// Builds dist/ from src/:
// 1. dist/load-files.cjs: the YAML and zod loaders, required only when a file is read;
// 2. the built-in catalog (pricing/catalog.yaml), validated by those loaders: a broken catalog fails
//    the build with its file:line:col;
// 3. dist/cli.cjs: the CLI, bundled with the validated catalog inlined, so start-up parses no YAML;
// 4. dist/cli.cjs.cache and dist/load-files.cjs.cache: V8's code caches for both, made by one run of
//    the CLI that reads a catalog file (see bin/gacost.cjs).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const common = {
  absWorkingDir: root.pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: process.env.GACOST_NO_MINIFY !== '1',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(new URL('dist/', root), { recursive: true, force: true });
await build({ ...common, entryPoints: ['src/load-files.ts'], outfile: 'dist/load-files.cjs', format: 'cjs' });

const { loadCatalogFile, InputFiles } = createRequire(import.meta.url)('../dist/load-files.cjs');
let builtinCatalog;
try {
  builtinCatalog = loadCatalogFile('pricing/catalog.yaml', undefined, root.pathname, new InputFiles());
} catch (error) {
  for (const line of error.problems?.length ? error.problems : [error.message]) console.error(`build: ${line}`);
  process.exit(1);
}
// The same catalog for the in-process tests (vitest.config.ts defines it as the bundle does).
writeFileSync(new URL('dist/builtin-catalog.json', root), JSON.stringify(builtinCatalog));

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  // import() of the loaders becomes a lazy require(), which also works from V8's code cache.
  supported: { 'dynamic-import': false },
  define: { __GACOST_VERSION__: JSON.stringify(version), __BUILTIN_CATALOG__: JSON.stringify(builtinCatalog) },
  plugins: [
    {
      name: 'lazy-loaders',
      setup(build) {
        // Keep the loaders out of the start-up bundle; they are imported from dist/ when needed.
        build.onResolve({ filter: /\/load-files\.js$/ }, () => ({ path: './load-files.cjs', external: true }));
      },
    },
    {
      name: 'no-child-process',
      setup(build) {
        // commander loads node:child_process for stand-alone executable subcommands, which gacost
        // does not have; loading it costs ~2.6 ms of every start (measured with npm run bench).
        build.onResolve({ filter: /^(node:)?child_process$/ }, () => ({ path: 'child_process', namespace: 'unused' }));
        build.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      },
    },
  ],
});

const catalogFile = new URL('pricing/catalog.yaml', root).pathname;
execFileSync(process.execPath, [new URL('bin/gacost.cjs', root).pathname, 'project', '--tokens', '5B', '--catalog', catalogFile], {
  env: { ...process.env, GACOST_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
