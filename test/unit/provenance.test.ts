import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { usdText } from '../../src/core/money.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { UsageAggregate, type UsageRecord } from '../../src/core/usage.js';
import { belowRequired, priceUsage } from '../../src/core/usage-pricing.js';
import { isGacostError } from '../../src/errors.js';
import { usageRecord } from '../support/usage-record.js';

/**
 * A router whose aliases name other vendors' models (as Global API's do), the vendors themselves, a
 * family rule that a newer model also starts with, and a provider that claims its own names.
 */
const CATALOG = loadCatalog(
  `schema: 1
version: 2026.11.0
effective: 2026-11-01
currency: USD
providers:
  router: {name: Router, kind: aggregator}
  deepseek: {name: DeepSeek, model_match: {starts_with: deepseek}}
  groq: {name: Groq}
  hf: {name: HF}
  anthropic: {name: Anthropic}
  aws: {name: AWS, match: {equals: bedrock}}
  mistral: {name: Mistral}
  vendorx: {name: Vendor X}
  hostx: {name: Host X, kind: host}
models:
  - id: router/deepseek-v4-flash
    name: V4 Flash
    provider: router
    aliases: [v4-flash, deepseek-ai/DeepSeek-V4-Flash, qwen/qwen3-32b]
    prices: {output: 0.25}
    source: https://example.com
    checked: 2026-11-01
  - id: deepseek/deepseek-v4-flash
    name: V4 Flash
    provider: deepseek
    match: {starts_with: deepseek-v4-flash}
    prices: {input: 0.14, cached_input: 0.0028, output: 0.28}
    source: https://example.com
    checked: 2026-11-01
  - id: groq/qwen/qwen3-32b
    name: Qwen3 32B
    provider: groq
    match: {equals: qwen/qwen3-32b}
    prices: {input: 0.29, output: 0.59}
    source: https://example.com
    checked: 2026-11-01
  - id: hf/Qwen/Qwen3-32B
    name: Qwen3 32B
    provider: hf
    prices: {input: 0.1, output: 0.3}
    source: https://example.com
    checked: 2026-11-01
  - id: router/qwen3-32b
    name: Qwen3 32B
    provider: router
    prices: {output: 0.28}
    source: https://example.com
    checked: 2026-11-01
  - id: aws/regional.anthropic.claude-fable-5-20260101-v1:0
    name: Claude Fable 5 (Bedrock)
    provider: aws
    match: {contains: claude-fable-5-20260101}
    prices: {input: 11, output: 55}
    source: https://example.com
    checked: 2026-11-01
  - id: mistral/mistral-medium-3
    name: Mistral Medium 3
    provider: mistral
    match: {starts_with: mistral-medium}
    prices: {input: 0.4, output: 2}
    source: https://example.com
    checked: 2026-11-01
  - id: vendorx/vx-1
    name: VX 1
    provider: vendorx
    prices: {input: 1, output: 2}
    source: https://example.com
    checked: 2026-11-01
  - id: hostx/vx
    name: VX (Host X)
    provider: hostx
    match: {contains: vx-1}
    prices: {input: 1.5, output: 3}
    source: https://example.com
    checked: 2026-11-01
  - id: anthropic/claude-fable-5
    name: Claude Fable 5
    provider: anthropic
    aliases: [claude-fable-5-20260101]
    match: {starts_with: claude-fable-5}
    prices: {input: 10, cached_input: 1, output: 50}
    source: https://example.com
    checked: 2026-11-01
`,
  'provenance.yaml',
);
const index = new ModelIndex(CATALOG, { asOf: '2026-11-24', tier: null });

/** How a logged name resolves: [model id, resolution, rule], or the error code. */
function logged(name: string, provider?: string): [string, string, string | undefined] | string {
  try {
    const found = index.matchLogged(name, provider);
    return [found.model.id, found.resolution, found.rule];
  } catch (error) {
    if (isGacostError(error)) return error.code;
    throw error;
  }
}

