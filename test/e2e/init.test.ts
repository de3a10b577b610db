import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';
import { PR_CATALOG, prRepository } from '../support/pr-repo.js';

const budgetSchema = new Ajv2020({ strict: false, logger: false }).compile(
  JSON.parse(readFileSync(join(ROOT, 'schemas/budget.schema.json'), 'utf8')),
);

describe('gacost init', () => {
  it('writes a starter gacost.yaml that the budget schema accepts and check passes, naming the installed schema', async () => {
    const cwd = scratchDir();
    const run = await gacost(['--catalog', PR_CATALOG, 'init', 'gpt-4o', 'gpt-4o-mini'], { cwd });
    expect(run.exitCode).toBe(0);
    const text = readFileSync(join(cwd, 'gacost.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/gacost/schemas/budget.schema.json');
    const file = parse(text);
    expect(budgetSchema(file)).toBe(true);
    expect(file.workloads).toEqual([
      { name: 'openai/gpt-4o', model: 'openai/gpt-4o', tokens: 100000000 },
      { name: 'openai/gpt-4o-mini', model: 'openai/gpt-4o-mini', tokens: 100000000 },
    ]);
    expect(text).toContain('    # budget: 1000 # USD a month; these tokens cost $1,000.00 on it');
    expect((await gacost(['--catalog', PR_CATALOG, 'check'], { cwd })).exitCode).toBe(0);
  });

  it('refuses to replace a file, exit 2 with the reason', async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, 'gacost.yaml'), 'mine\n');
    const run = await gacost(['--catalog', PR_CATALOG, 'init', 'gpt-4o'], { cwd });
    expect([run.exitCode, run.stderr]).toEqual([2, expect.stringMatching(/^gacost: error: gacost\.yaml exists already: [^\n]+\n$/)]);
    expect(readFileSync(join(cwd, 'gacost.yaml'), 'utf8')).toBe('mine\n');
  });

  it('makes a workload per model the logs use, at the month of tokens they measured', async () => {
    const cwd = prRepository();
    const run = await gacost(['--catalog', PR_CATALOG, 'init', '--from-usage', 'usage.csv', '--out-file', '-'], { cwd });
    const file = parse(run.stdout);
    expect(budgetSchema(file)).toBe(true);
    // October 2026: 1M + 100K tokens of GPT-4o, 2M + 500K of GPT-4o mini, each with its own input share.
    expect(file.workloads.map((workload: Record<string, unknown>) => [workload.model, workload.tokens, workload.input_share])).toEqual([
      ['openai/gpt-4o', 1100000, '90.9091%'],
      ['openai/gpt-4o-mini', 2500000, '80%'],
    ]);
  });

  it("gives each workload its model's own measured token mix, so that check on the file reproduces each model's measured cost", async () => {
    const cwd = scratchDir();
    // October 2026 in full, with no provider column: --provider names it.
    writeFileSync(
      join(cwd, 'usage.csv'),
      'date,model,input_tokens,cached_input_tokens,output_tokens\n2026-10-01,gpt-4o,900000,450000,100000\n2026-10-31,gpt-4o-mini,2000000,500000,500000\n',
    );
    const run = await gacost(['--catalog', PR_CATALOG, 'init', '--from-usage', 'usage.csv', '--from', 'csv', '--provider', 'openai'], {
      cwd,
    });
    expect(run.exitCode).toBe(0);
    const file = parse(readFileSync(join(cwd, 'gacost.yaml'), 'utf8'));
    expect(
      file.workloads.map((workload: Record<string, unknown>) => [workload.model, workload.input_share, workload.cached_share]),
    ).toEqual([
      ['openai/gpt-4o', '90%', '50%'],
      ['openai/gpt-4o-mini', '80%', '25%'],
    ]);
    // As measured: GPT-4o 450K × $2.50 + 450K cached × $1.25 + 100K × $10; mini 1.5M × $0.15 + 500K × $0.075 + 500K × $0.60.
    const check = JSON.parse((await gacost(['--catalog', PR_CATALOG, 'check', '--json'], { cwd })).stdout);
    expect(check.workloads.map((workload: Record<string, unknown>) => workload.cost_usd)).toEqual([2.6875, 0.5625]);
  });
});
