import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost } from '../support/gacost.js';
import { PR_CATALOG, prRepository } from '../support/pr-repo.js';

const DIFF = ['--catalog', PR_CATALOG, 'diff', 'git:HEAD~1:gacost.yaml', 'gacost.yaml'];

describe('gacost diff', () => {
  it('gives each change of a commit and the exact monthly difference, and exits 1 when head breaks a budget base kept', async () => {
    const cwd = prRepository();
    const run = await gacost([...DIFF, '--json'], { cwd });
    expect(run.exitCode).toBe(1);
    const diff = JSON.parse(run.stdout);
    // assistant: 100M at $10 → 100M at 90% × $0.6 + 10% × $10; summaries: 1B → 2B at $0.6.
    expect(diff.workloads.map((workload: Record<string, unknown>) => [workload.name, workload.changes, workload.difference_usd])).toEqual([
      [
        'assistant',
        [
          { field: 'model', before: 'openai/gpt-4o', after: null },
          { field: 'mix', before: null, after: 'openai/gpt-4o-mini=90,openai/gpt-4o=10' },
        ],
        -846,
      ],
      ['summaries', [{ field: 'tokens', before: '1000000000', after: '2000000000' }], 600],
    ]);
    expect(diff).toMatchObject({ traffic: 'projected', difference_usd: -246, verdict: 'fail', newly_broken: ['summaries'] });
    expect([diff.base.total.cost_usd, diff.head.total.cost_usd]).toEqual([1600, 1354]);
    // As check says it (summaries: $1,200 against $700), and that base kept that budget.
    expect(run.stderr).toBe(
      'gacost: over budget: summaries: $1,200.00 a month is 171.4% of its $700.00 budget, $500.00 over; git:HEAD~1:gacost.yaml kept it\n',
    );
  });

  it('re-prices the traffic the logs measured on each side, with how each log name was priced', async () => {
    const cwd = prRepository();
    const run = await gacost([...DIFF, '--usage', 'usage.csv', '--format', 'json'], { cwd });
    const diff = JSON.parse(run.stdout);
    // assistant's record: 1M in, 100K out: $3.50 on GPT-4o, 90% × $0.21 + 10% × $3.50 on the mix; summaries': $0.60 on both.
    expect(
      diff.workloads.map((workload: Record<string, { cost_usd: number }>) => [workload.base?.cost_usd, workload.head?.cost_usd]),
    ).toEqual([
      [3.5, 0.539],
      [0.6, 0.6],
    ]);
    expect(diff).toMatchObject({ traffic: 'measured', difference_usd: -2.961, verdict: 'pass' });
    expect(diff.usage).toMatchObject({ month: '2026-10', records: 2 });
    expect(diff.usage.provenance.map((entry: Record<string, string>) => [entry.log_model, entry.level])).toEqual([
      ['gpt-4o', 'exact'],
      ['gpt-4o-mini', 'exact'],
    ]);
    expect(run.exitCode).toBe(0);
  });

  it('counts and names the records no workload picks, and gives a workload without records no data, as check --usage does', async () => {
    const cwd = prRepository();
    appendFileSync(join(cwd, 'usage.csv'), '2026-10-15,some-other-model,openai,1000,0,100\n');
    appendFileSync(
      join(cwd, 'gacost.yaml'),
      '  - name: search\n    model: gpt-4o\n    usage: {project: search}\n    tokens: 1M\n    budget: 10\n',
    );
    const [json, table] = await Promise.all(
      ['json', 'table'].map((format) => gacost([...DIFF, '--usage', 'usage.csv', '--format', format], { cwd })),
    );
    const diff = JSON.parse(json?.stdout ?? '');
    expect(diff.usage.unmatched).toEqual({ records: 1, observed_cost_usd: 0, log_models: [{ log_model: 'some-other-model', records: 1 }] });
    expect(diff.workloads[2].head).toMatchObject({ cost_usd: 0, status: 'no-data' });
    expect(diff.usage.workloads[2].no_data_reason).toMatch(/^no record of 2026-10 matches project=search/);
    expect(table?.stdout).toMatch(/│ search +│ added +│[^\n]*│ no data │/);
    const notes = table?.stdout.replaceAll(/\n +/g, ' ');
    expect(notes).toContain('No data (not within budget: nothing to judge): search: no record of 2026-10 matches project=search.');
    const unmatched = "1 record of 2026-10 matches no workload, in neither side's cost: some-other-model (1 record)";
    expect(notes).toContain(`${unmatched}.`);
    expect(table?.stderr).toContain(`gacost: note: ${unmatched}\n`);
  });

  it('writes the PR comment: the marker, the headline, a table per changed workload, the rest folded', async () => {
    const cwd = prRepository();
    const run = await gacost([...DIFF, '--format', 'markdown'], { cwd });
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '<!-- gacost-diff -->',
      '### gacost: $1,600.00 → $1,354.00 a month (-$246.00, -15.4%)',
      '',
      '❌ Head breaks budgets base kept: summaries.',
    ]);
    expect(lines.filter((line) => line.startsWith('#### '))).toEqual([
      '#### assistant: changed, -$846.00 a month',
      '#### summaries: changed, +$600.00 a month',
    ]);
    expect(run.stdout).toContain('| Tokens | 1B | 2B |');
    expect(run.stdout).toMatch(/<details><summary>[^\n]*<\/summary>\n[\s\S]*<\/details>\n$/);
  });

  it('names models and mixes as the other tables do (ids stay in JSON), and ends with the catalog line, in the table and Markdown', async () => {
    const cwd = prRepository();
    const [table, markdown] = await Promise.all(
      ['table', 'markdown'].map((format) => gacost([...DIFF, '--format', format, '--wide'], { cwd })),
    );
    const change = 'assistant: model GPT-4o via OpenAI → Routing mix of GPT-4o mini 90%, GPT-4o 10%.';
    expect(table?.stdout).toContain(change);
    expect(table?.stdout).toMatch(/│ GPT-4o · OpenAI +│ Routing mix of GPT-4o mini 90%, GPT-4o 10% +│/);
    expect(table?.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Catalog /);
    expect(markdown?.stdout).toContain('| Model | GPT-4o · OpenAI | Routing mix of GPT-4o mini 90%, GPT-4o 10% |');
    expect(markdown?.stdout).toContain(change);
    expect(markdown?.stdout).toMatch(/\nCatalog [^\n]*\n+<\/details>\n$/);
  });

  it('exits 0 when head keeps the budgets, or breaks only those base broke already', async () => {
    const cwd = prRepository();
    expect((await gacost(['--catalog', PR_CATALOG, 'diff', 'gacost.yaml', 'git:HEAD~1:gacost.yaml'], { cwd })).exitCode).toBe(0);
    const same = await gacost(['--catalog', PR_CATALOG, 'diff', 'gacost.yaml', 'gacost.yaml', '--json'], { cwd });
    expect([same.exitCode, JSON.parse(same.stdout).base.breaks, JSON.parse(same.stdout).verdict]).toEqual([0, ['summaries'], 'pass']);
  });

  it('refuses a ref git does not have, in one line', async () => {
    const cwd = prRepository();
    const run = await gacost(['--catalog', PR_CATALOG, 'diff', 'git:nosuchref:gacost.yaml', 'gacost.yaml'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^gacost: error: cannot read budget file git:nosuchref:gacost.yaml: [^\n]+\n$/);
  });
});
