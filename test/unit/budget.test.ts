import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBudget } from '../../src/budget/load-budget.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import {
  checkBudgets,
  DEFAULT_THRESHOLDS,
  getExitCode,
  parsePercent,
  parseUsd,
  projectedWorkloads,
  statusOf,
} from '../../src/core/budget-check.js';
import { candidateId } from '../../src/core/candidate.js';
import { catalogInfo } from '../../src/core/catalog.js';
import { percentText, type Usd, usdText } from '../../src/core/money.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import type { GacostError } from '../../src/errors.js';

const PRICES = { asOf: '2026-11-24', tier: null };

const catalog = loadCatalog(readFileSync('test/fixtures/catalogs/standard.yaml', 'utf8'), 'test/fixtures/catalogs/standard.yaml');
const flash = new ModelIndex(catalog, PRICES).resolvePriced('deepseek-v4-flash');
const viaFlash = { kind: 'model', model: flash } as const;
const usd = (text: string) => parseUsd(text, 'amount');

describe('budget status', () => {
  const budget = usd('100');
  it.each([
    ['79.99', 'ok'],
    ['80', 'warn'],
    ['99.99', 'warn'],
    ['100', 'warn'],
    ['100.01', 'fail'],
    ['100.000000000000001', 'fail'],
  ])('$%s of a $100 budget is %s', (cost, status) => {
    expect(statusOf(usd(cost), budget, DEFAULT_THRESHOLDS)).toBe(status);
  });

  it('follows custom thresholds', () => {
    const thresholds = { warnAt: parsePercent('50%', 'warn_at'), failAt: parsePercent('90%', 'fail_at') };
    expect(statusOf(usd('49'), budget, thresholds)).toBe('ok');
    expect(statusOf(usd('90'), budget, thresholds)).toBe('warn');
    expect(statusOf(usd('90.5'), budget, thresholds)).toBe('fail');
  });
});

describe('checkBudgets', () => {
  const check = checkBudgets(
    catalogInfo(catalog, PRICES),
    [
      { name: 'a', candidate: viaFlash, tokens: 400_000_000n, budget: usd('100') }, // $100: exactly the budget
      { name: 'b', candidate: viaFlash, tokens: 500_000_000n, budget: usd('100') }, // $125
      { name: 'c', candidate: viaFlash, tokens: 4_000_000n, budget: null }, // $1
    ],
    usd('1000'),
  );

  it('costs, percentages and statuses per workload and in total', () => {
    expect(check.workloads.map((w) => [w.name, usdText(w.cost), w.pct === null ? null : percentText(w.pct), w.status])).toEqual([
      ['a', '100', '100', 'warn'],
      ['b', '125', '125', 'fail'],
      ['c', '1', null, 'none'],
    ]);
    expect([usdText(check.total.cost), percentText(check.total.pct ?? (0n as never)), check.total.status]).toEqual(['226', '22.6', 'ok']);
  });

  it('exits 1 when a budget is exceeded, unless warnings only', () => {
    expect(getExitCode(check, { warnOnly: false })).toBe(1);
    expect(getExitCode(check, { warnOnly: true })).toBe(0);
    const passing = checkBudgets(catalogInfo(catalog, PRICES), [{ name: 'a', candidate: viaFlash, tokens: 1n, budget: usd('1') }], null);
    expect(getExitCode(passing, { warnOnly: false })).toBe(0);
  });

  it('fails on the total alone', () => {
    const overall = checkBudgets(
      catalogInfo(catalog, PRICES),
      [{ name: 'a', candidate: viaFlash, tokens: 400_000_000n, budget: null }],
      usd('99') as Usd,
    );
    expect(overall.total.status).toBe('fail');
    expect(getExitCode(overall, { warnOnly: false })).toBe(1);
  });
});

