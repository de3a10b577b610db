/**
 * Where gacost charged otherwise than genai-prices' calcPrice on the same prices (found by
 * test/interop/genai-prices-calc.test.ts), each on a fixture catalog: cached audio of a model with no
 * cache price, and genai-prices' provider ids.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { providerNamed } from '../../src/core/catalog.js';
import { usdText } from '../../src/core/money.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { contextThresholds, UsageAggregate, type UsageRecord } from '../../src/core/usage.js';
import { priceUsage } from '../../src/core/usage-pricing.js';
import { usageRecord } from '../support/usage-record.js';

const CATALOG = loadCatalog(
  `schema: 1
version: 2026.9.0
effective: 2026-09-23
currency: USD
providers:
  acme: {name: Acme}
  cerebras: {name: Cerebras, match: {contains: cerebras}}
  huggingface-cerebras: {name: HuggingFace (cerebras)}
models:
  - id: acme/transcribe
    name: Transcribe
    provider: acme
    prices: {input: 1.25, input_audio: 3, output: 5}
    source: https://example.com
    checked: 2026-09-23
  - id: cerebras/llama
    name: Llama
    provider: cerebras
    aliases: [llama-3.1-8b]
    prices: {input: 0.1, output: 0.1}
    source: https://example.com
    checked: 2026-09-23
  - id: huggingface-cerebras/llama
    name: Llama on Hugging Face
    provider: huggingface-cerebras
    match: {equals: llama-3.1-8b}
    prices: {input: 0.2, output: 0.2}
    source: https://example.com
    checked: 2026-09-23
`,
  'parity.yaml',
);

function priced(records: readonly UsageRecord[]) {
  const thresholds = contextThresholds(CATALOG);
  const aggregate = new UsageAggregate(thresholds.map(Number));
  for (const each of records) aggregate.add(each);
  return priceUsage(aggregate, new ModelIndex(CATALOG, { asOf: '2026-09-23', tier: null }), thresholds, {
    provider: undefined,
    asOf: '2026-09-23',
    by: ['model'],
    repricings: [],
  });
}

describe('gacost charges what calcPrice charges on the same prices', () => {
  it('cached audio of a model with no cache price at the audio price, as audio input', () => {
    // 100,000 input: 20,000 audio (5,000 of it read from cache) and 30,000 cache reads in all.
    const report = priced([
      usageRecord({
        model: 'acme/transcribe',
        time: '2026-09-23T12:00:00Z',
        inputTokens: 100_000,
        cachedInputTokens: 30_000,
        media: { inputAudioTokens: 20_000, cachedAudioTokens: 5_000 },
      }),
    ]);
    // 80,000 at 1.25 (text, cached or not) + 20,000 at 3 (audio, cached or not) = 0.1 + 0.06.
    expect(usdText(report.totals.cost)).toBe('0.16');
  });

  it("a provider id as genai-prices writes it names that provider before another's match rule claims it", () => {
    expect(providerNamed(CATALOG, 'huggingface_cerebras')).toBe('huggingface-cerebras');
    expect(providerNamed(CATALOG, 'Cerebras AI')).toBe('cerebras');
    const report = priced([
      usageRecord({ model: 'llama-3.1-8b', provider: 'huggingface_cerebras', time: '2026-09-23T12:00:00Z', inputTokens: 1_000_000 }),
    ]);
    expect([...report.rows].map((row) => [row.keys.model, usdText(row.cost)])).toEqual([['huggingface-cerebras/llama', '0.2']]);
  });
});
