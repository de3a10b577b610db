// Bundles the CLI with esbuild and compiles the built-in catalog (pricing/catalog.yaml) to JSON,
// validating it on the way: a broken catalog fails the build with its file:line:col.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints: { cli: 'src/cli.ts', 'load-files': 'src/load-files.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  define: { __GACOST_VERSION__: JSON.stringify(version) },
  // cli-table3 and commander are CommonJS: give their require() calls a real `require`.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});

const { loadCatalogFile } = await import(new URL('load-files.js', dist).href);
try {
  const catalog = loadCatalogFile('pricing/catalog.yaml');
  writeFileSync(new URL('builtin-catalog.json', dist), JSON.stringify(catalog));
} catch (error) {
  for (const line of error.problems?.length ? error.problems : [error.message]) console.error(`build: ${line}`);
  process.exit(1);
}
