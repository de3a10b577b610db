import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { type Candidate, candidateId, parseMix, priceCandidate } from '../../src/core/candidate.js';
import { catalogInfo } from '../../src/core/catalog.js';
import { percentText, usdText } from '../../src/core/money.js';
import { ALL_OUTPUT } from '../../src/core/pricing.js';
import { project } from '../../src/core/projection.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { presetStages } from '../../src/core/stages.js';
import type { GacostError } from '../../src/errors.js';
import { loadStages } from '../../src/stages/load-stages.js';

const PRICES = { asOf: '2026-11-24', tier: null };

const catalog = loadCatalog(readFileSync('test/fixtures/catalogs/standard.yaml', 'utf8'), 'test/fixtures/catalogs/standard.yaml');
const index = new ModelIndex(catalog, PRICES);
const flash = index.resolvePriced('deepseek-v4-flash');
const gpt4o = index.resolvePriced('gpt-4o');
const asCandidates = (...models: ReturnType<typeof index.resolvePriced>[]): Candidate[] =>
  models.map((model) => ({ kind: 'model', model }));

const summary = (projection: ReturnType<typeof project>) =>
  projection.rows.map((row) => [
    row.stage,
    row.tokens,
    candidateId(row.candidate),
    usdText(row.cost),
    usdText(row.baselineCost),
    row.savingsPct === null ? null : percentText(row.savingsPct),
  ]);

describe('project', () => {
  it("reproduces the seed's four stages", () => {
    expect(
      summary(
        project(
          catalogInfo(catalog, PRICES),
          presetStages(),
          asCandidates(flash),
          { kind: 'model', model: gpt4o },
          { accounting: ALL_OUTPUT },
        ),
      ),
    ).toEqual([
      ['MVP', 5_000_000n, 'global-api/deepseek-v4-flash', '1.25', '50', '97.5'],
      ['Beta', 50_000_000n, 'global-api/deepseek-v4-flash', '12.5', '500', '97.5'],
      ['Launch', 500_000_000n, 'global-api/deepseek-v4-flash', '125', '5000', '97.5'],
      ['Growth', 5_000_000_000n, 'global-api/deepseek-v4-flash', '1250', '50000', '97.5'],
    ]);
  });

  it('scales earlier stages with their users when the final stage is given', () => {
    const plan = presetStages({ finalStageTokens: 20_000_000_000n });
    expect(plan.stages.map((stage) => stage.tokens)).toEqual([20_000_000n, 200_000_000n, 2_000_000_000n, 20_000_000_000n]);
    expect(plan.roundedStages).toEqual([]);
  });

  it('rounds to whole tokens, and says which stages it rounded', () => {
    const plan = presetStages({ finalStageTokens: 123_456n });
    expect(plan.stages.map((stage) => stage.tokens)).toEqual([123n, 1_235n, 12_346n, 123_456n]);
    expect(plan.roundedStages).toEqual(['MVP', 'Beta', 'Launch']);
    const projection = project(
      catalogInfo(catalog, PRICES),
      plan,
      asCandidates(flash),
      { kind: 'model', model: gpt4o },
      { accounting: ALL_OUTPUT },
    );
    expect(projection.assumptions).toContainEqual({ code: 'stage-tokens-rounded', stages: ['MVP', 'Beta', 'Launch'] });
  });

  it('sizes stages per user', () => {
    expect(presetStages({ tokensPerUser: 1_000n }).stages.map((stage) => stage.tokens)).toEqual([
      100_000n,
      1_000_000n,
      10_000_000n,
      100_000_000n,
    ]);
  });

  it('always states the output-price accounting', () => {
    const projection = project(
      catalogInfo(catalog, PRICES),
      presetStages(),
      asCandidates(flash),
      { kind: 'model', model: gpt4o },
      { accounting: ALL_OUTPUT },
    );
    expect(projection.assumptions[0]).toEqual({ code: 'all-tokens-at-output-price' });
  });

  it('gives one row per stage and candidate, in order', () => {
    const qwen = index.resolvePriced('qwen3-32b');
    const projection = project(
      catalogInfo(catalog, PRICES),
      presetStages(),
      asCandidates(flash, qwen),
      { kind: 'model', model: gpt4o },
      { accounting: ALL_OUTPUT },
    );
    expect(projection.rows.map((row) => `${row.stage}/${candidateId(row.candidate)}`)).toEqual([
      'MVP/global-api/deepseek-v4-flash',
      'MVP/global-api/qwen3-32b',
      'Beta/global-api/deepseek-v4-flash',
      'Beta/global-api/qwen3-32b',
      'Launch/global-api/deepseek-v4-flash',
      'Launch/global-api/qwen3-32b',
      'Growth/global-api/deepseek-v4-flash',
      'Growth/global-api/qwen3-32b',
    ]);
  });

  it('shows negative savings when the candidate costs more than the baseline', () => {
    const opus = index.resolvePriced('claude-opus-4-5');
    const row = project(
      catalogInfo(catalog, PRICES),
      presetStages(),
      asCandidates(opus),
      { kind: 'model', model: gpt4o },
      { accounting: ALL_OUTPUT },
    ).rows[0];
    expect(usdText(row?.savings ?? (0n as never))).toBe('-75');
    expect(percentText(row?.savingsPct ?? (0n as never))).toBe('-150');
  });

  it('has no savings percentage against a free baseline, and says so', () => {
    const projection = project(
      catalogInfo(catalog, PRICES),
      { ...presetStages({ tokensPerUser: 0n }) },
      asCandidates(flash),
      { kind: 'model', model: gpt4o },
      { accounting: ALL_OUTPUT },
    );
    expect(projection.rows.every((row) => row.savingsPct === null)).toBe(true);
    expect(projection.assumptions.map((assumption) => assumption.code)).toContain('no-savings-percent-for-free-baseline');
  });
});

