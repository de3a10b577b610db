import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetFileSchema } from '../../src/budget/budget-schema.js';
import { candidateTraffic, MIX_PERCENT_SCALE, type Candidate } from '../../src/core/candidate.js';
import { formatDecimal, readDecimal } from '../../src/core/decimal.js';
import { monthlyTokens, parseGrowth } from '../../src/core/growth.js';
import type { PricedModel } from '../../src/core/resolve-model.js';
import { gacost, scratchDir } from '../support/gacost.js';

const HUNDRED = 100n * 10n ** BigInt(MIX_PERCENT_SCALE);
const MIX = 'deepseek-v4-flash=16.6667,qwen3-32b=16.6667,deepseek-r1=16.6667,kimi-k2.5=16.6667,gpt-4o=33.3332';

const json = (stdout: string) => JSON.parse(stdout);

/** Writes `text` to a file in a fresh scratch folder and returns its path. */
function scratchFile(name: string, text: string): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, text);
  return path;
}

function budgetFile(lines: readonly string[]): string {
  return scratchFile('gacost.yaml', ['version: 1', ...lines, ''].join('\n'));
}

/** The minimal fixture catalog with one substitution. */
function minimalCatalog(from: string, to: string): string {
  const text = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
  expect(text).toContain(from);
  return scratchFile('catalog.yaml', text.replace(from, to));
}

