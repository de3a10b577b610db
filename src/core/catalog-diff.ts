import { type Candidate, priceCandidate } from './candidate.js';
import {
  type Catalog,
  type CatalogInfo,
  type DatedPriceSet,
  lookupPrices,
  type Model,
  PRICE_KEYS,
  type PriceKey,
  type PriceSet,
} from './catalog.js';
import { divideRounded } from './decimal.js';
import { PERCENT_SCALE, type Percent, parsePrice, subtractUsd, type Usd } from './money.js';
import type { Accounting } from './pricing.js';

interface PriceChange {
  readonly key: PriceKey;
  /** The UTC hours of a time-of-day price ("01:00:00-04:00:00"); null for the all-day price. */
  readonly hours: string | null;
  readonly old: string | null;
  readonly new: string | null;
  /** new relative to old, in percent; null when either side has no price (or old is 0). */
  readonly changePct: Percent | null;
}

export interface ModelChange {
  readonly id: string;
  readonly name: string;
  readonly change: 'added' | 'removed' | 'repriced';
  readonly prices: readonly PriceChange[];
}

/** What a change of prices does to one monthly workload. */
interface CostEffect {
  readonly name: string;
  readonly model: string;
  readonly tokens: bigint;
  /** null where that side cannot price the workload (the model is missing or unpriced there). */
  readonly oldCost: Usd | null;
  readonly newCost: Usd | null;
  readonly delta: Usd | null;
  readonly changePct: Percent | null;
}

export interface CatalogDiff {
  readonly kind: 'diff';
  readonly old: CatalogInfo;
  readonly new: CatalogInfo;
  readonly changes: readonly ModelChange[];
  readonly effects: readonly CostEffect[] | null;
  readonly total: { readonly oldCost: Usd; readonly newCost: Usd; readonly delta: Usd; readonly changePct: Percent | null } | null;
}

type Prices = Partial<PriceSet> | null;

/**
 * A model's prices on the date and tier, all-day and each time-of-day window's (by its hours); null
 * where it has none there (a model without the tier has none on it).
 */
function pricesOn(
  model: Model | undefined,
  asOf: string,
  tier: string | null,
): { allDay: Partial<PriceSet>; windows: Map<string, Partial<PriceSet>> } | null {
  if (model === undefined) return null;
  const lookup = lookupPrices(model, asOf);
  if (lookup.kind !== 'priced') return null;
  const tierPrices = tier === null ? {} : model.tiers?.[tier];
  if (tierPrices === undefined) return null;
  const pricesOf = ({ from: _from, hours: _hours, context_tiers: _tiers, ...prices }: DatedPriceSet): Partial<PriceSet> => ({
    ...prices,
    ...tierPrices,
  });
  return { allDay: pricesOf(lookup.prices), windows: new Map(lookup.windows.map((window) => [window.hours ?? '', pricesOf(window)])) };
}

/** new / old − 1 in percent, rounded to 4 places; null without both sides or from zero. */
function changePercent(oldValue: bigint, newValue: bigint): Percent | null {
  if (oldValue === 0n) return null;
  return divideRounded((newValue - oldValue) * 100n * 10n ** BigInt(PERCENT_SCALE), oldValue) as Percent;
}

/** Models added, removed and repriced between two catalogs (or one catalog on two dates), in id order. */
export function diffCatalogs(oldCatalog: Catalog, oldInfo: CatalogInfo, newCatalog: Catalog, newInfo: CatalogInfo): ModelChange[] {
  const ids = [...new Set([...oldCatalog.models, ...newCatalog.models].map((model) => model.id as string))].sort();
  const names = new Map([...oldCatalog.models, ...newCatalog.models].map((model) => [model.id as string, model.name]));
  const oldModels = new Map(oldCatalog.models.map((model) => [model.id as string, model]));
  const newModels = new Map(newCatalog.models.map((model) => [model.id as string, model]));
  return ids.flatMap((id): ModelChange[] => {
    const before = pricesOn(oldModels.get(id), oldInfo.asOf, oldInfo.tier);
    const after = pricesOn(newModels.get(id), newInfo.asOf, newInfo.tier);
    if (before === null && after === null) return [];
    // The all-day prices, then each window's (a window on one side only is added or removed with its prices).
    const hours = [...new Set([...(before?.windows.keys() ?? []), ...(after?.windows.keys() ?? [])])].sort();
    const sets: [string | null, Prices, Prices][] = [
      [null, before?.allDay ?? null, after?.allDay ?? null],
      ...hours.map((window): [string, Prices, Prices] => [window, before?.windows.get(window) ?? null, after?.windows.get(window) ?? null]),
    ];
    const prices = sets.flatMap(([window, oldSet, newSet]) =>
      PRICE_KEYS.flatMap((key): PriceChange[] => {
        const old = oldSet?.[key] ?? null;
        const updated = newSet?.[key] ?? null;
        if (old === updated) return [];
        const changePct = old === null || updated === null ? null : changePercent(parsePrice(old) ?? 0n, parsePrice(updated) ?? 0n);
        return [{ key, hours: window, old, new: updated, changePct }];
      }),
    );
    if (prices.length === 0) return [];
    const change = before === null ? 'added' : after === null ? 'removed' : 'repriced';
    return [{ id, name: names.get(id) ?? id, change, prices }];
  });
}

export interface EffectWorkload {
  readonly name: string;
  readonly tokens: bigint;
  /** The workload priced on each side; null where that side cannot price it. */
  readonly old: Candidate | null;
  readonly new: Candidate | null;
  readonly model: string;
}

export function costEffects(workloads: readonly EffectWorkload[], accounting: Accounting): Pick<CatalogDiff, 'effects' | 'total'> {
  const effects = workloads.map((workload): CostEffect => {
    const oldCost = workload.old === null ? null : priceCandidate(workload.old, workload.tokens, accounting).cost;
    const newCost = workload.new === null ? null : priceCandidate(workload.new, workload.tokens, accounting).cost;
    const delta = oldCost === null || newCost === null ? null : subtractUsd(newCost, oldCost);
    return {
      name: workload.name,
      model: workload.model,
      tokens: workload.tokens,
      oldCost,
      newCost,
      delta,
      changePct: oldCost === null || newCost === null ? null : changePercent(oldCost, newCost),
    };
  });
  const sum = (pick: (effect: CostEffect) => Usd | null) => effects.reduce((total, effect) => total + (pick(effect) ?? 0n), 0n) as Usd;
  const oldCost = sum((effect) => effect.oldCost);
  const newCost = sum((effect) => effect.newCost);
  return { effects, total: { oldCost, newCost, delta: subtractUsd(newCost, oldCost), changePct: changePercent(oldCost, newCost) } };
}
