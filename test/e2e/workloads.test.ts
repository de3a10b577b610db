import { describe, expect, it } from 'vitest';
import { gacost } from '../support/gacost.js';

const lastCsvRow = (stdout: string) => {
  const [header = '', ...rows] = stdout.trimEnd().split('\n');
  const fields = header.split(',');
  return Object.fromEntries((rows.at(-1) ?? '').split(',').map((cell, index) => [fields[index], cell]));
};

describe('token mix', () => {
  it('prices GPT-4o at 1B tokens with 75% input at $4,375.00, in every format', async () => {
    const args = ['project', '--model', 'gpt-4o', '--tokens', '1B', '--input-share', '75%'];
    const [table, json, csv, markdown] = await Promise.all(['table', 'json', 'csv', 'markdown'].map((format) => gacost([...args, '--format', format, '--wide'])));
    expect(table?.stdout).toContain('$4,375.00');
    expect(markdown?.stdout).toContain('**$4,375.00**');
    expect(JSON.parse(json?.stdout ?? '').rows[3]).toMatchObject({ tokens: 1e9, cost_usd: 4375, price_per_mtok_usd: 4.375 });
    expect(lastCsvRow(csv?.stdout ?? '')).toMatchObject({ cost_usd: '4375' });
  });

  it('prices half of the input from cache at $3,906.25', async () => {
    const run = await gacost(['project', '--model', 'gpt-4o', '--tokens', '1B', '--input-share', '0.75', '--cached-share', '50%', '--format', 'json']);
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
    const [table, json, csv, markdown] = await Promise.all(['table', 'json', 'csv', 'markdown'].map((format) => gacost([...args, '--format', format, '--wide'])));
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
    expect(JSON.parse(run.stdout).rows.slice(-2).map((row: { model: string }) => row.model)).toEqual(['openai/gpt-4o-mini', 'mix']);
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
    const run = await gacost(['project', '--model', 'gpt-4o', '--tokens', '5B', '--tokens-per-request', '1K', '--peak-factor', '1', '--format', 'csv']);
    expect(lastCsvRow(run.stdout)).toMatchObject({ avg_rpm: '115.7407', peak_rpm: '115.7407', free_tier: '' });
  });
});