describe('#2: a routing mix never gives a part negative tokens', () => {
  const mixOf = (percents: readonly bigint[]): Candidate => ({
    kind: 'mix',
    parts: percents.map((percent, index) => ({ model: { model: { id: `m${index}` } } as unknown as PricedModel, percent })),
  });

  it('#2: parts are whole, at least 0, add up to the total and each is within 1 token of its exact share', () => {
    const shares = fc
      .array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 })
      .filter((weights) => weights.reduce((sum, weight) => sum + weight, 0) <= 1_000_000)
      .map((weights) => {
        // Scale arbitrary weights to percents (4 decimals) that add up to exactly 100.
        const total = BigInt(weights.reduce((sum, weight) => sum + weight, 0));
        const percents = weights.map((weight) => (BigInt(weight) * HUNDRED) / total);
        const short = HUNDRED - percents.reduce((sum, percent) => sum + percent, 0n);
        return percents.map((percent, index) => (index === 0 ? percent + short : percent)).filter((percent) => percent > 0n);
      });
    fc.assert(
      fc.property(shares, fc.oneof(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: 10n ** 15n })), (percents, tokens) => {
        const parts = candidateTraffic(mixOf(percents), tokens).map((part) => part.tokens);
        expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(tokens);
        parts.forEach((part, index) => {
          expect(part).toBeGreaterThanOrEqual(0n);
          const gap = part * HUNDRED - tokens * (percents[index] ?? 0n);
          expect(gap < HUNDRED && gap > -HUNDRED).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("#2: the review's 3-token mix gives the largest remainders the leftover tokens", () => {
    const parts = candidateTraffic(mixOf([166_667n, 166_667n, 166_667n, 166_667n, 333_332n]), 3n).map((part) => part.tokens);
    expect(parts).toEqual([1n, 1n, 0n, 0n, 1n]);
  });

  it('#2: compare, project, forecast and check never price a mix below $0', async () => {
    const compare = await gacost(['compare', '--tokens', '3', '--model', 'deepseek-v4-flash', '--mix', MIX, '--format', 'json']);
    const compared = json(compare.stdout).rows.find((row: { model: string }) => row.model === 'mix');
    expect(compared.cost_usd).toBeGreaterThan(0);
    expect(compared.price_per_mtok_usd).toBeGreaterThan(0);
    expect(compared.savings_pct).toBeLessThan(100);

    const project = await gacost(['project', '--tokens', '3', '--mix', MIX, '--format', 'json']);
    for (const row of json(project.stdout).rows) expect(row.cost_usd).toBeGreaterThanOrEqual(0);

    const forecast = await gacost(['forecast', '--start', '3', '--growth', '0%/mo', '--months', '1', '--mix', MIX, '--format', 'json']);
    expect(json(forecast.stdout).rows[0].cost_usd).toBeGreaterThan(0);

    const config = budgetFile(['workloads:', '  - name: tiny', `    mix: ${MIX}`, '    tokens: 3', '    budget: 0.000001']);
    const check = await gacost(['check', '--config', config, '--format', 'json']);
    expect(check.exitCode).toBe(1);
    expect(json(check.stdout).workloads[0]).toMatchObject({ status: 'fail' });
    expect(json(check.stdout).workloads[0].cost_usd).toBeGreaterThan(0.000001);
  });
});

describe('#4: commas in money amounts are thousands separators only', () => {
  it.each([
    ['1,000', 1000],
    ['1,000.50', 1000.5],
    ['$1,234,567.89', 1234567.89],
    ['$2,000', 2000],
  ])('#4: --budget and --credits %s are $%s', async (text, amount) => {
    const run = await gacost(['forecast', '--start', '1M', '--growth', '0%/mo', '--months', '1', '--budget', text, '--credits', text, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout)).toMatchObject({ budget_usd: amount, credits_usd: amount });
  });

  it.each(['1,5', '1,0,0', '$1,0.5', '1,000,0', ',100', '100,', '1,000.5,0', '1,,000'])('#4: refuses %j as a budget, as credits and in a budget file', async (text) => {
    const check = await gacost(['check', '--model', 'gpt-4o', '--tokens', '1M', '--budget', text, '--format', 'csv']);
    expect(check).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
    const credits = await gacost(['forecast', '--start', '1M', '--growth', '0%/mo', '--credits', text]);
    expect(credits).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
    const file = await gacost(['check', '--config', budgetFile(['workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M', `    budget: "${text}"`])]);
    expect(file).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
    expect(file.stderr).toMatch(/gacost\.yaml:6:13: workloads\[0\]\.budget/);
  });

  it('#4: reads "$1,234,567.89" in a budget file as that amount', async () => {
    const config = budgetFile(['budget: "$1,234,567.89"', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M', '    budget: "1,000.50"']);
    const run = await gacost(['check', '--config', config, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout).total.budget_usd).toBe(1234567.89);
    expect(json(run.stdout).workloads[0].budget_usd).toBe(1000.5);
  });

  it("#4: the budget file schema's pattern refuses misplaced commas", () => {
    const file = (budget: string) => ({ version: 1, budget, workloads: [{ name: 'a', model: 'gpt-4o', tokens: '1M' }] });
    for (const bad of ['1,5', '$1,0.5', '1,0,0']) expect(budgetFileSchema.safeParse(file(bad)).success).toBe(false);
    for (const good of ['1,000', '$1,000.50', '$1,234,567.89', '200']) expect(budgetFileSchema.safeParse(file(good)).success).toBe(true);
    const schema = json(readFileSync('schemas/budget.schema.json', 'utf8'));
    const pattern = new RegExp(schema.properties.budget.anyOf.find((entry: { pattern?: string }) => entry.pattern).pattern);
    expect(['1,5', '$1,0.5'].map((text) => pattern.test(text))).toEqual([false, false]);
    expect(['1,000', '$1,234,567.89'].map((text) => pattern.test(text))).toEqual([true, true]);
  });
});

describe('#7: forecast credits that expire within the forecast or are spent exactly', () => {
  const forecast = (catalog: string, start: string, format = 'json') =>
    gacost(['forecast', '--catalog', catalog, '--start', start, '--growth', '0%/mo', '--months', '3', '--credits', '100', '--format', format]);

  it('#7: credits that expire before month 1 ends are lost whole, never "last the whole forecast"', async () => {
    const catalog = minimalCatalog('expire_after_days: 60', 'expire_after_days: 29');
    const result = json((await forecast(catalog, '100M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: null, credits_expire_after_days: 29, credits_lost_usd: 100 });
    expect(result.rows.map((row: { credits_left_usd: number }) => row.credits_left_usd)).toEqual([0, 0, 0]);
    expect((await forecast(catalog, '100M', 'table')).stdout).not.toContain('last the whole forecast');
  });

  it('#7: credits that expire after 45 days cover month 1 and lose the rest at its end', async () => {
    const result = json((await forecast(minimalCatalog('expire_after_days: 60', 'expire_after_days: 45'), '100M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: null, credits_lost_usd: 90 });
    expect(result.rows.map((row: { credits_left_usd: number }) => row.credits_left_usd)).toEqual([90, 0, 0]);
  });

  it('#7: credits spent exactly run out in that month, with nothing lost', async () => {
    const catalog = 'test/fixtures/catalogs/minimal.yaml';
    const result = json((await forecast(catalog, '500M')).stdout);
    expect(result.outlook[0]).toMatchObject({ credits_run_out_month: 2, credits_expire_after_days: 60, credits_lost_usd: 0 });
    expect((await forecast(catalog, '500M', 'table')).stdout).not.toContain('last the whole forecast');
    const never = await gacost(['forecast', '--start', '200M', '--growth', '0%/mo', '--months', '3', '--credits', '100', '--format', 'json']);
    expect(json(never.stdout).outlook[0]).toMatchObject({ credits_run_out_month: 2, credits_expire_after_days: 'never' });
  });
});

describe('#8: limits on tokens, prices and budgets', () => {
  it('#8: --tokens-per-user × the preset stages stays within 10^15 tokens', async () => {
    expect((await gacost(['project', '--tokens-per-user', '10B', '--format', 'csv'])).exitCode).toBe(0);
    const over = await gacost(['project', '--tokens-per-user', '10000000001', '--format', 'json']);
    expect(over).toMatchObject({ exitCode: 2, errorCode: 'invalid-quantity', stdout: '' });
    expect(over.stderr).toMatch(/^gacost: error: .*Growth.*100000 users.*1000T[^\n]*\n$/);
  });

  it('#8: stage users × tokens per user stays within 10^15 tokens', async () => {
    const stages = scratchFile('stages.yaml', '- name: Fine\n  users: 20000000000\n- name: Huge\n  users: 1000000000000001\n');
    const run = await gacost(['project', '--stages', stages, '--format', 'csv']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-stages', stdout: '' });
    expect(run.stderr).toMatch(/stages\.yaml:4:10: \[1\]\.users: .*1000000000000001 users/);
    const perUser = await gacost(['project', '--stages', stages, '--tokens-per-user', '1', '--format', 'csv']);
    expect(perUser).toMatchObject({ exitCode: 2, errorCode: 'invalid-stages' });
    expect(perUser.stderr).not.toMatch(/\[0\]/);
    const limit = scratchFile('limit.yaml', '- name: Limit\n  users: 1000000000000000\n');
    const fits = await gacost(['project', '--stages', limit, '--tokens-per-user', '1', '--format', 'json']);
    expect(json(fits.stdout).rows[0].tokens).toBe(1e15);
  });

  it('#8: requests × tokens_per_request (× days) stays within 10^15 tokens', async () => {
    const workload = (requests: string, perRequest: string) =>
      budgetFile(['workloads:', '  - name: huge', '    model: gpt-4o', `    requests: ${requests}`, `    tokens_per_request: ${perRequest}`]);
    const over = await gacost(['check', '--config', workload('1000T/day', '1000T'), '--format', 'json']);
    expect(over).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
    expect(over.stderr).toMatch(/gacost\.yaml:5:15: workloads\[0\]\.requests: .*tokens_per_request/);
    for (const requests of ['1T/day', '1T/DAY']) {
      const days = await gacost(['check', '--config', workload(requests, '1K'), '--format', 'json']);
      expect(days).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget' });
    }
    const fits = await gacost(['check', '--config', workload('1T/month', '1K'), '--format', 'json']);
    expect(json(fits.stdout).workloads[0].tokens).toBe(1e15);
  });

  it('#8: budgets and credits are at most $10^12', async () => {
    const forecast = (flag: string, amount: string) => gacost(['forecast', '--start', '1M', '--growth', '0%/mo', flag, amount, '--format', 'json']);
    expect(json((await forecast('--budget', '1,000,000,000,000')).stdout).budget_usd).toBe(1e12);
    for (const flag of ['--budget', '--credits']) {
      for (const amount of ['1e100', '1000000000000.000000000000001']) {
        expect(await forecast(flag, amount)).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
      }
    }
    const file = await gacost(['check', '--config', budgetFile(['budget: 1e100', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M'])]);
    expect(file).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget' });
    expect(file.stderr).toMatch(/gacost\.yaml:2:9: budget: .*maximum/);
  });

  it('#8: a catalog price is at most $1,000,000 per 1M tokens', async () => {
    const atMost = minimalCatalog('prices: {output: 0.1}', 'prices: {output: 1000000}');
    expect((await gacost(['--catalog', atMost, 'models', '--format', 'json'])).exitCode).toBe(0);
    for (const price of ['1e100', '1000000.000000001']) {
      const run = await gacost(['--catalog', minimalCatalog('prices: {output: 0.1}', `prices: {output: ${price}}`), 'models', '--format', 'json']);
      expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-catalog', stdout: '' });
      expect(run.stderr).toMatch(/catalog\.yaml:18:22: .*maximum/);
    }
  });
});

describe('#13: yearly growth rounds exact ties half away from zero', () => {
  it.each([
    ['1', '2.25x/yr', 7, 2n],
    ['1', '125%/yr', 7, 2n],
    ['1', '6.25x/yr', 7, 3n],
    ['1', '0.015625x/yr', 3, 1n],
    ['333333333333333', '2.25x/yr', 7, 500_000_000_000_000n],
  ])('#13: --start %s --growth %s: month %i is %s', async (start, growth, months, tokens) => {
    expect(monthlyTokens(BigInt(start), parseGrowth(growth, 'growth'), months).at(-1)).toBe(tokens);
    const run = await gacost(['forecast', '--start', start, '--growth', growth, '--months', String(months), '--format', 'csv']);
    expect(run.stdout.trimEnd().split('\n').at(-1)?.split(',')[2]).toBe(String(tokens));
  });

  it('#13: each month n of yearly growth F from s is the nearest whole number, ties up: (2n − 1)^12 ≤ (2s)^12 × F^m < (2n + 1)^12', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 40 }), (start, thousandths, months) => {
        const [numerator, denominator] = [BigInt(thousandths), 1000n];
        const tokens = monthlyTokens(start, parseGrowth(`${formatDecimal(numerator, 3)}x/yr`, 'growth'), months);
        tokens.forEach((n, m) => {
          const scaled = (2n * start) ** 12n * numerator ** BigInt(m);
          const bound = (k: bigint) => k ** 12n * denominator ** BigInt(m);
          if (n > 0n) expect(bound(2n * n - 1n) <= scaled).toBe(true);
          expect(scaled < bound(2n * n + 1n)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('#13: every month is the exact value rounded, for growth whose 12th root is rational', () => {
    // 4096^(m/12) = 2^m exactly; 0.25x/yr from 4096 gives 4096 / 2^(m/6), a tie when it is k + 1/2.
    expect(monthlyTokens(3n, parseGrowth('4096x/yr', 'growth'), 13)).toEqual(Array.from({ length: 13 }, (_, month) => 3n * 2n ** BigInt(month)));
    expect(monthlyTokens(1n, parseGrowth('1.5%/mo', 'growth'), 1)).toEqual([1n]);
    const halving = monthlyTokens(3n, parseGrowth('0.0625x/yr', 'growth'), 7); // 3 × 2^(-m/3): 3, 2.38, 1.89, 1.5, 1.19, 0.94, 0.75
    expect(halving).toEqual([3n, 2n, 2n, 2n, 1n, 1n, 1n]);
  });
});

describe('#22 and #24: reasons that say what is wrong', () => {
  it('#22: decimal text says why it is refused, and reads what YAML reads as a number', () => {
    expect(['.25', '0.25', '+0.25', '2.5e-1', '25e-2', '0.250000000000'].map((text) => readDecimal(text, 2))).toEqual([25n, 25n, 25n, 25n, 25n, 25n]);
    expect(readDecimal('5.', 0)).toBe(5n);
    expect(readDecimal('0.125', 2)).toBe('too-precise');
    expect(readDecimal('1e401', 2)).toBe('exponent-out-of-range');
    expect(['0x10', '-1', '.', '1,5', 'NaN', '.inf', ''].map((text) => readDecimal(text, 2))).toEqual(Array(7).fill('not-a-decimal'));
  });

  const refusal = async (args: readonly string[]) => {
    const run = await gacost(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    return run;
  };

  it('#22: too-precise shares, mix shares, percentages and peak factors say how many decimals are kept', async () => {
    for (const share of ['0.0000001', '0.00000001%']) {
      expect((await refusal(['compare', '--tokens', '1M', '--input-share', share])).stderr).toMatch(/decimal places/);
    }
    expect((await refusal(['compare', '--tokens', '1M', '--mix', 'gpt-4o=90,deepseek-r1=9.99999'])).stderr).toMatch(/"deepseek-r1=9\.99999".*at most 4 decimal places/);
    expect((await refusal(['project', '--tokens-per-request', '1K', '--peak-factor', '1.0000000001'])).stderr).toMatch(/at most 4 decimal places/);
    const config = budgetFile(['warn_at: 0.00001%', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M']);
    expect((await refusal(['check', '--config', config])).stderr).toMatch(/warn_at: .*at most 4 decimal places/);
  });

  it('#22: a huge exponent is named as such, not as a fraction of a token', async () => {
    const run = await refusal(['compare', '--tokens', `1${'0'.repeat(500)}e-500`]);
    expect(run.errorCode).toBe('invalid-quantity');
    expect(run.stderr).toMatch(/exponent/);
    expect(run.stderr).not.toMatch(/fraction/);
  });

  it('#22: a fractional request count is a fraction of a request', async () => {
    const config = budgetFile(['workloads:', '  - name: a', '    model: gpt-4o', '    requests: 0.5/day', '    tokens_per_request: 1K']);
    const run = await refusal(['check', '--config', config]);
    expect(run.stderr).toMatch(/a fraction of a request/);
    expect(run.stderr).not.toMatch(/token/);
  });

  it('#22: .25 and +100 are amounts, as flags, budget numbers and catalog prices; 0x10 is refused saying what is accepted', async () => {
    const forecast = await gacost(['forecast', '--start', '1M', '--growth', '0%/mo', '--budget', '.25', '--credits', '+100', '--format', 'json']);
    expect(json(forecast.stdout)).toMatchObject({ budget_usd: 0.25, credits_usd: 100 });
    const config = budgetFile(['budget: +100', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M', '    budget: .25']);
    const check = await gacost(['check', '--config', config, '--format', 'json']);
    expect(json(check.stdout)).toMatchObject({ total: { budget_usd: 100 }, workloads: [{ budget_usd: 0.25 }] });
    const catalog = minimalCatalog('prices: {output: 0.1}', 'prices: {output: .25}');
    const models = await gacost(['--catalog', catalog, 'models', '--format', 'json']);
    expect(models.exitCode).toBe(0);
    expect(models.stdout).toContain('0.25');
    const hex = await refusal(['forecast', '--start', '1M', '--growth', '0%/mo', '--budget', '0x10']);
    expect(hex.stderr).toMatch(/such as .*200/);
  });

  it('#24: a peak factor below 1 (a peak below the average) is refused', async () => {
    const run = await refusal(['project', '--tokens-per-request', '1K', '--peak-factor', '0.5']);
    expect(run.errorCode).toBe('invalid-option');
    expect((await gacost(['project', '--tokens-per-request', '1K', '--peak-factor', '1', '--format', 'csv'])).exitCode).toBe(0);
  });
});
