import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetFileSchema } from '../../src/budget/budget-schema.js';
import { type BudgetNotice, noticeLine } from '../../src/output/describe-budget.js';
import { githubAnnotation } from '../../src/output/github-annotation.js';
import { gacost, ROOT, refusal, scratchDir } from '../support/gacost.js';
import { budgetFile, minimalCatalog, overBudgetFile } from '../support/inputs.js';

const EXAMPLES = join(ROOT, 'examples');
const json = (stdout: string) => JSON.parse(stdout);

describe('gacost check', () => {
  it('passes the example budget, with a status per line', async () => {
    const run = await gacost(['check', '--format', 'json'], { cwd: EXAMPLES });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.schema_version).toBe(1);
    expect(result.workloads.map((w: Record<string, unknown>) => [w.name, w.cost_usd, w.budget_usd, w.pct, w.status])).toEqual([
      ['support-bot', 125, 200, 62.5, 'ok'],
      ['contract-review', 600, 600, 100, 'warn'],
      ['fallback', 14, null, null, 'none'],
      ['router', 364, 500, 72.8, 'ok'],
    ]);
    expect(result.workloads[3].model).toBe('mix');
    expect(result.assumptions.notes).toContain('routing mix: 90% DeepSeek V4 Flash, 5% Qwen3-32B, 5% DeepSeek R1');
    expect(result.total).toEqual({ cost_usd: 1103, budget_usd: 2000, pct: 55.15, status: 'ok' });
    expect(run.stderr).toBe('gacost: warning: contract-review: $600.00 a month is 100% of its $600.00 budget (warnings start at 80%)\n');
  });

  it('exits 1 on the over-budget example, after writing the result, naming the workload and the overrun', async () => {
    const run = await gacost(['check', '--config', 'over-budget.yaml'], { cwd: EXAMPLES });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('FAIL   │ contract-review');
    expect(run.stderr).toBe('gacost: over budget: contract-review: $600.00 a month is 150% of its $400.00 budget, $200.00 over\n');
  });

  it('never exits 1 with --warn-only', async () => {
    const run = await gacost(['check', '--config', 'over-budget.yaml', '--warn-only'], { cwd: EXAMPLES });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('over budget: contract-review');
  });

  it('prints GitHub annotations with --github', async () => {
    const run = await gacost(['check', '--config', 'examples/over-budget.yaml', '--github', '--format', 'markdown']);
    expect(run.stderr).toBe(
      '::error title=gacost budget,file=examples/over-budget.yaml,line=10::contract-review: $600.00 a month is 150%25 of its $400.00 budget, $200.00 over\n',
    );
  });

  it('renders Markdown as a valid GitHub table', async () => {
    const run = await gacost(['check', '--config', 'examples/over-budget.yaml', '--format', 'markdown']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('### gacost budget check, monthly cost of 2 workloads: 1 over budget');
    const table = lines.filter((line) => line.startsWith('|'));
    expect(table[1]).toBe('| --- | --- | --- | ---: | ---: | ---: | ---: |');
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    for (const line of table) expect(cells(line)).toBe(cells(table[0] ?? ''));
    expect(table).toContain('| ❌ FAIL | contract-review | DeepSeek R1 · Global API | 240M | $600.00 | $400.00 | 150% |');
    expect(run.stdout).toContain('Catalog 2026.11.0');
    expect(run.stdout).toContain("every token is priced at the model's output price");
  });

  it('checks one workload given by flags', async () => {
    const pass = await gacost(['check', '--model', 'deepseek-v4-flash', '--tokens', '5B', '--budget', '1250', '--format', 'csv']);
    expect(pass.exitCode).toBe(0);
    expect(pass.stdout).toBe(
      'name,model,tokens,cost_usd,budget_usd,pct,status,input_share,cached_share,cache_write_share\n' +
        'deepseek-v4-flash,global-api/deepseek-v4-flash,5000000000,1250,1250,100,warn,,,\n' +
        'total,,,1250,,,none,,,\n',
    );
    const fail = await gacost(['check', '--model', 'gpt-4o', '--tokens', '5B', '--budget', '49999.99']);
    expect(fail.exitCode).toBe(1);
  });

  it('prices a token mix from the budget file or the flags exactly as compare does', async () => {
    const compared = await gacost([
      'compare',
      '--tokens',
      '2B',
      '--model',
      'gpt-4o-mini',
      '--input-share',
      '75%',
      '--cached-share',
      '40%',
      '--format',
      'json',
    ]);
    const comparedCost = JSON.parse(compared.stdout).rows[0].cost_usd;
    // 500M output at $0.60, 900M input at $0.15 and 600M cached at $0.075 (per 1M).
    expect(comparedCost).toBe(480);
    const config = join(scratchDir(), 'gacost.yaml');
    const workload = (name: string, ...mix: string[]) => [
      `  - name: ${name}`,
      '    model: gpt-4o-mini',
      '    tokens: 2B',
      '    budget: 1000',
      ...mix.map((line) => `    ${line}`),
    ];
    writeFileSync(
      config,
      ['version: 1', 'workloads:', ...workload('mixed', 'input_share: 0.75', 'cached_share: 40%'), ...workload('flagged'), ''].join('\n'),
    );
    const run = await gacost(['check', '--config', config, '--input-share', '75%', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    // The file's mix for its workload, the flags' for the other; every token at the output price would be $1,200: FAIL.
    expect(result.workloads.map((w: Record<string, unknown>) => [w.name, w.cost_usd, w.status, w.input_share, w.cached_share])).toEqual([
      ['mixed', comparedCost, 'ok', 0.75, 0.4],
      ['flagged', 525, 'ok', 0.75, 0],
    ]);
    expect(result.assumptions).toEqual({
      token_pricing: 'input_output',
      notes: [
        "mixed: 75% of tokens are input, 40% of input read from cache; each kind at the model's price for it",
        "flagged: 75% of tokens are input; each kind at the model's price for it",
      ],
    });
    const inline = await gacost([
      'check',
      '--model',
      'gpt-4o-mini',
      '--tokens',
      '2B',
      '--budget',
      '1000',
      '--input-share',
      '75%',
      '--cached-share',
      '40%',
      '--format',
      'json',
    ]);
    expect(JSON.parse(inline.stdout).workloads[0].cost_usd).toBe(comparedCost);
    expect(inline.exitCode).toBe(0);
  });

  it('expands ${VAR} from the environment', async () => {
    const run = await gacost(['check', '--config', 'test/fixtures/budgets/env.yaml', '--format', 'json'], {
      env: { GACOST_TEST_BUDGET: '99' },
    });
    expect(JSON.parse(run.stdout).total).toEqual({ cost_usd: 100, budget_usd: 99, pct: 101.0101, status: 'fail' });
    expect(run.exitCode).toBe(1);
  });

  it('says when a routing mix in a budget file rounded token shares to whole tokens, as every other command does', async () => {
    // A mix shares the cost exactly (mixCost): 3 tokens half and half are 1.5 on each model, nothing rounded;
    // half of them input is what rounds.
    const budget = join(scratchDir(), 'mix.yaml');
    writeFileSync(
      budget,
      'version: 1\nworkloads:\n  - name: tiny\n    mix: deepseek-v4-flash=50,qwen3-32b=50\n    tokens: 3\n    input_share: 50%\n',
    );
    const run = await gacost(['check', '--config', budget, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).assumptions.notes).toContain('token shares rounded to whole tokens');
  });

  it('shows warn_at and fail_at as the budget file set them', async () => {
    const dir = scratchDir();
    overBudgetFile(dir, 'bot', 'warn_at: 0.0001%\nfail_at: 1000000.5%\n');
    const run = await gacost(['check'], { cwd: dir });
    expect(run.stdout).toContain('Warn at 0.0001% of a budget, fail above 1000000.5%.');
    expect(run.stderr).toContain('(warnings start at 0.0001%)');
  });

  it('requests × tokens_per_request (× days) stays within 10^15 tokens', async () => {
    const workload = (requests: string, perRequest: string) =>
      budgetFile([
        'workloads:',
        '  - name: huge',
        '    model: gpt-4o',
        `    requests: ${requests}`,
        `    tokens_per_request: ${perRequest}`,
      ]);
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
});

describe('check --github cannot inject workflow commands', () => {
  it("escapes annotation messages and properties as GitHub's toolkit does", () => {
    expect(githubAnnotation('error', { title: 'a:b,c%' }, 'x\r\n::add-mask::y 50%0A')).toBe(
      '::error title=a%3Ab%2Cc%25::x%0D%0A::add-mask::y 50%250A',
    );
    const notice: BudgetNotice = { level: 'warning', text: 'bot\n::error::forged' };
    expect(noticeLine(notice, true)).toBe('::warning title=gacost budget::bot%0A::error::forged');
    expect(noticeLine(notice, false)).toBe('gacost: warning: bot\n::error::forged');
  });

  it('writes one line per notice, with --github or without, whatever a workload name holds', async () => {
    const dir = scratchDir();
    overBudgetFile(dir, 'x\n::error file=README.md,line=1::Injected annotation\r\n::add-mask::x %0A');
    const github = await gacost(['check', '--github', '--format', 'csv'], { cwd: dir });
    expect(github.exitCode).toBe(1);
    const lines = github.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error title=gacost budget,file=gacost\.yaml,line=\d+::x%0A::error file=README\.md,line=1::Injected annotation%0D%0A::add-mask::x %250A: /,
    );
    const plain = await gacost(['check', '--format', 'csv'], { cwd: dir });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toMatch(
      /^gacost: over budget: x\\n::error file=README\.md,line=1::Injected annotation\\r\\n::add-mask::x %0A: [^\n]+\n$/,
    );
  });
});

describe('check on a GitHub Actions runner', () => {
  it('annotates by default, at the file and line of the workload (the path escaped), and writes the step summary and outputs', async () => {
    const dir = scratchDir();
    const folder = join(dir, 'odd,dir:50%\r');
    mkdirSync(folder);
    overBudgetFile(folder, 'bot::error::x, 100%');
    writeFileSync(join(dir, 'summary.md'), '# earlier step\n');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_OUTPUT: 'output.txt' };
    const run = await gacost(['check', '--config', 'odd,dir:50%\r/gacost.yaml'], { cwd: dir, env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^::error title=gacost budget,file=odd%2Cdir%3A50%25%0D\/gacost\.yaml,line=3::bot::error::x, 100%25: [^\n]+\n$/,
    );
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^# earlier step\n### gacost budget check, monthly cost of \d+ workloads?: 1 over budget\n/);
    expect(readFileSync(join(dir, 'output.txt'), 'utf8')).toBe('check_verdict=fail\n');
    const quiet = await gacost(['check', '--config', 'odd,dir:50%\r/gacost.yaml', '--no-github'], { cwd: dir, env });
    expect(quiet.stderr).toMatch(/^gacost: over budget: /);
  });
});

describe('money amounts: budgets and credits', () => {
  it.each([
    ['1,000', 1000],
    ['1,000.50', 1000.5],
    ['$1,234,567.89', 1234567.89],
    ['$2,000', 2000],
  ])('--budget and --credits %s are $%s', async (text, amount) => {
    const run = await gacost([
      'forecast',
      '--start',
      '1M',
      '--growth',
      '0%/mo',
      '--months',
      '1',
      '--budget',
      text,
      '--credits',
      text,
      '--format',
      'json',
    ]);
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout)).toMatchObject({ budget_usd: amount, credits_usd: amount });
  });

  it.each(['1,5', '1,0,0', '$1,0.5', '1,000,0', ',100', '100,', '1,000.5,0', '1,,000'])(
    'refuses %j as a budget, as credits and in a budget file',
    async (text) => {
      const check = await gacost(['check', '--model', 'gpt-4o', '--tokens', '1M', '--budget', text, '--format', 'csv']);
      expect(check).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
      const credits = await gacost(['forecast', '--start', '1M', '--growth', '0%/mo', '--credits', text]);
      expect(credits).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
      const file = await gacost([
        'check',
        '--config',
        budgetFile(['workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M', `    budget: "${text}"`]),
      ]);
      expect(file).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
      expect(file.stderr).toMatch(/gacost\.yaml:6:13: workloads\[0\]\.budget/);
    },
  );

  it('reads "$1,234,567.89" in a budget file as that amount', async () => {
    const config = budgetFile([
      'budget: "$1,234,567.89"',
      'workloads:',
      '  - name: a',
      '    model: gpt-4o',
      '    tokens: 1M',
      '    budget: "1,000.50"',
    ]);
    const run = await gacost(['check', '--config', config, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout).total.budget_usd).toBe(1234567.89);
    expect(json(run.stdout).workloads[0].budget_usd).toBe(1000.5);
  });

  it("the budget file schema's pattern refuses misplaced commas", () => {
    const file = (budget: string) => ({ version: 1, budget, workloads: [{ name: 'a', model: 'gpt-4o', tokens: '1M' }] });
    for (const bad of ['1,5', '$1,0.5', '1,0,0']) expect(budgetFileSchema.safeParse(file(bad)).success).toBe(false);
    for (const good of ['1,000', '$1,000.50', '$1,234,567.89', '200']) expect(budgetFileSchema.safeParse(file(good)).success).toBe(true);
    const schema = json(readFileSync('schemas/budget.schema.json', 'utf8'));
    const pattern = new RegExp(schema.properties.budget.anyOf.find((entry: { pattern?: string }) => entry.pattern).pattern);
    expect(['1,5', '$1,0.5'].map((text) => pattern.test(text))).toEqual([false, false]);
    expect(['1,000', '$1,234,567.89'].map((text) => pattern.test(text))).toEqual([true, true]);
  });

  it('.25 and +100 are amounts, as flags, budget numbers and catalog prices; 0x10 is refused saying what is accepted', async () => {
    const forecast = await gacost([
      'forecast',
      '--start',
      '1M',
      '--growth',
      '0%/mo',
      '--budget',
      '.25',
      '--credits',
      '+100',
      '--format',
      'json',
    ]);
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

  it('budgets and credits are at most $10^12', async () => {
    const forecast = (flag: string, amount: string) =>
      gacost(['forecast', '--start', '1M', '--growth', '0%/mo', flag, amount, '--format', 'json']);
    expect(json((await forecast('--budget', '1,000,000,000,000')).stdout).budget_usd).toBe(1e12);
    for (const flag of ['--budget', '--credits']) {
      for (const amount of ['1e100', '1000000000000.000000000000001']) {
        expect(await forecast(flag, amount)).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
      }
    }
    const file = await gacost([
      'check',
      '--config',
      budgetFile(['budget: 1e100', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M']),
    ]);
    expect(file).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget' });
    expect(file.stderr).toMatch(/gacost\.yaml:2:9: budget: .*maximum/);
  });
});
