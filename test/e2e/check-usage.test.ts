import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';

// November 2026 to the 24th (24 of 30 days: a projection is 1.25 × the month to date). Priced at
// the standard catalog's prices: gpt-4o $2.50 in, $10 out; claude-haiku-4-5 $1 in, $5 out (per 1M).
//   11-02 gpt-4o-2024-08-06 web   sk-web    1M in, 100K out  $3.50
//   11-10 gpt-4o            web   sk-web    2M in, 200K out  $7.00
//   11-12 mystery-model-9   web   sk-web    (unknown: not priced)
//   11-20 claude-haiku-4-5  batch sk-batch  1M in, 200K out  $2.00
//   11-24 claude-haiku-4-5  web   sk-web    1M in             $1.00
// and one record on 10-31 and one on 11-25, outside the month to date.
const USAGE = 'test/fixtures/usage/november.csv';
const BUDGET = 'test/fixtures/budgets/actuals.yaml';
const AS_OF = ['--as-of', '2026-11-24'];

/** A budget file in a scratch folder: `version: 1` and the workloads given, as YAML lines. */
function budgetFile(lines: readonly string[]): string {
  const path = join(scratchDir(), 'gacost.yaml');
  writeFileSync(path, ['version: 1', ...lines, ''].join('\n'));
  return path;
}

const workload = (name: string, budget: string, usage: string) => [
  `  - name: ${name}`,
  '    model: gpt-4o',
  '    tokens: 1B',
  `    budget: ${budget}`,
  `    usage: ${usage}`,
];

async function checkJson(config: string, ...extra: string[]) {
  const run = await gacost([...AS_OF, 'check', '--config', config, '--usage', USAGE, '--format', 'json', ...extra]);
  return { run, result: run.stdout === '' ? undefined : JSON.parse(run.stdout) };
}