function report(records: readonly UsageRecord[], provider?: string) {
  const aggregate = new UsageAggregate([], ['model']);
  for (const record of records) aggregate.add({ time: '2026-11-20T00:00:00Z', ...record });
  return priceUsage(aggregate, index, [], { provider, asOf: '2026-11-24', by: ['model'], repricings: [] });
}

describe('a name from a log', () => {
  it.each([
    // An alias never takes another vendor's traffic to the router: the vendor's own rule or name does.
    ['deepseek-v4-flash', undefined, ['deepseek/deepseek-v4-flash', 'id', undefined]],
    ['qwen/qwen3-32b', 'groq', ['groq/qwen/qwen3-32b', 'id', undefined]],
    ['deepseek-ai/DeepSeek-V4-Flash', undefined, 'unknown-model'],
    // Claimed by two providers' own names, none of them settling it.
    ['qwen/qwen3-32b', undefined, 'ambiguous-model'],
    // Within the provider that served it, the router's alias is its name.
    ['v4-flash', 'router', ['router/deepseek-v4-flash', 'alias', undefined]],
    ['router/deepseek-v4-flash', undefined, ['router/deepseek-v4-flash', 'id', undefined]],
    // A dated form of an id or alias, or a provider's prefix, is exact; a longer name a family rule catches is not.
    ['claude-fable-5-20260101', undefined, ['anthropic/claude-fable-5', 'version', undefined]],
    ['claude-fable-5-20260301', undefined, ['anthropic/claude-fable-5', 'version', undefined]],
    ['anthropic/claude-fable-5-20260301', undefined, ['anthropic/claude-fable-5', 'version', undefined]],
    ['anthropic/claude-fable-5', undefined, ['anthropic/claude-fable-5', 'id', undefined]],
    ['claude-fable-5-1', undefined, ['anthropic/claude-fable-5', 'rule', 'starts_with claude-fable-5']],
    ['deepseek-v4-flash-0709', undefined, ['deepseek/deepseek-v4-flash', 'version', undefined]],
    // An aggregator's id is another vendor's name: it takes a record only the aggregator served.
    ['qwen3-32b', undefined, 'unknown-model'],
    ['qwen3-32b', 'router', ['router/qwen3-32b', 'id', undefined]],
    // A vendor's own name for a model comes before another provider's rule that also claims it.
    ['vx-1', undefined, ['vendorx/vx-1', 'id', undefined]],
    // Bedrock's region and vendor prefixes name the same model; another version is a dated form of it.
    ['us.anthropic.claude-fable-5-20260101-v1:0', 'aws', ['aws/regional.anthropic.claude-fable-5-20260101-v1:0', 'id', undefined]],
    ['anthropic.claude-fable-5-20260101-v1:0', 'aws', ['aws/regional.anthropic.claude-fable-5-20260101-v1:0', 'id', undefined]],
    ['anthropic.claude-fable-5-20260101-v2:0', 'aws', ['aws/regional.anthropic.claude-fable-5-20260101-v1:0', 'version', undefined]],
    // A family prefix that is not the model's own name makes no dated form of it: the old Mistral Medium is not Medium 3.
    ['mistral-medium-2312', undefined, ['mistral/mistral-medium-3', 'rule', 'starts_with mistral-medium']],
    // A dropped OpenRouter variant may be priced otherwise (:free costs nothing there).
    ['anthropic/claude-fable-5:free', undefined, ['anthropic/claude-fable-5', 'rule', 'variant :free']],
  ])('%s (provider %s) resolves as %j', (name, provider, expected) => {
    expect(logged(name, provider)).toEqual(expected);
  });

  it("says why an alias does not take a log's record, without suggesting the name itself", () => {
    let message = '';
    try {
      index.matchLogged('deepseek-ai/DeepSeek-V4-Flash');
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toBe(
      'unknown model "deepseek-ai/DeepSeek-V4-Flash": it is an alias of router/deepseek-v4-flash, which a log\'s record takes only when router served it (the record\'s provider, or --provider router)',
    );
  });

  it('keeps the aliases a person types on the command line', () => {
    expect(index.match('deepseek-ai/DeepSeek-V4-Flash').model.id).toBe('router/deepseek-v4-flash');
    expect(index.match('qwen/qwen3-32b').model.id).toBe('router/deepseek-v4-flash');
  });
});

describe('provenance of priced usage', () => {
  const records = [
    usageRecord({ model: 'deepseek-v4-flash', inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 1_000_000 }),
    usageRecord({ model: 'claude-fable-5-1', inputTokens: 1_000_000, outputTokens: 0 }),
    usageRecord({ model: 'claude-fable-5-20260101', inputTokens: 1_000_000, outputTokens: 0 }),
    usageRecord({ model: 'v4-flash', provider: 'router', inputTokens: 1_000_000, outputTokens: 0 }),
    usageRecord({ model: 'deepseek-v4-flash', provider: 'openrouter', inputTokens: 0, outputTokens: 1_000_000 }),
  ];

  it("says how each row's records were found and priced, adding up to the row, and to the totals by level", () => {
    const priced = report(records);
    for (const row of priced.rows) {
      expect(row.provenance.reduce((sum, share) => sum + share.records, 0)).toBe(row.totals.records);
      expect(row.provenance.reduce((sum, share) => sum + share.tokens, 0)).toBe(row.totals.inputTokens + row.totals.outputTokens);
      expect(row.provenance.reduce((sum, share) => sum + share.cost, 0n)).toBe(row.cost);
    }
    expect(priced.provenance.levels.reduce((sum, level) => sum + level.cost, 0n)).toBe(priced.totals.cost);
    expect(priced.provenance.levels.map((level) => [level.level, level.records, usdText(level.cost)])).toEqual([
      ['exact', 2, '10.42'], // V4 Flash 0.14 + 0.28; Fable 5 dated 10
      ['rule', 1, '10'], // claude-fable-5-1 by the family rule
      ['assumed', 2, '0.53'], // the router's input at its output price 0.25; openrouter unknown to the catalog, 0.28
    ]);
    const fable = priced.provenance.entries.find((entry) => entry.logModel === 'claude-fable-5-1');
    expect(fable).toMatchObject({
      model: 'anthropic/claude-fable-5',
      resolution: 'rule',
      rule: 'starts_with claude-fable-5',
      level: 'rule',
      pricing: [],
    });
    const router = priced.provenance.entries.find((entry) => entry.logModel === 'v4-flash');
    expect(router).toMatchObject({ resolution: 'alias', level: 'assumed', pricing: ['output-price-for-input'] });
    const unknown = priced.provenance.entries.find((entry) => entry.unknownProvider !== null);
    expect(unknown).toMatchObject({ logModel: 'deepseek-v4-flash', unknownProvider: 'openrouter', level: 'assumed' });
    expect(priced.assumptions).toContainEqual({ code: 'unknown-provider', providers: [{ name: 'openrouter', records: 1 }] });
  });

  it('names what falls short of the level required, costliest first', () => {
    const priced = report(records);
    expect(belowRequired(priced, 'exact').map((entry) => entry.logModel)).toEqual(['claude-fable-5-1', 'deepseek-v4-flash', 'v4-flash']);
    expect(belowRequired(priced, 'rule').map((entry) => entry.level)).toEqual(['assumed', 'assumed']);
    expect(belowRequired(report(records.slice(0, 1)), 'exact')).toEqual([]);
  });

  it('--provider settles a provider the catalog does not know', () => {
    const priced = report(records.slice(4), 'deepseek');
    expect(priced.provenance.entries.map((entry) => [entry.model, entry.unknownProvider, entry.level])).toEqual([
      ['deepseek/deepseek-v4-flash', null, 'exact'],
    ]);
  });
});
