import { describe, expect, it } from 'vitest';
import { gacost } from '../support/gacost.js';

describe('a broken catalog', () => {
  it('names every problem of a broken catalog, one line each', async () => {
    const run = await gacost(['models', '--catalog', 'test/fixtures/catalogs/duplicate-alias.yaml']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'gacost: error: test/fixtures/catalogs/duplicate-alias.yaml:23:21: models[1].aliases[1]: duplicate id or alias "CHEAP" (case-insensitive): already names models[0] (acme/cheap)\n',
    );
  });
});

describe('help and version', () => {
  it('prints help on stdout and exits 0', async () => {
    const run = await gacost(['project', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--tokens <quantity>');
  });

  it('prints the version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const run = await gacost(['--version']);
    expect(run).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
  });
});
