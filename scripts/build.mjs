// Builds dist/ from src/:
// 1. the lazily loaded bundles: dist/read-files.cjs (reads catalogs, stage and budget files, price
//    lists: yaml and zod), dist/json-schema.cjs (gacost schema: zod) and dist/read-usage.cjs (gacost
//    usage), each required only when needed, and dist/usage-worker.cjs, the worker threads gacost
//    usage starts beside its bundle for large inputs;
// 2. the built-in catalog (pricing/catalog.yaml), validated by the file readers: a broken catalog fails
//    the build with its file:line:col;
// 3. dist/cli.cjs: the CLI, bundled with the validated catalog inlined, so start-up parses no YAML,
//    and the chunks it loads (dist/cli-*.cjs): each command's code, loaded only by a run of it;

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { builtinCatalogDefines } from './builtin-catalog-defines.mjs';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const common = {
  absWorkingDir: root.pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: process.env.GACOST_NO_MINIFY !== '1',
  legalComments: 'none',
  logLevel: 'warning',
  // yaml's Node build reads process.env.LOG_TOKENS for every token it parses; its browser build, the
  // same code without that, reads a 10,000-model catalog 0.6 s of CPU faster (npm run bench).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};
/** Modules that commands import() when they need them, each built as a bundle of its own. */
const LAZY = { 'read-files': 'src/read-files.ts', 'json-schema': 'src/output/json-schema.ts', 'read-usage': 'src/usage/read-usage.ts' };

rmSync(new URL('dist/', root), { recursive: true, force: true });
for (const [name, entry] of Object.entries({ ...LAZY, 'usage-worker': 'src/usage/usage-worker.ts' })) {
  const { metafile } = await build({ ...common, entryPoints: [entry], outfile: `dist/${name}.cjs`, metafile: true });
  // `import { z } from 'zod'` (a namespace held as a value) keeps all of zod, its 40 locales too: twice the
  // file readers' bundle to compile on every run that reads a file. `import * as z from 'zod'` keeps what is used.
  const [bundle] = Object.values(metafile.outputs);
  const locale = Object.entries(bundle.inputs).find(
    ([input, { bytesInOutput }]) => bytesInOutput > 0 && /node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(input),
  )?.[0];
  if (locale !== undefined) {
    console.error(`build: dist/${name}.cjs holds zod's every locale (${locale}): import zod as \`import * as z from 'zod'\``);
    process.exit(1);
  }
}

const { loadCatalogFile, InputFiles } = createRequire(import.meta.url)('../dist/read-files.cjs');
let builtinCatalog;
try {
  builtinCatalog = loadCatalogFile('pricing/catalog.yaml', undefined, root.pathname, new InputFiles());
} catch (error) {
  for (const line of error.problems?.length ? error.problems : [error.message]) console.error(`build: ${line}`);
  process.exit(1);
}

// The models pricing/catalog.yaml writes by hand (as npm run catalog:refresh finds them): an update keeps them.
// Models written or corrected by hand, which `gacost catalog update` keeps as they are.
const handWritten = [
  ...[...readFileSync(new URL('pricing/catalog.yaml', root), 'utf8').matchAll(/^ {2}- id: (\S+)\s*$/gm)].map((match) => match[1]),
  ...[...readFileSync(new URL('pricing/corrections.yaml', root), 'utf8').matchAll(/^ {2}- model: (\S+)\s*$/gm)].map((match) => match[1]),
];
const catalogDefines = builtinCatalogDefines(builtinCatalog, handWritten);
writeFileSync(new URL('dist/catalog-models.json', root), JSON.parse(catalogDefines.__BUILTIN_MODELS__));

// gacost decides whether to colour (src/cli.ts) and gives chalk its level: chalk's own detection, run
// when it is loaded, would load node:tty (and node:net with it) on every start.
const noColorDetection = {
  name: 'no-color-detection',
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-color-detection' }));
    build.onLoad({ filter: /.*/, namespace: 'no-color-detection' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

const lazyModule = new RegExp(`/(${Object.keys(LAZY).join('|')})\\.js$`);
/** The plugins of both faces, the CLI's and the library's. */
const sharedPlugins = [
  {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: lazyModule }, (args) => ({ path: `./${lazyModule.exec(args.path)[1]}.cjs`, external: true }));
    },
  },
  {
    name: 'builtin-models-file',
    setup(build) {
      // The models' JSON text is read from beside the bundle when needed, not held in it.
      build.onLoad({ filter: /src\/catalog\/builtin-models\.ts$/ }, () => ({
        contents:
          "import { readFileSync } from 'node:fs'; import { join } from 'node:path'; export const builtinModelsText = () => readFileSync(join(__dirname, 'catalog-models.json'), 'utf8');",
        loader: 'js',
      }));
    },
  },
];
// esbuild splits code into chunks only as ES modules: the CLI is built split as ES modules, each file then
// turned into CommonJS, which Node loads faster than ES modules on every run (docs/performance.md).
const cliDefines = { __GACOST_VERSION__: JSON.stringify(version), __BUILTIN_CATALOG__: catalogDefines.__BUILTIN_CATALOG__ };
const { metafile, outputFiles } = await build({
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  chunkNames: 'cli-[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  write: false,
  metafile: true,
  define: cliDefines,
  plugins: [
    ...sharedPlugins,
    {
      name: 'no-child-process',
      setup(build) {
        // commander loads node:child_process for stand-alone executable subcommands, which gacost
        // does not have; what loading it costs every start is measured by npm run bench. gacost's own
        // use (diff's git show, in a chunk a run loads only for it) is kept.
        build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
          args.importer.includes('node_modules') ? { path: 'child_process', namespace: 'unused' } : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      },
    },
    noColorDetection,
  ],
});
for (const file of outputFiles) {
  // import() of a chunk or a lazy bundle becomes a require() of it, made when it is needed.
  const { code } = await transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: common.minify,
    supported: { 'dynamic-import': false },
    legalComments: 'none',
  });
  writeFileSync(file.path, code);
}

