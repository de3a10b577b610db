import { GacostError } from '../errors.js';
import type { Catalog, Model } from './catalog.js';
import { parsePrice, type PricePerMtok } from './money.js';

export interface PricedModel {
  readonly model: Model;
  /** Who you pay, for display: "Global API", "OpenAI". */
  readonly providerName: string;
  readonly output: PricePerMtok;
  /** Absent where the catalog publishes no such price. */
  readonly input?: PricePerMtok;
  readonly cachedInput?: PricePerMtok;
  /** The provider's free-tier rate limit, where the catalog has one. */
  readonly freeTierRpm?: number;
}

/** Case-insensitive lookup by id or alias, built once per catalog. */
export class ModelIndex {
  private readonly byName = new Map<string, Model>();

  constructor(readonly catalog: Catalog) {
    for (const model of catalog.models) {
      for (const name of [model.id, ...model.aliases]) this.byName.set(name.toLowerCase(), model);
    }
  }

  resolve(name: string): Model {
    const model = this.byName.get(name.trim().toLowerCase());
    if (model) return model;
    const suggestions = this.closestNames(name.trim().toLowerCase(), 3);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    throw new GacostError(
      'unknown-model',
      `unknown model ${JSON.stringify(name)}${hint} ("gacost models" lists them all)`,
    );
  }

  resolvePriced(name: string): PricedModel {
    const model = this.resolve(name);
    const provider = this.catalog.providers[model.provider];
    const freeTierRpm = provider?.rate_limits?.find((limit) => limit.plan === 'free')?.requests_per_minute;
    return { ...priceOf(model, provider?.name ?? model.provider), freeTierRpm };
  }

  private closestNames(wanted: string, count: number): string[] {
    const scored = this.catalog.models.map((model) => {
      let best = { name: model.id as string, distance: Number.POSITIVE_INFINITY };
      for (const name of [model.id, ...model.aliases]) {
        const lower = name.toLowerCase();
        const distance = lower.includes(wanted) || wanted.includes(lower) ? 0.5 : editDistance(wanted, lower);
        if (distance < best.distance) best = { name, distance };
      }
      return best;
    });
    const limit = Math.max(2, Math.ceil(wanted.length / 2));
    return scored
      .filter((entry) => entry.distance <= limit)
      .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'en'))
      .slice(0, count)
      .map((entry) => entry.name);
  }
}

export function priceOf(model: Model, providerName: string): PricedModel {
  if (model.prices === 'unpublished') {
    throw new GacostError(
      'no-published-price',
      `model ${model.id} has no published price in the catalog, so it cannot be projected; ask the provider for a quote and add it with --catalog`,
    );
  }
  const exact = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const price = parsePrice(text);
    if (price === undefined) throw new Error(`catalog price ${text} of ${model.id} was not validated`);
    return price;
  };
  const { output, input, cached_input: cachedInput } = model.prices;
  return { model, providerName, output: exact(output) as PricePerMtok, input: exact(input), cachedInput: exact(cachedInput) };
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