describe('models', () => {
  it('resolves ids and aliases case-insensitively', () => {
    expect(index.resolve('GPT-4O').id).toBe('openai/gpt-4o');
    expect(index.resolve('pro/deepseek-ai/deepseek-v3.2').id).toBe('global-api/pro/deepseek-v3.2');
    expect(index.resolve('openai/gpt-4o-mini').id).toBe('openai/gpt-4o-mini');
  });

  it('suggests the closest names for an unknown model', () => {
    expect(() => index.resolve('gpt4o')).toThrow(/unknown model "gpt4o"; did you mean gpt-4o/);
  });

  it('refuses to price a model with no published price', () => {
    try {
      index.resolvePriced('Pro/deepseek-ai/DeepSeek-V3.2');
      expect.unreachable();
    } catch (error) {
      expect((error as GacostError).code).toBe('no-published-price');
      expect((error as GacostError).message).toContain('no published price');
    }
  });
});

describe('stage files', () => {
  const stages = (name: string) => `test/fixtures/stages/${name}`;
  const load = (name: string, tokensPerUser?: bigint) => loadStages(readFileSync(stages(name), 'utf8'), stages(name), tokensPerUser);

  it('takes tokens as given and sizes the rest per user', () => {
    const plan = load('ramp.yaml');
    expect(plan.stages).toEqual([
      { name: 'Pilot', users: 20, tokens: 1_000_000n },
      { name: 'Team', users: 200, tokens: 25_000_000n },
      { name: 'Batch jobs', users: null, tokens: 1_500_000_000n },
    ]);
    expect(load('ramp.yaml', 10n).stages[0]?.tokens).toBe(200n);
  });

  it.each([
    ['bad-tokens.yaml', 'test/fixtures/stages/bad-tokens.yaml:4:11: [1].tokens: invalid tokens "2.5X"'],
    ['not-a-list.yaml', 'test/fixtures/stages/not-a-list.yaml:1:1: expected a YAML list of stages'],
  ])('refuses %s with its position', (name, expected) => {
    try {
      load(name);
      expect.unreachable();
    } catch (error) {
      expect((error as GacostError).code).toBe('invalid-stages');
      expect((error as GacostError).problems[0]).toContain(expected);
    }
  });
});

describe('a routing mix', () => {
  it("costs each model's cost of all the traffic weighted by its share (exact shares, rounded once to femto-USD), not whole tokens per model", () => {
    const mix = parseMix('deepseek-v4-flash=50,gpt-4o=50', index, '--mix');
    // 3 tokens at the output price: 1.5 on each (largest remainder gave flash 2 and gpt-4o 1).
    expect(priceCandidate(mix, 3n, ALL_OUTPUT).cost).toBe((3n * flash.output * 50n + 3n * gpt4o.output * 50n) / 100n);
    expect(priceCandidate(mix, 3n, ALL_OUTPUT).rounded).toBe(false);
  });
});
