import type { Catalog, DatedPriceSet, Model, Provider } from './catalog.js';

/** A catalog's providers and models, as one part of a catalog that includes it. */
export interface CatalogPart {
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly Model[];
}

export interface UpdatedParts {
  /** The catalog in use's providers and models that the update keeps as they are: those by hand, and those the data no longer has. */
  readonly kept: CatalogPart;
  /** The data's providers and models, each model with the catalog in use's past prices of it. */
  readonly fetched: CatalogPart;
  /** The data's models left out because the catalog in use keeps them by hand. */
  readonly curated: number;
}

/**
 * The catalog in use (`current`) updated with newer data (`fetched`), `since` being the date of the
 * update. History accumulates: a dated price of either is never dropped, so a month re-priced later
 * gives the same figure. Where the data has a model's price undated (as genai-prices gives a current
 * price), it is taken to hold from `since`, the catalog in use's prices before; the data's dated prices
 * hold on their dates. Models written or corrected by hand (`curated`, ids) and the providers the data
 * does not have are kept as they are; a model the data no longer has is kept, without the names the
 * data now gives another model.
 */
export function updateParts(current: Catalog, fetched: Catalog, curated: readonly string[], since: string): UpdatedParts {
  const handKept = new Set(curated.map((id) => id.toLowerCase()));
  const fetchedModels = fetched.models.filter((model) => !handKept.has(model.id.toLowerCase()));
  // Each name of the data's models, to the model: a model of the catalog in use renamed upstream is found by its old id among the new one's aliases.
  const owners = new Map<string, Model>();
  for (const model of fetchedModels) for (const name of [model.id, ...model.aliases]) owners.set(name.toLowerCase(), model);
  const merged = new Map<Model, Model>();
  const kept: Model[] = [];
  for (const model of current.models) {
    const owner = owners.get(model.id.toLowerCase());
    if (handKept.has(model.id.toLowerCase()) || fetched.providers[model.provider] === undefined) kept.push(model);
    else if (owner === undefined) kept.push({ ...model, aliases: model.aliases.filter((alias) => !owners.has(alias.toLowerCase())) });
    else merged.set(owner, withPastPrices(merged.get(owner) ?? owner, model, since));
  }
  return {
    kept: { providers: Object.fromEntries(Object.entries(current.providers).filter(([key]) => fetched.providers[key] === undefined)), models: kept },
    fetched: { providers: fetched.providers, models: fetchedModels.map((model) => merged.get(model) ?? model) },
    curated: fetched.models.length - fetchedModels.length,
  };
}

/** The data's model with the prices of the catalog in use where the data's price is undated and older than `since`. */
function withPastPrices(model: Model, past: Model, since: string): Model {
  if (past.prices === 'unpublished') return model;
  if (model.prices === 'unpublished') return { ...model, prices: past.prices };
  return { ...model, prices: mergedHistory(past.prices, model.prices, since) };
}

/**
 * One price history from two: on each date the new history's price where it is dated (or the date is
 * `since` or later), else the old one's (else the new one's), consecutive equal prices written once.
 */
export function mergedHistory(old: readonly DatedPriceSet[], fresh: readonly DatedPriceSet[], since: string): DatedPriceSet[] {
  const dates = [...new Set([...old, ...fresh].flatMap((entry) => (entry.from === null ? [] : [entry.from])).concat(since))].sort();
  const history: DatedPriceSet[] = [];
  let previous: string | undefined;
  for (const from of [null, ...dates]) {
    const oldEntry = inForce(old, from);
    const newEntry = inForce(fresh, from);
    const entry = newEntry !== undefined && (newEntry.from !== null || (from !== null && from >= since)) ? newEntry : (oldEntry ?? newEntry);
    if (entry === undefined) continue;
    const { from: _, ...prices } = entry;
    const text = canonical(prices);
    if (text === previous) continue;
    previous = text;
    history.push({ ...prices, from });
  }
  return history;
}

/** The entry of a history in force on a date (null: before every date). */
function inForce(history: readonly DatedPriceSet[], date: string | null): DatedPriceSet | undefined {
  let current: DatedPriceSet | undefined;
  for (const entry of history) if (entry.from === null || (date !== null && entry.from <= date)) current = entry;
  return current;
}

/** An entry's prices as text to compare, whatever the order of its keys. */
function canonical(prices: object): string {
  return JSON.stringify(Object.entries(prices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
