// npm run bench: whole-process measurements, each as medians of interleaved runs in one go, in an
// environment without what changes node's own start (NODE_EXTRA_CA_CERTS, NODE_OPTIONS) on both sides.
// 1. start-up, on this Node and on each other one given with --node PATH (or GACOST_BENCH_NODE22, or
//    node22 on PATH): `gacost project --tokens 5B` and `gacost compare --tokens 1B` against bare
//    `node -e 0`, wall time and peak memory, two runs that need the whole built-in catalog, a 34-model
//    and a 1,000-model catalog given with --catalog, and what each start-up measure buys: Node's
//    compile cache on Node 22.1+ (the same runs with NODE_DISABLE_COMPILE_CACHE=1), the stub for
//    commander's node:child_process, and the lazily loaded bundles (yaml and zod);
// 2. scale: a 1,000- and a 10,000-model catalog given with --catalog, and 1,000- and 10,000-stage
//    files, each timed whole and net of bare Node's start-up, with the 10× ratio (and the 10,000-model
//    catalog drawn as a table);
// 3. hostile inputs: each file of the hostile corpus (and a 20 MB file, a missing file, a directory
//    and /dev/zero) through each of the five file readers, once: every one must exit 2, the slowest is shown;
//    then a 6 MB invalid catalog whose providers are one 300,000-key mapping, through the catalog,
//    budget and stage readers (the importers parse with yaml, whose parser alone takes far longer);
// 4. look-ups: compare ranking a 20,000-model catalog, and a budget file naming 300 unknown models of a
//    10,000-model catalog (each refused with its "did you mean"), far from every name or close to many;
// 5. usage logs: scripts/bench-usage.mjs on a ~1 GB OpenAI log and a ~1 GB Claude Code folder
//    (BENCH_USAGE_MB shrinks them): gacost usage against wc -l, a plain JSON.parse script, DuckDB and
//    ccusage 20, MB/s, peak memory and totals side by side, and whether gacost's are the full parse's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 7);
const bin = fileURLToPath(new URL('../bin/gacost.cjs', import.meta.url));
const rss = fileURLToPath(new URL('./report-peak-rss.cjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gacost-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const env = { ...process.env };
for (const name of ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']) delete env[name];
// An empty cache folder: no catalog that `gacost catalog update` stored on this machine is read.
env.GACOST_CACHE_DIR = join(scratch, 'cache');

/**
 * Wall time in ms and peak resident memory in KB of one run (its arguments, or { args, env } with
 * variables of its own); stdout is a pipe, as in CI.
 */
function measure(run, expectedStatus = 0, node = process.execPath) {
  const { args, env: own } = Array.isArray(run) ? { args: run } : run;
  const start = process.hrtime.bigint();
  const done = spawnSync(node, ['-r', rss, ...args], { env: { ...env, ...own }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (done.status !== expectedStatus) throw new Error(`${args.join(' ')} exited ${done.status}: ${done.stderr}`);
  const peak = Number(/peak-rss-kb=(\d+)/.exec(done.stderr.toString())?.[1] ?? NaN);
  return { ms, peak };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function interleaved(cases, runs, node = process.execPath) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, { ms: [], peak: [] }]));
  for (const run of Object.values(cases)) measure(run, 0, node); // warm the file cache (and make Node's compile cache)
  for (let round = 0; round < runs; round++) {
    for (const [name, run] of Object.entries(cases)) {
      const { ms, peak } = measure(run, 0, node);
      samples[name].ms.push(ms);
      samples[name].peak.push(peak);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { ms: median(s.ms), peak: median(s.peak) }]));
}

function catalogOf(models) {
  const lines = [
    'schema: 1',
    'version: 2026.1.0',
    'effective: 2026-01-01',
    'currency: USD',
    'providers:',
    '  acme: {name: Acme}',
    'models:',
  ];
  for (let i = 0; i < models; i++) {
    lines.push(
      `  - {id: acme/m${i}, name: Model ${i}, provider: acme, prices: {input: 0.${(i % 1000) + 1}, output: ${(i % 50) + 1}.25}, source: https://example.com, checked: 2026-01-01}`,
    );
  }
  const file = join(scratch, `catalog-${models}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function unknownModelsBudget(name, modelName) {
  const lines = ['version: 1', 'catalog: catalog-10000.yaml', 'workloads:'];
  for (let i = 0; i < 300; i++) lines.push(`  - {name: w${i}, model: ${modelName(i)}, tokens: 1M}`);
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function stagesOf(count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`- {name: stage ${i}, users: ${i + 1}, tokens: ${(i + 1) * 1000}K}`);
  const file = join(scratch, `stages-${count}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const standardCatalog = fileURLToPath(new URL('../test/fixtures/catalogs/standard.yaml', import.meta.url));
const catalog1000 = catalogOf(1_000);
const otherNodes = process.argv.flatMap((arg, at) => (arg === '--node' && process.argv[at + 1] ? [process.argv[at + 1]] : []));
if (otherNodes.length === 0) {
  const node22 = process.env.GACOST_BENCH_NODE22 || whichNode22();
  if (node22 !== undefined) otherNodes.push(node22);
}
/** The same run without Node's compile cache (module.enableCompileCache, which bin/gacost.cjs turns on where Node has it). */
const uncached = (args) => ({ args, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
for (const node of [process.execPath, ...otherNodes]) {
  const version = spawnSync(node, ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  const compileCache = major > 22 || (major === 22 && Number(version.split('.')[1]) >= 1);
  const startup = interleaved(
    {
      node: ['-e', '0'],
      gacost: [bin, 'project', '--tokens', '5B'],
      compare: [bin, 'compare', '--tokens', '1B'],
      'compare, whole catalog': [bin, 'compare', '--tokens', '1B', '--top', '10'],
      'models, whole catalog': [bin, 'models', '--format', 'json'],
      'catalog file': [bin, 'project', '--tokens', '5B', '--catalog', standardCatalog],
      'catalog 1,000': [bin, 'models', '--catalog', catalog1000, '--format', 'json'],
      child_process: ['-e', "require('node:child_process')"],
      'lazy bundles': [
        '-e',
        `require(${JSON.stringify(join(dist, 'read-files.cjs'))}); require(${JSON.stringify(join(dist, 'json-schema.cjs'))})`,
      ],
      ...(compileCache
        ? {
            'no compile cache': uncached([bin, 'project', '--tokens', '5B']),
            'catalog file, no compile cache': uncached([bin, 'project', '--tokens', '5B', '--catalog', standardCatalog]),
            'catalog 1,000, no compile cache': uncached([bin, 'models', '--catalog', catalog1000, '--format', 'json']),
          }
        : {}),
    },
    RUNS,
    node,
  );
  const ms = (name) => startup[name].ms.toFixed(1).padStart(6);
  const target = major >= 22 ? 1.5 : 1.6;
  console.log(
    `start-up on Node ${version} (${node}; ${RUNS} runs each, interleaved, medians; stdout a pipe; NODE_EXTRA_CA_CERTS and NODE_OPTIONS unset)`,
  );
  console.log(`  node -e 0                       ${ms('node')} ms  ${(startup.node.peak / 1024).toFixed(1)} MB`);
  console.log(`  gacost project --tokens 5B      ${ms('gacost')} ms  ${(startup.gacost.peak / 1024).toFixed(1)} MB`);
  console.log(`  gacost compare --tokens 1B      ${ms('compare')} ms  (the catalog's comparison set)`);
  console.log(`  … --top 10                      ${ms('compare, whole catalog')} ms  (every priced model of the built-in catalog ranked)`);
  console.log(`  gacost models --format json     ${ms('models, whole catalog')} ms  (every model of the built-in catalog)`);
  console.log(`  project --catalog (34 models)   ${ms('catalog file')} ms  (yaml and zod loaded to read it)`);
  console.log(`  models --catalog 1,000 as JSON  ${ms('catalog 1,000')} ms`);
  console.log(
    `start-up ratio: ${(startup.gacost.ms / startup.node.ms).toFixed(3)}× (target ≤ ${target}× on Node ${major >= 22 ? '22' : '20'})`,
  );
  console.log(`compare ratio: ${(startup.compare.ms / startup.node.ms).toFixed(3)}× (target ≤ 1.5×)`);
  console.log(`peak memory ratio: ${(startup.gacost.peak / startup.node.peak).toFixed(3)}× (target ≤ 1.3×)`);
  const saved = (slower, faster) => `${(startup[slower].ms - startup[faster].ms).toFixed(1).padStart(6)} ms`;
  console.log('what each start-up measure buys (the run without it, minus the run with it)');
  if (compileCache) {
    console.log(`  compile cache, built-in catalog             ${saved('no compile cache', 'gacost')}`);
    console.log(`  compile cache, a 34-model catalog file      ${saved('catalog file, no compile cache', 'catalog file')}`);
    console.log(`  compile cache, a 1,000-model catalog file   ${saved('catalog 1,000, no compile cache', 'catalog 1,000')}`);
  } else {
    console.log('  compile cache: none on this Node (module.enableCompileCache came in 22.1)');
  }
  console.log(`  stub for commander's node:child_process     ${saved('child_process', 'node')}`);
  console.log(`  yaml and zod in lazy bundles                ${saved('lazy bundles', 'node')}\n`);
}

const scale = interleaved(
  {
    node: ['-e', '0'],
    'catalog 1,000 models': [bin, 'models', '--catalog', catalog1000, '--format', 'json'],
    'catalog 10,000 models': [bin, 'models', '--catalog', catalogOf(10_000), '--format', 'json'],
    'same, as a table': [bin, 'models', '--catalog', join(scratch, 'catalog-10000.yaml')],
    'stages 1,000': [bin, 'project', '--stages', stagesOf(1_000), '--format', 'json'],
    'stages 10,000': [bin, 'project', '--stages', stagesOf(10_000), '--format', 'json'],
  },
  SCALE_RUNS,
);
console.log(`scale (${SCALE_RUNS} runs each, interleaved, medians; net = minus bare node start-up)`);
for (const [name, { ms }] of Object.entries(scale)) {
  if (name !== 'node')
    console.log(`  ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms   net ${(ms - scale.node.ms).toFixed(0).padStart(6)} ms`);
}
const net = (name) => scale[name].ms - scale.node.ms;
console.log(
  `catalog 10× models: ${(net('catalog 10,000 models') / net('catalog 1,000 models')).toFixed(2)}× the time (target ≤ 11×; 10,000 under 1 s: ${scale['catalog 10,000 models'].ms < 1000 ? 'yes' : 'no'})`,
);
console.log(
  `stages 10× stages:  ${(net('stages 10,000') / net('stages 1,000')).toFixed(2)}× the time (target ≤ 11×; 10,000 under 1 s: ${scale['stages 10,000'].ms < 1000 ? 'yes' : 'no'})`,
);

const hostileDir = fileURLToPath(new URL('../test/fixtures/hostile/', import.meta.url));
const huge = join(scratch, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(20 * 1024 * 1024)}\n`);
mkdirSync(join(scratch, 'a-directory.yaml'));
const hostileFiles = [
  ...readdirSync(hostileDir).map((name) => join(hostileDir, name)),
  huge,
  join(scratch, 'missing.yaml'),
  join(scratch, 'a-directory.yaml'),
  '/dev/zero',
];
const readers = [
  (file) => ['models', '--catalog', file],
  (file) => ['check', '--config', file],
  (file) => ['project', '--stages', file],
  (file) => ['catalog', 'import', '--from', 'litellm', file],
  (file) => ['catalog', 'import', '--from', 'genai-prices', file],
];
let slowest = { ms: 0, args: [] };
for (const file of hostileFiles) {
  for (const argsFor of readers) {
    const args = [bin, ...argsFor(file)];
    const { ms } = measure(args, 2);
    if (ms > slowest.ms) slowest = { ms, args };
  }
}
const shown = slowest.args
  .slice(1)
  .map((arg) => arg.replace(scratch, '$TMP').replace(hostileDir, 'test/fixtures/hostile/'))
  .join(' ');
console.log(`\nhostile inputs (${hostileFiles.length} files × ${readers.length} readers, one run each): all exit 2`);
console.log(`slowest: ${slowest.ms.toFixed(0)} ms, gacost ${shown} (target < 1 s)`);

const hugeMapping = join(scratch, 'huge-mapping.yaml');
const providers = Array.from({ length: 300_000 }, (_, index) => `  p${index}: {name: P}\n`);
writeFileSync(hugeMapping, `schema: 1\nproviders:\n${providers.join('')}`);
const hugeMappingMb = (Buffer.byteLength(providers.join('')) / 1024 / 1024).toFixed(1);
console.log(`\na ${hugeMappingMb} MB invalid catalog with one 300,000-key mapping, refused (one run each; target < 2 s):`);
for (const argsFor of readers.slice(0, 3)) {
  const args = argsFor(hugeMapping);
  const { ms } = measure([bin, ...args], 2);
  console.log(`  ${String(Math.round(ms)).padStart(6)} ms  gacost ${args.join(' ').replace(scratch, '$TMP')}`);
}

const lookupRuns = { models: [], compare: [], far: [], close: [] };
const lookups = {
  models: [[bin, 'models', '--catalog', catalogOf(20_000), '--format', 'csv'], 0],
  compare: [
    [bin, 'compare', '--catalog', join(scratch, 'catalog-20000.yaml'), '--tokens', '1B', '--baseline', 'acme/m0', '--format', 'csv'],
    0,
  ],
  far: [[bin, 'check', '--config', unknownModelsBudget('unknown-far', (i) => `acme/model-number-${i}-typo`)], 2],
  close: [[bin, 'check', '--config', unknownModelsBudget('unknown-close', (i) => `acme/mx${i * 33}`)], 2],
};
for (let run = 0; run < SCALE_RUNS; run++) {
  for (const [name, [args, status]] of Object.entries(lookups)) lookupRuns[name].push(measure(args, status).ms);
}
console.log(`\nlook-ups (${SCALE_RUNS} runs each, interleaved, medians)`);
console.log(`  models, 20,000 models (reading them)            ${median(lookupRuns.models).toFixed(0).padStart(6)} ms`);
console.log(
  `  compare, 20,000 models                          ${median(lookupRuns.compare).toFixed(0).padStart(6)} ms (target: little more than models)`,
);
console.log(`  300 unknown models of 10,000, far from all       ${median(lookupRuns.far).toFixed(0).padStart(6)} ms (target < 1 s)`);
console.log(`  300 unknown models of 10,000, close to many      ${median(lookupRuns.close).toFixed(0).padStart(6)} ms (target < 1 s)`);
rmSync(scratch, { recursive: true, force: true });

// Its own temporary folder, removed when it exits; its lines as it prints them.
console.log(`\nusage logs (${process.env.BENCH_USAGE_MB ?? 1024} MB of each kind; BENCH_USAGE_MB sets it)`);
const usage = spawnSync(process.execPath, [fileURLToPath(new URL('./bench-usage.mjs', import.meta.url))], { env, stdio: 'inherit' });
if (usage.status !== 0) process.exitCode = 1;

function whichNode22() {
  for (const folder of (process.env.PATH ?? '').split(':')) {
    const file = join(folder || '.', 'node22');
    if (spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout?.startsWith('v22.')) return file;
  }
  return undefined;
}