describe('gacost check --usage', () => {
  it('checks each workload and the total on the month to date and its projection, records outside the month left out', async () => {
    const { run, result } = await checkJson(BUDGET);
    expect(run.exitCode).toBe(0);
    expect(result.usage).toMatchObject({
      month: '2026-11',
      month_start: '2026-11-01',
      days_elapsed: 24,
      days_in_month: 30,
      outside_records: 2,
    });
    const line = (entry: Record<string, any>) => [entry.month_to_date.cost_usd, entry.projected.cost_usd, entry.budget_usd, entry.status];
    expect(result.workloads.map((entry: Record<string, any>) => [entry.name, entry.records, ...line(entry)])).toEqual([
      ['chat', 2, 10.5, 13.125, 20, 'ok'],
      ['web', 4, 11.5, 14.375, 16, 'warn'],
      ['batch', 1, 2, 2.5, 10, 'ok'],
    ]);
    // The total is every record of the month to date, whichever workload selects it.
    expect(line(result.total)).toEqual([13.5, 16.875, 40, 'ok']);
    expect(result.total.cost_usd).toBe(16.875);
    expect(result.workloads[0].usage).toEqual({ model: 'openai/gpt-4o' });
    expect(run.stderr).toMatch(/warning: web: \$14\.38 projected/);
  });

  it('lists records it cannot price, never as $0, and exits 2 on them with --strict', async () => {
    const { run, result } = await checkJson(BUDGET);
    expect(result.usage.unpriced).toEqual([expect.objectContaining({ name: 'mystery-model-9', records: 1 })]);
    expect(result.total.unpriced_records).toBe(1);
    expect(result.workloads[1].unpriced_records).toBe(1);
    expect(run.stderr).toMatch(/warning: 1 record of 2026-11 could not be priced.*mystery-model-9 \(1 record\)/);
    const strict = await gacost([...AS_OF, 'check', '--config', BUDGET, '--usage', USAGE, '--strict']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stdout).toContain('mystery-model-9');
  });

  it('fails when the projection exceeds a budget, though the month to date does not yet', async () => {
    const { run, result } = await checkJson(budgetFile(['workloads:', ...workload('chat', '12', '{model: gpt-4o}')]));
    expect(run.exitCode).toBe(1);
    expect(result.workloads[0]).toMatchObject({
      status: 'fail',
      month_to_date: { status: 'warn', pct: 87.5 },
      projected: { status: 'fail', cost_usd: 13.125 },
    });
    expect(run.stderr).toContain(
      'over budget: chat: $13.13 projected for 2026-11 ($10.50 in 24 of 30 days) is 109.4% of its $12.00 budget, $1.13 over',
    );
    const warnOnly = await gacost([
      ...AS_OF,
      'check',
      '--config',
      budgetFile(['workloads:', ...workload('chat', '12', '{model: gpt-4o}')]),
      '--usage',
      USAGE,
      '--warn-only',
    ]);
    expect(warnOnly.exitCode).toBe(0);
  });

  it('fails when the month to date is over already, by provider and in total', async () => {
    const config = budgetFile(['budget: 12', 'workloads:', ...workload('claude', '2.50', '{provider: anthropic}')]);
    const { run, result } = await checkJson(config);
    expect(run.exitCode).toBe(1);
    expect(result.workloads[0]).toMatchObject({ status: 'fail', records: 2, month_to_date: { cost_usd: 3, status: 'fail' } });
    expect(result.total).toMatchObject({ status: 'fail', month_to_date: { cost_usd: 13.5, status: 'fail' } });
    expect(run.stderr).toContain('over budget: claude: $3.00 spent in 24 of 30 days is 120% of its $2.50 budget already, $0.50 over');
  });

  it('selects by key, project and several fields at once; a dated model name counts for its model', async () => {
    const config = budgetFile([
      'workloads:',
      ...workload('dated', '100', '{model: gpt-4o-2024-08-06}'),
      ...workload('batch-key', '100', '{key: sk-batch}'),
      ...workload('web-haiku', '100', '{project: web, model: claude-haiku-4-5}'),
      ...workload('none', '100', '{project: web, provider: anthropic, key: sk-batch}'),
    ]);
    const { run, result } = await checkJson(config);
    expect(run.exitCode).toBe(0);
    expect(
      result.workloads.map((entry: Record<string, any>) => [entry.name, entry.records, entry.month_to_date.cost_usd, entry.status]),
    ).toEqual([
      ['dated', 2, 10.5, 'ok'],
      ['batch-key', 1, 2, 'ok'],
      ['web-haiku', 1, 1, 'ok'],
      // Nothing to judge is never within budget.
      ['none', 0, 0, 'no-data'],
    ]);
    expect(result.workloads[3]).toMatchObject({
      pct: null,
      no_data_reason: expect.stringContaining('no record of the month to date (2026-11-01 to 2026-11-24) matches'),
    });
    expect(run.stderr).toContain('warning: none: no data: no record of the month to date');
  });

  it('exits 2 on a month with no record, after the result; 0 with --allow-empty, every line no-data; notes a stale export', async () => {
    const december = ['--as-of', '2026-12-05', 'check', '--config', BUDGET, '--usage', USAGE];
    const empty = await gacost(december);
    expect([empty.exitCode, empty.errorCode]).toEqual([2, 'no-usage-data']);
    expect(empty.stderr).toContain(
      'gacost: note: the newest record read is 2026-11-25, before the month to date 2026-12-01 to 2026-12-05 (a stale export?)\n',
    );
    expect(empty.stderr.trim().split('\n').at(-1)).toBe(
      'gacost: error: nothing to check: none of the 7 records read is in the month to date (2026-12-01 to 2026-12-05); --allow-empty passes such a run',
    );
    expect(empty.stdout).toContain('no data to check');
    const allowed = await gacost([...december, '--allow-empty', '--format', 'json']);
    expect(allowed.exitCode).toBe(0);
    const result = JSON.parse(allowed.stdout);
    expect([...result.workloads, result.total].map((line: Record<string, any>) => [line.status, line.projected.status])).toEqual(
      Array(4).fill(['no-data', 'no-data']),
    );
    expect(result.usage.newest_record).toBe('2026-11-25');
    expect(result.assumptions.notes).toContain(
      'the newest record read is 2026-11-25, before the month to date 2026-12-01 to 2026-12-05 (a stale export?)',
    );
  });

  it('exits 2 when no workload has a record and the total has no budget to hold', async () => {
    const config = budgetFile(['workloads:', ...workload('none', '100', '{project: nowhere}')]);
    const run = await gacost([...AS_OF, 'check', '--config', config, '--usage', USAGE]);
    expect([run.exitCode, run.errorCode]).toEqual([2, 'no-usage-data']);
    expect(run.stderr).toMatch(
      /nothing to check: no workload has a record of the month to date \(2026-11-01 to 2026-11-24\), and the total has no budget/,
    );
  });

  it('looks at the month of --as-of only', async () => {
    const run = await gacost(['--as-of', '2026-10-31', 'check', '--config', BUDGET, '--usage', USAGE, '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.usage).toMatchObject({ month: '2026-10', days_elapsed: 31, days_in_month: 31, outside_records: 6 });
    // The whole month has passed: the projection is the spend. $25 of gpt-4o against chat's $20.
    expect(result.workloads[0]).toMatchObject({ records: 1, month_to_date: { cost_usd: 25 }, projected: { cost_usd: 25 }, status: 'fail' });
    expect(run.exitCode).toBe(1);
  });

  it('writes --github annotations and the same columns in Markdown and CSV', async () => {
    const config = budgetFile(['workloads:', ...workload('chat', '12', '{model: gpt-4o}')]);
    const run = await gacost([...AS_OF, 'check', '--config', config, '--usage', USAGE, '--format', 'markdown', '--github']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('### gacost budget check on actual usage, 2026-11-01 to 2026-11-24: 1 over budget');
    expect(run.stdout).toContain('| ❌ FAIL | chat | model=openai/gpt-4o | 2 | $10.50 | $13.13 | $12.00 | 109.4% |');
    const annotations = run.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      expect.stringMatching(
        /^::error title=gacost budget,file=[^:]+,line=\d+::chat: \$13\.13 projected .* 109\.4%25 of its \$12\.00 budget, \$1\.13 over$/,
      ),
      expect.stringMatching(/^::warning title=gacost budget::1 record of 2026-11 could not be priced/),
    ]);
    const csv = await gacost([...AS_OF, 'check', '--config', config, '--usage', USAGE, '--format', 'csv']);
    expect(csv.stdout.split('\n').slice(0, 3)).toEqual([
      'name,usage,records,unpriced_records,month_to_date_usd,month_to_date_pct,projected_usd,budget_usd,pct,status,no_data_reason',
      'chat,model=openai/gpt-4o,2,0,10.5,87.5,13.125,12,109.375,fail,',
      'total,,5,1,13.5,,16.875,,,none,',
    ]);
  });

  it('refuses a bad selector with file:line:col, every problem at once', async () => {
    const unknown = budgetFile(['workloads:', ...workload('a', '10', '{model: gpt4o}'), ...workload('b', '10', '{provider: nowhere}')]);
    const run = await gacost([...AS_OF, 'check', '--config', unknown, '--usage', USAGE]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^gacost: error: .*gacost\.yaml:7:20: workloads\[0\]\.usage\.model: unknown model "gpt4o"/);
    expect(lines[1]).toMatch(/^gacost: error: .*gacost\.yaml:12:23: workloads\[1\]\.usage\.provider: unknown provider "nowhere"/);
    const malformed = budgetFile(['workloads:', ...workload('c', '10', '{team: web}'), ...workload('d', '10', '{}')]);
    const bad = await gacost([...AS_OF, 'check', '--config', malformed]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/gacost\.yaml:7:13: workloads\[0\]\.usage\.team: unknown key/);
    expect(bad.stderr).toMatch(/gacost\.yaml:12:12: workloads\[1\]\.usage: a usage selector needs at least one of/);
  });

  it('selects the records of a workload without usage: by its model, with no tokens; refuses a mix without usage:', async () => {
    const config = budgetFile(['workloads:', '  - name: chat', '    model: gpt-4o', '    budget: 12']);
    const { run, result } = await checkJson(config);
    expect(run.exitCode).toBe(1);
    expect(result.workloads[0]).toMatchObject({
      tokens: null,
      usage: { model: 'openai/gpt-4o' },
      records: 2,
      month_to_date: { cost_usd: 10.5 },
      status: 'fail',
    });
    // Without --usage such a workload has nothing to project.
    const projected = await gacost([...AS_OF, 'check', '--config', config]);
    expect([projected.exitCode, projected.errorCode]).toEqual([2, 'invalid-budget']);
    expect(projected.stderr).toMatch(
      /^gacost: error: workload "chat" \(.*gacost\.yaml:3:5\) has no tokens or requests to project: give them, or check actual spend with --usage\n$/,
    );
    const mix = budgetFile([
      'workloads:',
      ...workload('chat', '20', '{model: gpt-4o}'),
      '  - name: planned',
      '    mix: gpt-4o=50,claude-haiku-4-5=50',
      '    tokens: 1M',
    ]);
    const refused = await gacost([...AS_OF, 'check', '--config', mix, '--usage', USAGE]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^gacost: error: .*gacost\.yaml:8:5: workload "planned" is a mix with no usage: selector/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const planned = await gacost([...AS_OF, 'check', '--config', mix, '--format', 'json']);
    // Without --usage the file checks its assumed traffic as before: 1B tokens of gpt-4o are over $20.
    expect(planned.exitCode).toBe(1);
    expect(JSON.parse(planned.stdout).workloads[0]).not.toHaveProperty('month_to_date');
  });

  it('judges no line on records it could not price: no-data, never within budget; warns of a name a broad rule priced; notes a token mix it does not use', async () => {
    const dir = scratchDir();
    const usage = join(dir, 'u.csv');
    writeFileSync(usage, 'time,project,model,input_tokens,output_tokens\n2026-11-05T00:00:00Z,alpha,mystery-model,100000000,100000\n');
    const config = budgetFile(['workloads:', ...workload('alpha', '1', '{project: alpha}'), '    input_share: 75%']);
    const run = await gacost([...AS_OF, 'check', '--config', config, '--usage', usage, '--allow-empty', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const [line] = JSON.parse(run.stdout).workloads;
    expect(line).toMatchObject({
      status: 'no-data',
      records: 1,
      unpriced_records: 1,
      no_data_reason: expect.stringContaining('could not be priced'),
    });
    expect(run.stderr).toContain(
      'gacost: note: the token mix (input_share, cached_share) of alpha is not used: --usage prices each record',
    );
    expect((await gacost([...AS_OF, 'check', '--config', config, '--usage', usage])).exitCode).toBe(2);
    // match-rules.yaml: only azure/gpt-4o-mini's and-rule claims my-4o-mini-azure.
    writeFileSync(usage, 'time,model,input_tokens,output_tokens\n2026-11-05T00:00:00Z,my-4o-mini-azure,1000,100\n');
    const rules = budgetFile(['workloads:', '  - name: azure', '    model: azure/gpt-4o-mini', '    budget: 1']);
    const ruled = await gacost([
      ...AS_OF,
      '--catalog',
      join(ROOT, 'test/fixtures/catalogs/match-rules.yaml'),
      'check',
      '--config',
      rules,
      '--usage',
      usage,
    ]);
    expect(ruled.exitCode).toBe(0);
    expect(ruled.stderr).toContain(
      'gacost: warning: "my-4o-mini-azure" is priced as azure/gpt-4o-mini by its match rule and(contains 4o-mini, ends_with -azure)',
    );
  });

  it('refuses --usage with a workload given by flags, and the usage flags without --usage', async () => {
    const inline = await gacost([...AS_OF, 'check', '--model', 'gpt-4o', '--tokens', '1M', '--budget', '10', '--usage', USAGE]);
    expect(inline.exitCode).toBe(2);
    const strict = await gacost([...AS_OF, 'check', '--config', BUDGET, '--strict']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toBe('gacost: error: --strict goes with --usage\n');
    const shares = await gacost([...AS_OF, 'check', '--config', BUDGET, '--usage', USAGE, '--input-share', '75%']);
    expect([shares.exitCode, shares.errorCode]).toEqual([2, 'invalid-option']);
  });
});