// What `project` loads: dist/cli.cjs and the chunks it requires, never what commands/on-demand*.ts hold.
const loaded = new Set();
const visit = (output) => {
  if (loaded.has(output)) return;
  loaded.add(output);
  for (const { path, kind } of metafile.outputs[output]?.imports ?? []) if (kind === 'import-statement') visit(path);
};
visit('dist/cli.cjs');
const onDemand = [
  'src/commands/compare.ts',
  'src/app/from-usage.ts',
  'src/output/html.ts',
  'src/commands/usage.ts',
  'src/commands/check.ts',
  'src/usage/usage-format.ts',
];
const loadedOnDemand = [...loaded]
  .flatMap((output) => Object.keys(metafile.outputs[output]?.inputs ?? {}))
  .filter((input) => onDemand.includes(input));
if (loadedOnDemand.length > 0) {
  console.error(`build: every run would load ${loadedOnDemand[0]}: import it through src/commands/on-demand.ts, with import()`);
  process.exit(1);
}
const heavy = Object.keys(metafile.inputs).filter((input) => /node_modules\/(zod|yaml)\//.test(input));
if (heavy.length > 0) {
  console.error(`build: the start-up bundle must not hold yaml or zod (import them in a lazy module): ${heavy[0]}`);
  process.exit(1);
}

// 5. the library: dist/index.cjs (src/index.ts, reading files through the same lazy bundles) and
//    dist/index.js, its ES module face (the same module, so one GacostError class); with --types, the
//    declarations (tsc, tsconfig.types.json) in dist/types, only those index.d.ts reaches, with a
//    CommonJS copy in dist/types/cjs for `require`, checked to compile in a program without @types/node.
await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.cjs',
  // Readable in a user's stack traces.
  minify: false,
  supported: { 'dynamic-import': false },
  metafile: false,
  define: { __GACOST_VERSION__: JSON.stringify(version), __BUILTIN_CATALOG__: catalogDefines.__BUILTIN_CATALOG__ },
  plugins: [...sharedPlugins, noColorDetection],
});
const libraryNames = Object.keys(createRequire(import.meta.url)('../dist/index.cjs')).filter((name) => name !== '__esModule');
writeFileSync(
  new URL('dist/index.js', root),
  `import library from './index.cjs';\n\nexport const { ${libraryNames.sort().join(', ')} } = library;\n`,
);
const tsc = new URL('node_modules/typescript/bin/tsc', root).pathname;
if (process.argv.includes('--types')) {
  buildTypes();
  checkTypesWithoutNode();
}

function buildTypes() {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
  const types = new URL('dist/types/', root).pathname;
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const [, specifier] of readFileSync(join(types, file), 'utf8').matchAll(/(?:from|import\()\s*['"](\.[^'"]+)\.js['"]/g)) {
      visit(join(dirname(file), `${specifier}.d.ts`));
    }
  };
  visit('index.d.ts');
  for (const file of readdirSync(types, { recursive: true })) {
    if (file.endsWith('.d.ts') && !reached.has(file)) rmSync(join(types, file));
  }
  for (const file of reached) {
    const text = readFileSync(join(types, file), 'utf8');
    if (/from ['"](?!\.|node:)/.test(text)) throw new Error(`build: ${file} needs a package the library does not depend on`);
    mkdirSync(dirname(join(types, 'cjs', file)), { recursive: true });
    writeFileSync(join(types, 'cjs', file), text);
  }
  writeFileSync(join(types, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
  for (const folder of readdirSync(types, { recursive: true }).sort().reverse()) {
    try {
      rmdirSync(join(types, folder)); // the folders left empty
    } catch {}
  }
}

/**
 * The declarations compile, their own files checked too, in a strict program that imports gacost as an ES
 * module and requires it as CommonJS and has no @types/node (`"types": []`), as a browser's or Deno's
 * TypeScript project may not: a Node type in them (NodeJS.ProcessEnv, Buffer, Readable) fails the build.
 */
function checkTypesWithoutNode() {
  const program = mkdtempSync(join(tmpdir(), 'gacost-types-'));
  try {
    mkdirSync(join(program, 'node_modules'));
    symlinkSync(fileURLToPath(root), join(program, 'node_modules', 'gacost'), 'dir');
    const compilerOptions = { strict: true, noEmit: true, types: [], lib: ['ES2022'], module: 'nodenext', skipLibCheck: false };
    writeFileSync(join(program, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['esm.mts', 'cjs.cts'] }));
    writeFileSync(join(program, 'esm.mts'), "import * as gacost from 'gacost';\nexport const library: typeof gacost = gacost;\n");
    writeFileSync(join(program, 'cjs.cts'), "import gacost = require('gacost');\nexport const library: typeof gacost = gacost;\n");
    execFileSync(process.execPath, [tsc, '-p', program], { stdio: 'inherit' });
  } finally {
    rmSync(program, { recursive: true, force: true });
  }
}