describe('budget files', () => {
  const fixture = (name: string) => `test/fixtures/budgets/${name}`;
  const load = (name: string, env: NodeJS.ProcessEnv = {}) =>
    loadBudget(readFileSync(fixture(name), 'utf8'), fixture(name), env, PRICES, () => catalog);
  const problems = (name: string, env: NodeJS.ProcessEnv = {}) => {
    try {
      load(name, env);
    } catch (error) {
      expect((error as GacostError).code).toBe('invalid-budget');
      return (error as GacostError).problems;
    }
    throw new Error(`${name} was accepted`);
  };

  it('reads workloads, budgets and the total', () => {
    const config = load('base.yaml');
    expect(config.workloads.map((w) => [w.name, candidateId(w.candidate), w.tokens, w.budget === null ? null : usdText(w.budget)])).toEqual(
      [['bot', 'global-api/deepseek-v4-flash', 400_000_000n, '100']],
    );
    expect(usdText(config.totalBudget ?? (0n as Usd))).toBe('1000');
  });

  it('turns requests per day into monthly tokens over a 30-day month', () => {
    const config = loadBudget(readFileSync('examples/gacost.yaml', 'utf8'), 'examples/gacost.yaml', {}, PRICES, () => catalog);
    expect(config.workloads.find((w) => w.name === 'contract-review')?.tokens).toBe(2_000n * 30n * 4_000n);
    expect(config.daysPerMonth).toBe(30);
  });

  it('expands ${VAR} from the environment, and refuses an unset one', () => {
    expect(usdText(load('env.yaml', { GACOST_TEST_BUDGET: '250' }).totalBudget ?? (0n as Usd))).toBe('250');
    expect(problems('env.yaml')).toEqual(['test/fixtures/budgets/env.yaml:2:9: ${GACOST_TEST_BUDGET} is not set in the environment']);
  });

  it.each([
    ['unknown-version.yaml', 'unknown-version.yaml:1:10: version: expected version: 1'],
    ['unknown-key.yaml', 'unknown-key.yaml:8:5: workloads[0].owner: unknown key'],
    ['tokens-and-requests.yaml', 'tokens-and-requests.yaml:7:15: workloads[0].requests: give tokens or requests, not both'],
    ['unknown-model.yaml', 'unknown-model.yaml:5:12: workloads[0].model: unknown model "gpt-5o"; did you mean gpt-5'],
    ['bad-tokens.yaml', 'bad-tokens.yaml:6:13: workloads[0].tokens: invalid quantity "400Q"'],
    // Read from its text: YAML's number for it is 9223372036854775808.
    [
      'tokens-past-doubles.yaml',
      'tokens-past-doubles.yaml:6:13: workloads[0].tokens: invalid tokens "9223372036854775807": more than the maximum',
    ],
  ])('refuses %s with file:line:col', (name, expected) => {
    expect(problems(name)[0]).toContain(`test/fixtures/budgets/${expected}`);
  });

  it('loads a workload without tokens for actual usage, selected by its model, and refuses to project it', () => {
    const [workload] = load('no-tokens.yaml').workloads;
    expect(workload).toMatchObject({ tokens: null, usage: { model: 'global-api/deepseek-v4-flash' } });
    expect(() => projectedWorkloads(load('no-tokens.yaml').workloads)).toThrow(
      expect.objectContaining({
        code: 'invalid-budget',
        message: expect.stringMatching(/^workload "bot" \(.*no-tokens\.yaml:4:5\) has no tokens or requests to project/),
      }),
    );
  });

  it.each([
    ['cached_share: 50%', 'workloads[0].cached_share: cached_share is a share of input tokens: give input_share too'],
    ['input_share: 120%', 'workloads[0].input_share: invalid share "120%"'],
    [
      'input_share: 0.75\n    cached_share: 60%\n    cache_write_share: 50%',
      'workloads[0].cached_share: cached_share and cache_write_share are shares of the same input tokens',
    ],
  ])('refuses a token mix of %j', (shares, expected) => {
    const text = `version: 1\nworkloads:\n  - name: bot\n    model: deepseek-v4-flash\n    tokens: 1B\n    ${shares}\n`;
    try {
      loadBudget(text, 'gacost.yaml', {}, PRICES, () => catalog);
      throw new Error('accepted');
    } catch (error) {
      expect((error as GacostError).problems[0]).toMatch(/^gacost\.yaml:\d+:\d+: /);
      expect((error as GacostError).problems[0]).toContain(expected);
    }
  });

  it('lists every problem in the file, not only the first', () => {
    expect(problems('several-problems.yaml')).toEqual([
      'test/fixtures/budgets/several-problems.yaml:2:9: budget: expected an amount in USD such as 200, 199.99 or "$1,250.50" (commas only between groups of three digits)',
      'test/fixtures/budgets/several-problems.yaml:3:10: warn_at: expected a percentage such as 80%',
    ]);
  });
});
