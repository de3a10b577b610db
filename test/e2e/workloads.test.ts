import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, candidateTraffic, MIX_PERCENT_SCALE } from '../../src/core/candidate.js';
import type { PricedModel } from '../../src/core/resolve-model.js';
import { gacost, refusal } from '../support/gacost.js';
import { budgetFile } from '../support/inputs.js';

const HUNDRED = 100n * 10n ** BigInt(MIX_PERCENT_SCALE);
const MIX = 'deepseek-v4-flash=16.6667,qwen3-32b=16.6667,deepseek-r1=16.6667,kimi-k2.5=16.6667,gpt-4o=33.3332';

const json = (stdout: string) => JSON.parse(stdout);

const lastCsvRow = (stdout: string) => {
  const [header = '', ...rows] = stdout.trimEnd().split('\n');
  const fields = header.split(',');
  return Object.fromEntries((rows.at(-1) ?? '').split(',').map((cell, index) => [fields[index], cell]));
};

describe('token mix', () => {
  it('prices GPT-4o at 1B tokens with 75% input at $4,375.00, in every format', async () => {
    const args = ['project', '--model', 'gpt-4o', '--tokens', '1B', '--input-share', '75%'];
    const [table, json, csv, markdown] = await Promise.all(
      ['table', 'json', 'csv', 'markdown'].map((format) => gacost([...args, '--format', format, '--wide'])),
    );
    expect(table?.stdout).toContain('$4,375.00');
    expect(markdown?.stdout).toContain('**$4,375.00**');
    expect(JSON.parse(json?.stdout ?? '').rows[3]).toMatchObject({ tokens: 1e9, cost_usd: 4375, price_per_mtok_usd: 4.375 });
    expect(lastCsvRow(csv?.stdout ?? '')).toMatchObject({ cost_usd: '4375' });
  });

  it('prices half of the input from cache at $3,906.25', async () => {
    const run = await gacost([
      'project',
      '--model',
      'gpt-4o',
      '--tokens',
      '1B',
      '--input-share',
      '0.75',
      '--cached-share',
      '50%',
      '--format',
      'json',
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.rows[3].cost_usd).toBe(3906.25);
    expect(result.assumptions).toMatchObject({ token_pricing: 'input_output', input_share: 0.75, cached_share: 0.5 });
  });

  it('uses the output price where a model publishes no input price, and says so', async () => {
    const run = await gacost(['project', '--model', 'qwen3-32b', '--tokens', '1B', '--input-share', '75%', '--wide']);
    expect(run.stdout).toContain('$280.00');
    expect(run.stdout).toContain('Qwen3-32B publishes no input price, so those tokens are priced at its output price');
  });
});

describe('routing mix', () => {
  const mix = 'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5';

  it('blends 90/5/5 at 1B tokens to $364.00, in every format', async () => {
    const args = ['project', '--mix', mix, '--tokens', '1B'];
    const [table, json, csv, markdown] = await Promise.all(
      ['table', 'json', 'csv', 'markdown'].map((format) => gacost([...args, '--format', format, '--wide'])),
    );
    expect(table?.stdout).toContain('│ Routing mix │');
    expect(table?.stdout).toContain('$364.00');
    expect(table?.stdout).toContain('routing mix: 90% DeepSeek V4 Flash, 5% Qwen3-32B, 5% DeepSeek R1');
    expect(markdown?.stdout).toContain('| Routing mix | $0.364 | **$364.00** |');
    const result = JSON.parse(json?.stdout ?? '');
    expect(result.rows[3]).toMatchObject({ model: 'mix', cost_usd: 364, price_per_mtok_usd: 0.364 });
    expect(result.assumptions.mix).toEqual([
      { model: 'global-api/deepseek-v4-flash', percent: 90 },
      { model: 'global-api/qwen3-32b', percent: 5 },
      { model: 'global-api/deepseek-r1', percent: 5 },
    ]);
    expect(lastCsvRow(csv?.stdout ?? '')).toMatchObject({ model: 'mix', cost_usd: '364' });
  });

  it('sits beside the models given with --model', async () => {
    const run = await gacost(['project', '--model', 'gpt-4o-mini', '--mix', mix, '--tokens', '1B', '--format', 'json']);
    expect(
      JSON.parse(run.stdout)
        .rows.slice(-2)
        .map((row: { model: string }) => row.model),
    ).toEqual(['openai/gpt-4o-mini', 'mix']);
  });
});

describe('request rates', () => {
  it('marks the first stage that outgrows the free tier', async () => {
    const run = await gacost(['project', '--tokens', '5B', '--tokens-per-request', '1K', '--format', 'json']);
    const rows = JSON.parse(run.stdout).rows;
    expect(rows.map((row: Record<string, unknown>) => [row.stage, row.avg_rpm, row.peak_rpm, row.free_tier])).toEqual([
      ['MVP', 0.1157, 0.3472, 'ok'],
      ['Beta', 1.1574, 3.4722, 'ok'],
      ['Launch', 11.5741, 34.7222, 'ok'],
      ['Growth', 115.7407, 347.2222, 'exceeded'],
    ]);
    const table = await gacost(['project', '--tokens', '5B', '--tokens-per-request', '1K', '--wide']);
    expect(table.stdout).toMatch(/Launch .*│ +11\.6 │ +34\.7 │ ok/);
    expect(table.stdout).toMatch(/Growth .*│ +115\.7 │ +347\.2 │ exceeded/);
  });

  it('takes another peak factor, and has no free tier to check for a direct provider', async () => {
    const run = await gacost([
      'project',
      '--model',
      'gpt-4o',
      '--tokens',
      '5B',
      '--tokens-per-request',
      '1K',
      '--peak-factor',
      '1',
      '--format',
      'csv',
    ]);
    expect(lastCsvRow(run.stdout)).toMatchObject({ avg_rpm: '115.7407', peak_rpm: '115.7407', free_tier: '' });
  });

  it('refuses a peak factor below 1 (a peak below the average)', async () => {
    const run = await refusal(['project', '--tokens-per-request', '1K', '--peak-factor', '0.5']);
    expect(run.errorCode).toBe('invalid-option');
    expect((await gacost(['project', '--tokens-per-request', '1K', '--peak-factor', '1', '--format', 'csv'])).exitCode).toBe(0);
  });
});

describe('a routing mix never gives a part negative tokens', () => {
  const mixOf = (percents: readonly bigint[]): Candidate => ({
    kind: 'mix',
    parts: percents.map((percent, index) => ({ model: { model: { id: `m${index}` } } as unknown as PricedModel, percent })),
  });

  it('parts are whole, at least 0, add up to the total and each is within 1 token of its exact share', () => {
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

  it('a 3-token mix of five parts gives the largest remainders the leftover tokens', () => {
    const parts = candidateTraffic(mixOf([166_667n, 166_667n, 166_667n, 166_667n, 333_332n]), 3n).map((part) => part.tokens);
    expect(parts).toEqual([1n, 1n, 0n, 0n, 1n]);
  });

  it('compare, project, forecast and check never price a mix below $0', async () => {
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
