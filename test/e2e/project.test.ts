import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';
import { scratchFile } from '../support/inputs.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('gacost project', () => {
  it("prints the seed's table with no flags", async () => {
    const run = await gacost(['project']);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    for (const figure of ['$1.25', '$50.00', '$12.50', '$500.00', '$125.00', '$5,000.00', '$1,250.00', '$50,000.00']) {
      expect(run.stdout).toContain(figure);
    }
    expect(run.stdout.match(/97\.5%/g)).toHaveLength(4);
    expect(run.stdout).toContain('Catalog 2026.11.0 (effective 2026-11-01, hash ');
    expect(run.stdout).toContain("every token is priced at the model's output price");
  });

  it('carries the exact seed figures in JSON', async () => {
    const run = await gacost(['project', '--tokens', '5B', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.schema_version).toBe(1);
    expect(result.catalog).toMatchObject({ version: '2026.11.0', effective: '2026-11-01', as_of: '2026-11-24', tier: null, base: null });
    expect(result.catalog.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.assumptions).toMatchObject({ token_pricing: 'output', tokens_per_user: 50000, stages: 'preset' });
    expect(result.rows.map((row: Record<string, unknown>) => [row.cost_usd, row.baseline_cost_usd, row.savings_pct])).toEqual([
      [1.25, 50, 97.5],
      [12.5, 500, 97.5],
      [125, 5000, 97.5],
      [1250, 50000, 97.5],
    ]);
    for (const row of result.rows) {
      expect(Object.keys(row)).toEqual([
        'stage',
        'users',
        'tokens',
        'model',
        'price_per_mtok_usd',
        'cost_usd',
        'baseline',
        'baseline_cost_usd',
        'savings_usd',
        'savings_pct',
      ]);
    }
    expect(run.stdout).toContain('"cost_usd": 12.5,');
  });

  it('scales the stages from the final stage tokens', async () => {
    const run = await gacost(['project', '--tokens', '20B', '--format', 'json']);
    const rows = JSON.parse(run.stdout).rows;
    expect(rows.map((row: { tokens: number }) => row.tokens)).toEqual([2e7, 2e8, 2e9, 2e10]);
    expect(rows.map((row: { users: number }) => row.users)).toEqual([100, 1000, 10000, 100000]);
  });

  it('sizes the stages per user', async () => {
    const run = await gacost(['project', '--tokens-per-user', '10K', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.assumptions.tokens_per_user).toBe(10000);
    expect(result.rows.map((row: { tokens: number }) => row.tokens)).toEqual([1e6, 1e7, 1e8, 1e9]);
  });

  it('takes a custom ramp from a stage file', async () => {
    const run = await gacost(['project', '--stages', 'test/fixtures/stages/ramp.yaml', '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual([
      'Pilot,20,1000000,global-api/deepseek-v4-flash,0.25,0.25,openai/gpt-4o,10,9.75,97.5',
      'Team,200,25000000,global-api/deepseek-v4-flash,0.25,6.25,openai/gpt-4o,250,243.75,97.5',
      'Batch jobs,,1500000000,global-api/deepseek-v4-flash,0.25,375,openai/gpt-4o,15000,14625,97.5',
    ]);
  });

  it('compares several candidates against another baseline', async () => {
    const run = await gacost([
      'project',
      '--model',
      'deepseek-v4-flash,qwen3-32b',
      '--model',
      'kimi-k2.5',
      '--baseline',
      'claude-sonnet-4-5',
      '--format',
      'json',
    ]);
    const rows = JSON.parse(run.stdout).rows;
    expect(rows.slice(0, 3).map((row: Record<string, unknown>) => [row.model, row.cost_usd, row.baseline, row.baseline_cost_usd])).toEqual([
      ['global-api/deepseek-v4-flash', 1.25, 'anthropic/claude-sonnet-4-5', 75],
      ['global-api/qwen3-32b', 1.4, 'anthropic/claude-sonnet-4-5', 75],
      ['global-api/kimi-k2.5', 12.5, 'anthropic/claude-sonnet-4-5', 75],
    ]);
  });

  it('writes CSV that opens as numbers and agrees with the JSON', async () => {
    const [csv, json] = await Promise.all([
      gacost(['project', '--model', 'v4-flash,r1', '--format', 'csv']),
      gacost(['project', '--model', 'v4-flash,r1', '--format', 'json']),
    ]);
    const [header, ...lines] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('stage,users,tokens,model,price_per_mtok_usd,cost_usd,baseline,baseline_cost_usd,savings_usd,savings_pct');
    expect(csv.stdout).not.toMatch(/[$%]/);
    const rows = JSON.parse(json.stdout).rows as Record<string, unknown>[];
    const fields = (header ?? '').split(',');
    expect(
      lines.map((line) =>
        Object.fromEntries(line.split(',').map((cell, index) => [fields[index], /^[a-z]/i.test(cell) ? cell : Number(cell)])),
      ),
    ).toEqual(rows);
  });

  it('renders Markdown for a PR comment', async () => {
    const run = await gacost(['project', '--format', 'markdown']);
    expect(run.stdout.split('\n').slice(0, 8)).toEqual([
      '### Monthly cost on DeepSeek V4 Flash via Global API against GPT-4o via OpenAI: 4 stages, 5M to 5B tokens a month',
      '',
      '| Stage | Users | Tokens/mo | Model | $/1M | Monthly cost | GPT-4o (baseline) | Savings | Saved |',
      '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
      '| MVP | 100 | 5M | DeepSeek V4 Flash · Global API | $0.25 | **$1.25** | $50.00 | $48.75 | 97.5% |',
      '| Beta | 1,000 | 50M | DeepSeek V4 Flash · Global API | $0.25 | **$12.50** | $500.00 | $487.50 | 97.5% |',
      '| Launch | 10,000 | 500M | DeepSeek V4 Flash · Global API | $0.25 | **$125.00** | $5,000.00 | $4,875.00 | 97.5% |',
      '| Growth | 100,000 | 5B | DeepSeek V4 Flash · Global API | $0.25 | **$1,250.00** | $50,000.00 | $48,750.00 | 97.5% |',
    ]);
    expect(run.stdout).toMatch(/Catalog 2026\.11\.0 \(effective 2026-11-01, hash [0-9a-f]{12}\), prices as of 2026-11-24\./);
  });

  it('writes --out-file whole, and leaves stdout empty', async () => {
    const dir = scratchDir();
    const target = join(dir, 'spend.json');
    const run = await gacost(['project', '--format', 'json', '--out-file', target]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(target, 'utf8')).rows).toHaveLength(4);
    const failed = await gacost(['project', '--model', 'nope', '--out-file', join(dir, 'never.json')]);
    expect(failed.exitCode).toBe(2);
    expect(readdirSync(dir)).toEqual(['spend.json']);
  });

  it('exits quietly when the reader closes the pipe (gacost … | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/gacost.cjs', 'models'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('colours tables only when asked', async () => {
    const forced = await gacost(['project'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const piped = await gacost(['project'], { env: { FORCE_COLOR: undefined, NO_COLOR: '1' } });
    expect(piped.stdout).not.toContain('\u001b[');
    const json = await gacost(['project', '--format', 'json'], { env: { FORCE_COLOR: '1' } });
    expect(json.stdout).not.toContain('\u001b[');
  });

  it('uses the catalog given by GACOST_CATALOG or --catalog', async () => {
    const fromEnv = await gacost(['project', '--format', 'json'], { env: { GACOST_CATALOG: 'test/fixtures/catalogs/minimal.yaml' } });
    const fromFlag = await gacost(['project', '--catalog', 'test/fixtures/catalogs/minimal.yaml', '--format', 'json']);
    for (const run of [fromEnv, fromFlag]) {
      const result = JSON.parse(run.stdout);
      expect(result.catalog).toMatchObject({ version: '2026.1.0', effective: '2026-01-15' });
      expect(result.rows[0]).toMatchObject({ model: 'acme/cheap', cost_usd: 0.5, baseline: 'acme/dear', baseline_cost_usd: 15 });
    }
  });

  it('--tokens-per-user × the preset stages stays within 10^15 tokens', async () => {
    expect((await gacost(['project', '--tokens-per-user', '10B', '--format', 'csv'])).exitCode).toBe(0);
    const over = await gacost(['project', '--tokens-per-user', '10000000001', '--format', 'json']);
    expect(over).toMatchObject({ exitCode: 2, errorCode: 'invalid-quantity', stdout: '' });
    expect(over.stderr).toMatch(/^gacost: error: .*Growth.*100000 users.*1000T[^\n]*\n$/);
  });

  it('stage users × tokens per user stays within 10^15 tokens', async () => {
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
});
