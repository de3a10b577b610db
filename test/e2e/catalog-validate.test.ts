import { describe, expect, it } from 'vitest';
import { gacost, STANDARD_CATALOG } from '../support/gacost.js';
import { minimalCatalog } from '../support/inputs.js';

describe('catalog validate', () => {
  it('passes valid files and lists every problem of the others, exiting 2', async () => {
    const run = await gacost([
      'catalog',
      'validate',
      STANDARD_CATALOG,
      'test/fixtures/catalogs/negative-price.yaml',
      'test/fixtures/catalogs/bad-date.yaml',
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/^test\/fixtures\/catalogs\/standard\.yaml: ok, 34 models, version 2026\.11\.0, hash [0-9a-f]{64}\n$/);
    expect(run.stderr).toBe(
      'gacost: error: test/fixtures/catalogs/negative-price.yaml:24:32: models[1].prices.output: a price cannot be negative\n' +
        'gacost: error: test/fixtures/catalogs/bad-date.yaml:3:12: effective: not a real calendar date\n',
    );
    const ok = await gacost(['catalog', 'validate', STANDARD_CATALOG]);
    expect(ok.exitCode).toBe(0);
  });

  it('builtin names the built-in catalog in catalog validate and --catalog', async () => {
    const validate = await gacost(['catalog', 'validate', 'builtin']);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toMatch(/^builtin: ok, \d+ models/);
    const builtin = await gacost(['models', '--format', 'json'], { env: { GACOST_CATALOG: undefined } });
    expect(await gacost(['--catalog', 'builtin', 'models', '--format', 'json'])).toMatchObject({ exitCode: 0, stdout: builtin.stdout });
    expect(await gacost(['models', '--format', 'json'], { env: { GACOST_CATALOG: 'builtin' } })).toMatchObject({
      exitCode: 0,
      stdout: builtin.stdout,
    });
  });

  it('a catalog price is at most $1,000,000 per 1M tokens', async () => {
    const atMost = minimalCatalog('prices: {output: 0.1}', 'prices: {output: 1000000}');
    expect((await gacost(['--catalog', atMost, 'models', '--format', 'json'])).exitCode).toBe(0);
    for (const price of ['1e100', '1000000.000000001']) {
      const run = await gacost([
        '--catalog',
        minimalCatalog('prices: {output: 0.1}', `prices: {output: ${price}}`),
        'models',
        '--format',
        'json',
      ]);
      expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-catalog', stdout: '' });
      expect(run.stderr).toMatch(/catalog\.yaml:18:22: .*maximum/);
    }
  });
});
