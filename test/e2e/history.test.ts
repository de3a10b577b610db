import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const CATALOG = ['--catalog', 'test/fixtures/catalogs/history.yaml'];
const growthCost = async (asOf: string, ...more: string[]) => {
  const run = await gacost([...CATALOG, '--as-of', asOf, 'project', '--tokens', '1B', '--model', 'changing', '--format', 'json', ...more]);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout).rows[3].cost_usd;
};

describe('dated prices and --as-of', () => {
  it('uses the newest price on or before the date: the day before, of and after a change', async () => {
    expect(await growthCost('2026-01-31')).toBe(8000);
    expect(await growthCost('2026-02-01')).toBe(4000);
    expect(await growthCost('2026-02-02')).toBe(4000);
  });

  it('names the as-of date, the catalog version and its hash in every output', async () => {
    const run = await gacost([...CATALOG, '--as-of', '2026-01-31', 'models', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.catalog).toMatchObject({ version: '2026.3.0', as_of: '2026-01-31', tier: null });
    expect(result.models[0]).toMatchObject({
      id: 'acme/changing',
      prices: { input: 2, output: 8 },
      prices_from: '2025-01-01',
      tiers: ['batch', 'priority'],
    });
    const table = await gacost([...CATALOG, '--as-of', '2026-01-31', 'project', '--wide']);
    expect(table.stdout).toMatch(/Catalog 2026\.3\.0 \(effective 2026-03-01, hash [0-9a-f]{12}\), prices as of 2026-01-31\./);
  });

  it('takes the date from GACOST_AS_OF', async () => {
    const run = await gacost([...CATALOG, 'project', '--tokens', '1B', '--format', 'json'], { env: { GACOST_AS_OF: '2025-06-01' } });
    expect(JSON.parse(run.stdout).rows[3].cost_usd).toBe(8000);
  });

  it('refuses a date before a model has a price, and a retired model after its date', async () => {
    const early = await gacost([...CATALOG, '--as-of', '2024-12-31', 'project']);
    expect(early).toMatchObject({ exitCode: 2, errorCode: 'no-price-on-date' });
    expect(early.stderr).toContain('acme/changing has no price before 2025-01-01');
    const retired = await gacost([...CATALOG, '--as-of', '2026-01-01', 'project', '--model', 'old']);
    expect(retired).toMatchObject({ exitCode: 2, errorCode: 'no-price-on-date' });
    expect(retired.stderr).toContain('acme/old was retired on 2025-12-31');
    const stillOn = await gacost([...CATALOG, '--as-of', '2025-12-31', 'project', '--model', 'old']);
    expect(stillOn.exitCode).toBe(0);
    const listed = await gacost([...CATALOG, '--as-of', '2026-01-01', 'models', '--format', 'json']);
    expect(JSON.parse(listed.stdout).models[2]).toMatchObject({ id: 'acme/old', status: 'retired', prices: null, retired: '2025-12-31' });
  });

  it.each(['2026-02-30', 'today', '26-02-01'])('refuses --as-of %s', async (date) => {
    const run = await gacost([...CATALOG, '--as-of', date, 'models']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`invalid --as-of "${date}": expected a date written as YYYY-MM-DD`);
  });
});

describe('service tiers', () => {
  it('prices the tier, overriding only the prices it names', async () => {
    expect(await growthCost('2026-03-01', '--input-share', '50%')).toBe(2500);
    const batch = await gacost([
      ...CATALOG,
      '--as-of',
      '2026-03-01',
      '--tier',
      'batch',
      'project',
      '--tokens',
      '1B',
      '--model',
      'changing',
      '--format',
      'json',
      '--input-share',
      '50%',
      '--baseline',
      'changing',
    ]);
    expect(JSON.parse(batch.stdout).rows[3].cost_usd).toBe(1250);
    const priority = await gacost([...CATALOG, '--as-of', '2026-03-01', '--tier', 'priority', 'models', '--format', 'json']);
    expect(JSON.parse(priority.stdout).models).toEqual([
      expect.objectContaining({ id: 'acme/changing', prices: { input: 1, output: 12 } }),
    ]);
  });

  it('refuses a model without the tier, naming the tiers it has', async () => {
    const run = await gacost([...CATALOG, '--tier', 'batch', 'project', '--model', 'steady']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('gacost: error: model acme/steady has no batch tier; it has no service tiers\n');
    const other = await gacost([...CATALOG, '--tier', 'flex', 'project', '--model', 'changing', '--baseline', 'changing']);
    expect(other.stderr).toBe('gacost: error: unknown tier "flex" (the tiers are batch, priority)\n'); // no model has it
  });
});

describe('content hash', () => {
  it('stays the same across key order, quoting and layout, and changes with a price', async () => {
    const dir = scratchDir();
    const original = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    const reordered = original
      .replace('schema: 1\nversion: 2026.1.0\n', 'version: "2026.1.0"\nschema: 1\n')
      .replace('    prices: {output: 0.1}', '    prices:\n      output: 0.10')
      .replace('# ', '#  ');
    const repriced = original.replace('prices: {output: 0.1}', 'prices: {output: 0.2}');
    const hashOf = async (text: string, name: string) => {
      writeFileSync(join(dir, name), text);
      const run = await gacost(['--catalog', join(dir, name), 'models', '--format', 'json']);
      return JSON.parse(run.stdout).catalog.hash;
    };
    const [a, b, c] = await Promise.all([hashOf(original, 'a.yaml'), hashOf(reordered, 'b.yaml'), hashOf(repriced, 'c.yaml')]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('context tiers', () => {
  const steady = (tokensPerRequest: string) =>
    gacost([
      ...CATALOG,
      'project',
      '--model',
      'steady',
      '--tokens',
      '1B',
      '--tokens-per-request',
      tokensPerRequest,
      '--input-share',
      '75%',
      '--format',
      'json',
    ]);

  it('apply to the whole request once its prompt is over the threshold, and say so', async () => {
    const long = JSON.parse((await steady('400K')).stdout); // 300K-token prompts
    expect(long.rows[3].cost_usd).toBe(10125); // 750M × $6 + 250M × $22.50
    expect(long.assumptions.notes).toContain('prompts are over 200K tokens, so Steady is priced at its long-context rates');
    const short = JSON.parse((await steady('200K')).stdout); // 150K-token prompts
    expect(short.rows[3].cost_usd).toBe(6000); // 750M × $3 + 250M × $15
    expect(short.assumptions.notes.join(' ')).not.toContain('long-context');
  });
});
