import { GacostError } from '../errors.js';
import { lookupPrices, type Catalog, type Model, type PriceContext, type PriceSet } from './catalog.js';
import { parsePrice, type PricePerMtok } from './money.js';

export interface PricedContextTier {
  /** Prompt tokens above which the tier applies to the whole request. */
  readonly above: bigint;
  readonly output?: PricePerMtok;
  readonly input?: PricePerMtok;
  readonly cachedInput?: PricePerMtok;
}

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
  /** Long-prompt prices, lowest threshold first. */
  readonly contextTiers: readonly PricedContextTier[];
}

/** Case-insensitive lookup by id or alias, built once per catalog. */
export class ModelIndex {
  private readonly byName = new Map<string, Model>();

  constructor(
    readonly catalog: Catalog,
    readonly context: PriceContext,
  ) {
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
    return { ...priceOf(model, provider?.name ?? model.provider, this.context), freeTierRpm };
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

/** A model's prices on the context's date, with its service tier applied; refuses what cannot be priced. */
export function priceOf(model: Model, providerName: string, context: PriceContext): PricedModel {
  const lookup = lookupPrices(model, context.asOf);
  const refuse = (code: 'no-published-price' | 'no-price-on-date', reason: string) =>
    new GacostError(code, `model ${model.id} ${reason}`);
  switch (lookup.kind) {
    case 'unpublished':
      throw refuse('no-published-price', 'has no published price in the catalog, so it cannot be projected; ask the provider for a quote and add it with --catalog');
    case 'retired':
      throw refuse('no-price-on-date', `was retired on ${lookup.retired}, before ${context.asOf}; pick a date up to ${lookup.retired} with --as-of, or another model`);
    case 'not-yet':
      throw refuse('no-price-on-date', `has no price before ${lookup.first}, so none on ${context.asOf}; use --as-of ${lookup.first} or later`);
  }
  let prices: Partial<PriceSet> = lookup.prices;
  if (context.tier !== null) {
    const tier = model.tiers?.[context.tier];
    if (tier === undefined) {
      const tiers = Object.keys(model.tiers ?? {});
      throw new GacostError(
        'unknown-tier',
        `model ${model.id} has no ${context.tier} tier; ${tiers.length === 0 ? 'it has no service tiers' : `its tiers are ${tiers.join(', ')}`}`,
      );
    }
    prices = { ...prices, ...tier };
  }
  return {
    model,
    providerName,
    output: exact(model, prices.output) as PricePerMtok,
    input: exact(model, prices.input),
    cachedInput: exact(model, prices.cached_input),
    contextTiers: (model.context_tiers ?? [])
      .map((tier) => ({
        above: BigInt(tier.above),
        output: exact(model, tier.output),
        input: exact(model, tier.input),
        cachedInput: exact(model, tier.cached_input),
      }))
      .sort((a, b) => (a.above < b.above ? -1 : a.above > b.above ? 1 : 0)),
  };
}

function exact(model: Model, text: string | undefined): PricePerMtok | undefined {
  if (text === undefined) return undefined;
  const price = parsePrice(text);
  if (price === undefined) throw new Error(`catalog price ${text} of ${model.id} was not validated`);
  return price;
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
