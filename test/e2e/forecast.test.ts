import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal } from '../../src/core/decimal.js';
import { monthlyTokens, parseGrowth } from '../../src/core/growth.js';
import { gacost, scratchDir } from '../support/gacost.js';
import { minimalCatalog } from '../support/inputs.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('gacost forecast', () => {
  it('reaches 50M in month 13 at 10x a year, in every format', async () => {
    const args = ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13'];
    const [table, json, csv, markdown] = await Promise.all(
      ['table', 'json', 'csv', 'markdown'].map((format) => gacost([...args, '--format', format])),
    );
    const rows = JSON.parse(json?.stdout ?? '').rows;
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({ month: 1, tokens: 5_000_000, cost_usd: 1.25, cumulative_usd: 1.25 });
    expect(rows[12]).toMatchObject({ month: 13, tokens: 50_000_000, cost_usd: 12.5 });
    expect(rows[1].tokens).toBe(6_057_638); // 5M × 10^(1/12), to the whole token
    expect(csv?.stdout.trimEnd().split('\n').at(-1)).toBe('13,global-api/deepseek-v4-flash,50000000,12.5,65.6845335,');
    expect(table?.stdout).toMatch(/│ +13 │ +50M │ +\$12\.50 │ +\$65\.68 │ █{24} │/);
    expect(markdown?.stdout).toContain('| 13 | 50M | **$12.50** | $65.68 | ████████████████████████ |');
  });

  it('names the month a budget is crossed and the month credits run out', async () => {
    const run = await gacost([
      'forecast',
      '--start',
      '5M',
      '--growth',
      '10x/yr',
      '--months',
      '13',
      '--budget',
      '10',
      '--credits',
      '50',
      '--format',
      'json',
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.outlook).toEqual([
      {
        model: 'global-api/deepseek-v4-flash',
        budget_exceeded_month: 12,
        budget_exceeded_month_later: null,
        credits_run_out_month: 12,
        credits_expire_after_days: 'never',
        credits_lost_usd: null,
      },
    ]);
    expect(result.rows[10].credits_left_usd).toBe(7.13301875); // $50 − 0.25 × (5M + 6.057638M + … + 34.064603M) / 1M
    const table = await gacost([
      'forecast',
      '--start',
      '5M',
      '--growth',
      '10x/yr',
      '--months',
      '13',
      '--budget',
      '10',
      '--credits',
      '50',
      '--wide',
    ]);
    expect(table.stdout).toContain(
      'Monthly spend first exceeds $10.00 in month 12; $50.00 of credits run out in month 12; they never expire.',
    );
  });

  it('names the later month a budget would be exceeded at the same growth, as a longer forecast finds it', async () => {
    const outlook = async (months: string, budget: string) =>
      JSON.parse(
        (await gacost(['forecast', '--start', '5M', '--growth', '10x/yr', '--months', months, '--budget', budget, '--format', 'json']))
          .stdout,
      ).outlook[0];
    expect(await outlook('13', '1000')).toMatchObject({ budget_exceeded_month: null, budget_exceeded_month_later: 36 });
    expect(await outlook('36', '1000')).toMatchObject({ budget_exceeded_month: 36, budget_exceeded_month_later: null });
    // Ten years on, 5M × 10^(119/12) tokens cost far more than $1M; a budget no month of them exceeds has no month.
    expect(await outlook('13', '1000000000')).toMatchObject({ budget_exceeded_month: null, budget_exceeded_month_later: null });
    const flat = await gacost(['forecast', '--start', '5M', '--growth', '0%/mo', '--months', '3', '--budget', '2']);
    expect(flat.stdout).toContain('Monthly spend stays within $2.00.');
    const table = await gacost(['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--budget', '1000', '--wide']);
    expect(table.stdout).toContain(
      'Monthly spend stays within $1,000.00 for these 13 months; at this growth it would first exceed it in month 36',
    );
  });

  it('counts credit that expires unspent as lost', async () => {
    const run = await gacost([
      'forecast',
      '--catalog',
      'test/fixtures/catalogs/minimal.yaml',
      '--start',
      '100M',
      '--growth',
      '0%/mo',
      '--months',
      '4',
      '--credits',
      '100',
      '--format',
      'json',
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: null, credits_expire_after_days: 60, credits_lost_usd: 80 });
    expect(result.rows.map((row: { credits_left_usd: number }) => row.credits_left_usd)).toEqual([90, 80, 0, 0]);
  });

  it('says credits that expire within the first month expire before month 1 ends', async () => {
    const catalog = join(scratchDir(), 'short-credits.yaml');
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    writeFileSync(catalog, minimal.replace('expire_after_days: 60', 'expire_after_days: 20'));
    const run = await gacost([
      '--catalog',
      catalog,
      'forecast',
      '--start',
      '100M',
      '--growth',
      '0%/mo',
      '--months',
      '2',
      '--credits',
      '100',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('expire after 20 days (before month 1 ends)');
  });

  it('forecasts flat and shrinking traffic, and a routing mix beside a model', async () => {
    const flat = await gacost(['forecast', '--start', '5M', '--growth', '0%/mo', '--months', '3', '--format', 'csv']);
    expect(
      flat.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    ).toEqual(['5000000', '5000000', '5000000']);
    const shrinking = await gacost(['forecast', '--start', '5M', '--growth', '-10%/mo', '--months', '3', '--format', 'json']);
    expect(JSON.parse(shrinking.stdout).rows.map((row: { tokens: number }) => row.tokens)).toEqual([5e6, 4.5e6, 4.05e6]);
    const mixed = await gacost([
      'forecast',
      '--start',
      '1B',
      '--growth',
      '25%/mo',
      '--months',
      '2',
      '--model',
      'gpt-4o',
      '--mix',
      'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5',
      '--format',
      'json',
    ]);
    expect(JSON.parse(mixed.stdout).rows.map((row: Record<string, unknown>) => [row.month, row.model, row.cost_usd])).toEqual([
      [1, 'openai/gpt-4o', 10000],
      [1, 'mix', 364],
      [2, 'openai/gpt-4o', 12500],
      [2, 'mix', 455],
    ]);
  });
});

describe('forecast credits that expire within the forecast or are spent exactly', () => {
  const forecast = (catalog: string, start: string, format = 'json') =>
    gacost([
      'forecast',
      '--catalog',
      catalog,
      '--start',
      start,
      '--growth',
      '0%/mo',
      '--months',
      '3',
      '--credits',
      '100',
      '--format',
      format,
    ]);

  it('credits that expire before month 1 ends are lost whole, never "last the whole forecast"', async () => {
    const catalog = minimalCatalog('expire_after_days: 60', 'expire_after_days: 29');
    const result = json((await forecast(catalog, '100M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: null, credits_expire_after_days: 29, credits_lost_usd: 100 });
    expect(result.rows.map((row: { credits_left_usd: number }) => row.credits_left_usd)).toEqual([0, 0, 0]);
    expect((await forecast(catalog, '100M', 'table')).stdout).not.toContain('last the whole forecast');
  });

  it('credits that expire after 45 days cover month 1 and lose the rest at its end', async () => {
    const result = json((await forecast(minimalCatalog('expire_after_days: 60', 'expire_after_days: 45'), '100M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: null, credits_lost_usd: 90 });
    expect(result.rows.map((row: { credits_left_usd: number }) => row.credits_left_usd)).toEqual([90, 0, 0]);
  });

  it('credits spent exactly run out in that month, with nothing lost', async () => {
    const catalog = 'test/fixtures/catalogs/minimal.yaml';
    const result = json((await forecast(catalog, '500M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: 2, credits_expire_after_days: 60, credits_lost_usd: 0 });
    expect((await forecast(catalog, '500M', 'table')).stdout).not.toContain('last the whole forecast');
    const never = await gacost([
      'forecast',
      '--start',
      '200M',
      '--growth',
      '0%/mo',
      '--months',
      '3',
      '--credits',
      '100',
      '--format',
      'json',
    ]);
    expect(json(never.stdout).outlook[0]).toMatchObject({ credits_run_out_month: 2, credits_expire_after_days: 'never' });
  });
});

describe('yearly growth rounds exact ties half away from zero', () => {
  it.each([
    ['1', '2.25x/yr', 7, 2n],
    ['1', '125%/yr', 7, 2n],
    ['1', '6.25x/yr', 7, 3n],
    ['1', '0.015625x/yr', 3, 1n],
    ['333333333333333', '2.25x/yr', 7, 500_000_000_000_000n],
  ])('--start %s --growth %s: month %i is %s', async (start, growth, months, tokens) => {
    expect(monthlyTokens(BigInt(start), parseGrowth(growth, 'growth'), months).at(-1)).toBe(tokens);
    const run = await gacost(['forecast', '--start', start, '--growth', growth, '--months', String(months), '--format', 'csv']);
    expect(run.stdout.trimEnd().split('\n').at(-1)?.split(',')[2]).toBe(String(tokens));
  });

  it('each month n of yearly growth F from s is the nearest whole number, ties up: (2n − 1)^12 ≤ (2s)^12 × F^m < (2n + 1)^12', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 40 }),
        (start, thousandths, months) => {
          const [numerator, denominator] = [BigInt(thousandths), 1000n];
          const tokens = monthlyTokens(start, parseGrowth(`${formatDecimal(numerator, 3)}x/yr`, 'growth'), months);
          tokens.forEach((n, m) => {
            const scaled = (2n * start) ** 12n * numerator ** BigInt(m);
            const bound = (k: bigint) => k ** 12n * denominator ** BigInt(m);
            if (n > 0n) expect(bound(2n * n - 1n) <= scaled).toBe(true);
            expect(scaled < bound(2n * n + 1n)).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every month is the exact value rounded, for growth whose 12th root is rational', () => {
    // 4096^(m/12) = 2^m exactly; 0.25x/yr from 4096 gives 4096 / 2^(m/6), a tie when it is k + 1/2.
    expect(monthlyTokens(3n, parseGrowth('4096x/yr', 'growth'), 13)).toEqual(
      Array.from({ length: 13 }, (_, month) => 3n * 2n ** BigInt(month)),
    );
    expect(monthlyTokens(1n, parseGrowth('1.5%/mo', 'growth'), 1)).toEqual([1n]);
    const halving = monthlyTokens(3n, parseGrowth('0.0625x/yr', 'growth'), 7); // 3 × 2^(-m/3): 3, 2.38, 1.89, 1.5, 1.19, 0.94, 0.75
    expect(halving).toEqual([3n, 2n, 2n, 2n, 1n, 1n, 1n]);
  });
});
