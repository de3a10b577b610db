import type { ContextTier, Model } from '../core/catalog.js';
import { formatTokens } from '../core/quantity.js';
import type { ImportedContextTier, ImportedModel, ImportedPriceEntry } from './imported-catalog.js';

/** An all-day price and the time-of-day prices that refine it, each entry with the context tiers it applies. */
interface Period {
  readonly from: string | null;
  readonly entries: readonly ImportedPriceEntry[];
}

/**
 * An import of a price list merged onto the catalog an earlier import of it made, so that a refresh
 * adds prices and never drops a past one (a closed month re-priced later gives the same figure):
 * - the list's dated prices are added where the catalog has none of that date; a price still to come is
 *   an announcement, not history: the list's replace the catalog's (a change withdrawn or moved goes);
 * - where the list's price in force on `date` differs from the catalog's and the list gives no date for
 *   the change, the list's price applies from `date`, after the catalog's entries;
 * - a model the list no longer has stays as it was, after the list's models; one it prices no longer
 *   (free, or billed another way) keeps the prices it had;
 * - a model new in the list comes as the list has it.
 * Names, match rules, sources and checked dates are the list's. Ids compare in any case, as a catalog's do.
 */
export function mergeHistory(previous: readonly ImportedModel[], fresh: readonly ImportedModel[], date: string): ImportedModel[] {
  const earlier = new Map(previous.map((model) => [model.id.toLowerCase(), model]));
  const merged = fresh.map((model) => {
    const before = earlier.get(model.id.toLowerCase());
    earlier.delete(model.id.toLowerCase());
    if (before === undefined || before.prices === 'unpublished') return model;
    if (model.prices === 'unpublished') return before;
    return mergeModel(before, model, date);
  });
  return [...merged, ...earlier.values()];
}

function mergeModel(before: ImportedModel, model: ImportedModel, date: string): ImportedModel {
  const past = periodsOf(before).filter((period) => period.from === null || period.from <= date);
  const periods = new Map(past.map((period) => [period.from ?? '', period]));
  const listed = periodsOf(model);
  for (const period of listed) {
    if (period.from !== null && (!periods.has(period.from) || period.from > date)) periods.set(period.from, period);
  }
  const history = [...periods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, period]) => period);
  const wanted = inForce(listed, date);
  const current = inForce(history, date);
  // The prices compared, not the dates: the list gives its current price undated, and an earlier merge dated it.
  if (wanted !== undefined && (current === undefined || canonical(undated(current.entries)) !== canonical(undated(wanted.entries)))) {
    const changed = { from: date, entries: wanted.entries.map((entry, index) => (index === 0 ? { ...entry, from: date } : entry)) };
    const at = history.findIndex((period) => period.from !== null && period.from >= date);
    if (at === -1) history.push(changed);
    else history.splice(at, history[at]?.from === date ? 1 : 0, changed);
  }
  const { tiers: _tiers, context_tiers: _contextTiers, prices: _prices, ...rest } = model;
  return { ...rest, ...(model.tiers === undefined ? {} : { tiers: model.tiers }), ...pricesOf(history) };
}

/** The model's history as periods, the model's context tiers written into each entry that has none of its own. */
function periodsOf(model: ImportedModel): Period[] {
  if (model.prices === 'unpublished') return [];
  const modelTiers = model.context_tiers ?? [];
  const entries: ImportedPriceEntry[] = Array.isArray(model.prices) ? model.prices : [model.prices];
  const periods: { from: string | null; entries: ImportedPriceEntry[] }[] = [];
  for (const entry of entries) {
    const withTiers = { ...entry, context_tiers: entry.context_tiers ?? modelTiers };
    const last = periods.at(-1);
    if (entry.hours !== undefined && last !== undefined) last.entries.push(withTiers);
    else periods.push({ from: entry.from ?? null, entries: [withTiers] });
  }
  return periods;
}

const undated = (entries: readonly ImportedPriceEntry[]) => entries.map(({ from: _from, ...entry }) => entry);

/** The last period in force on `date`. */
function inForce(periods: readonly Period[], date: string): Period | undefined {
  return periods.filter((period) => period.from === null || period.from <= date).at(-1);
}

/** Prices as an import writes them: one set where there is one undated price; context tiers the same in every entry are the model's. */
function pricesOf(periods: readonly Period[]): Pick<ImportedModel, 'prices' | 'context_tiers'> {
  const entries = periods.flatMap((period) => period.entries);
  const tiersOf = (entry: ImportedPriceEntry): ImportedContextTier[] => entry.context_tiers ?? [];
  const first = entries[0] === undefined ? [] : tiersOf(entries[0]);
  const shared = entries.every((entry) => canonical(tiersOf(entry)) === canonical(first));
  const written = entries.map(
    ({ context_tiers, ...entry }): ImportedPriceEntry => (shared ? entry : { ...entry, context_tiers: context_tiers ?? [] }),
  );
  const modelTiers = shared && first.length > 0 ? { context_tiers: first } : {};
  const [only] = written;
  if (written.length === 1 && only !== undefined && only.from === undefined) {
    const { from: _from, hours: _hours, context_tiers: _tiers, ...prices } = only;
    return { prices, ...modelTiers };
  }
  return { prices: written, ...modelTiers };
}

/** JSON with keys sorted, so that the same prices compare equal whichever file wrote them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

/** A model of a catalog as an import writes it, so that a new import can be merged onto it. */
export function importedModelOf(model: Model): ImportedModel {
  const tier = ({ above, ...prices }: ContextTier): ImportedContextTier => ({ above: formatTokens(BigInt(above)), ...prices });
  const { id, name, provider, aliases, prices, tiers, context_tiers: contextTiers, match, source, checked } = model;
  return {
    id,
    name,
    provider,
    aliases: [...aliases],
    prices:
      prices === 'unpublished'
        ? prices
        : prices.map(({ from, hours, context_tiers: own, ...set }) => ({
            ...(from === null ? {} : { from }),
            ...(hours === undefined ? {} : { hours }),
            ...set,
            ...(own === undefined ? {} : { context_tiers: own.map(tier) }),
          })),
    ...(tiers === undefined ? {} : { tiers: { ...tiers } }),
    ...(contextTiers === undefined ? {} : { context_tiers: contextTiers.map(tier) }),
    ...(match === undefined ? {} : { match }),
    source,
    checked,
  };
}
