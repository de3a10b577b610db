import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/gacost.js';

const run = promisify(execFile);

/**
 * The package as npm would install it (npm pack, then npm install of the tarball, with no other
 * package) used by a small TypeScript consumer: type-checked under moduleResolution node16 (as ESM
 * and as CommonJS) and bundler, then run under Node as ESM and as CommonJS. npm run test:interop
 * builds the declarations first.
 */
let consumer: string;
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

const source = `import { loadCatalog, project, compare, render, usdText, priceTokens, GacostError, type Projection, type Format } from 'gacost';

export async function main(): Promise<string> {
  const catalog = await loadCatalog();
  const projection: Projection = project(catalog, { tokens: '5B', models: ['gpt-4o-mini'], asOf: '2026-11-24' });
  const format: Format = 'csv';
  const cost: string = usdText(priceTokens(catalog, 'gpt-4o', 1_000_000n, { asOf: '2026-11-24' }).cost);
  let code = '';
  try {
    compare(catalog, { tokens: '1B', models: ['no-such-model'] });
  } catch (error) {
    if (error instanceof GacostError) code = error.code;
  }
  return [render(projection, format).split('\\n')[1], cost, code].join('|');
}
`;

beforeAll(async () => {
  consumer = mkdtempSync(join(tmpdir(), 'gacost-consumer-'));
  const packs = join(consumer, 'packs');
  mkdirSync(packs);
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], { cwd: ROOT });
  const [tarball] = readdirSync(packs);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--offline', join(packs, tarball ?? '')], { cwd: consumer });
}, 120_000);

afterAll(() => rmSync(consumer, { recursive: true, force: true }));

describe('a TypeScript consumer of the packed package', () => {
  it('installs no other package, and its CLI runs', async () => {
    expect(readdirSync(join(consumer, 'node_modules')).sort()).toEqual(['.bin', '.package-lock.json', 'gacost']);
    const cache = join(consumer, 'cache');
    const { stdout } = await run(
      join(consumer, 'node_modules/.bin/gacost'),
      ['project', '--tokens', '5B', '--format', 'csv', '--as-of', '2026-11-24'],
      { env: { ...process.env, GACOST_CACHE_DIR: cache } },
    );
    expect(stdout.split('\n')[1]).toBe('MVP,100,5000000,global-api/deepseek-v4-flash,0.25,1.25,openai/gpt-4o,50,48.75,97.5');
  });

  it.each([
    ['node16, ES module', { module: 'node16', moduleResolution: 'node16' }, 'esm', 'use.mts'],
    ['node16, CommonJS', { module: 'node16', moduleResolution: 'node16' }, 'cjs', 'use.cts'],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, 'bundler', 'use.ts'],
  ])(
    'type-checks under %s',
    async (_, options, name, file) => {
      const dir = join(consumer, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), source);
      // skipLibCheck off: gacost's declarations are checked too; @types/node from this project.
      const tsconfig = {
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: [file],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      const { stdout } = await run(process.execPath, [tsc, '-p', dir]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
      expect(stdout).toBe('');
    },
    120_000,
  );

  it.each([
    [
      'ES module',
      'run.mjs',
      "import('gacost').then(async ({ loadCatalog, project, render }) => console.log(render(project(await loadCatalog(), { tokens: '5B', asOf: '2026-11-24' }), 'csv').split('\\n')[1]))",
    ],
    [
      'CommonJS',
      'run.cjs',
      "const { loadCatalog, project, render } = require('gacost'); loadCatalog().then((catalog) => console.log(render(project(catalog, { tokens: '5B', asOf: '2026-11-24' }), 'csv').split('\\n')[1]))",
    ],
  ])('runs as %s', async (_, file, script) => {
    writeFileSync(join(consumer, file), script);
    const { stdout } = await run(process.execPath, [file], { cwd: consumer });
    expect(stdout).toBe('MVP,100,5000000,global-api/deepseek-v4-flash,0.25,1.25,openai/gpt-4o,50,48.75,97.5\n');
  });
});
