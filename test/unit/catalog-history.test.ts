import { describe, expect, it } from 'vitest';
import { mergedHistory, updateParts } from '../../src/core/catalog-history.js';
import type { Catalog, DatedPriceSet, Model, ModelId, ProviderKey } from '../../src/core/catalog.js';

const at = (from: string | null, output: string): DatedPriceSet => ({ from, output });
const model = (id: string, prices: Model['prices'], aliases: string[] = []): Model => ({
  id: id as ModelId,
  name: id,
  provider: id.split('/')[0] as ProviderKey,
  aliases,
  prices,
  source: 'https://example.com',
  checked: '2026-11-01',
});
const catalog = (providers: string[], models: Model[]): Catalog => ({
  schema: 1,
  version: '2026.11.0',
  effective: '2026-11-01',
  currency: 'USD',
  providers: Object.fromEntries(providers.map((key) => [key, { name: key }])),
  models,
  hash: '',
});

describe('an update keeps every past price', () => {
  it('dates an undated new price from the update, the old one before it', () => {
    expect(mergedHistory([at(null, '8'), at('2026-02-01', '6')], [at(null, '4')], '2026-12-07')).toEqual([at(null, '8'), at('2026-02-01', '6'), at('2026-12-07', '4')]);
    // An unchanged price adds nothing.
    expect(mergedHistory([at(null, '8')], [at(null, '8')], '2026-12-07')).toEqual([at(null, '8')]);
  });

  it("takes the data's dated prices on their dates, the old history where the data has none", () => {
    expect(mergedHistory([at(null, '40'), at('2025-06-10', '8')], [at(null, '40'), at('2025-06-10', '8')], '2026-12-07')).toEqual([at(null, '40'), at('2025-06-10', '8')]);
    // A price change the old catalog did not know, dated by the data, and one to come.
    expect(mergedHistory([at(null, '8')], [at(null, '8'), at('2026-09-01', '5'), at('2027-01-01', '3')], '2026-12-07')).toEqual([at(null, '8'), at('2026-09-01', '5'), at('2027-01-01', '3')]);
  });

  it('keeps the models by hand, those of providers the data lacks and those it dropped; merges a model renamed into its alias', () => {
    const current = catalog(
      ['acme', 'router'],
      [model('acme/kept', [at(null, '1')]), model('acme/dropped', [at(null, '2')], ['shared']), model('acme/old-name', [at(null, '3')]), model('router/a', [at(null, '4')])],
    );
    const fetched = catalog(['acme'], [model('acme/kept', [at(null, '9')]), model('acme/new-name', [at(null, '5')], ['acme/old-name', 'shared'])]);
    const parts = updateParts(current, fetched, ['ACME/kept'], '2026-12-07');
    expect(parts.curated).toBe(1);
    expect(Object.keys(parts.kept.providers)).toEqual(['router']);
    expect(parts.kept.models.map((entry) => [entry.id, entry.prices, entry.aliases])).toEqual([
      ['acme/kept', [at(null, '1')], []],
      ['acme/dropped', [at(null, '2')], []],
      ['router/a', [at(null, '4')], []],
    ]);
    expect(parts.fetched.models.map((entry) => [entry.id, entry.prices])).toEqual([['acme/new-name', [at(null, '3'), at('2026-12-07', '5')]]]);
  });
});
