import { createHash } from 'node:crypto';
import type { Catalog, ContextTier, DatedPriceSet, MatchRule, Model, ModelId, PriceKey, PriceSet, ProviderKey } from '../core/catalog.js';
import { PRICE_KEYS } from '../core/catalog.js';
import { divideRounded, formatDecimal, parseDecimal } from '../core/decimal.js';
import { MAX_PRICE, parsePrice, PERCENT_SCALE, priceDisplay, PRICE_SCALE } from '../core/money.js';
import { claimingPath, compileRule, type NameMatcher } from '../core/match-rules.js';
import { parseTokens } from '../core/quantity.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, readYaml, validate, type Path, type YamlSource } from '../yaml/parse-yaml.js';
import { catalogSchema, type CatalogInput, RESERVED_MODEL_ID } from './catalog-schema.js';

type ModelInput = CatalogInput['models'][number];
type Report = (path: Path, reason: string) => void;

/** What every output calls a routing mix's row (core/candidate.ts), so no model may have it as id. */

/**
 * Loads the catalog an overlay extends: "builtin", or a path relative to the overlay's file;
 * `extendsAt` is the file:line:col of the reference, for a base that cannot be loaded.
 */
export type BaseLoader = (reference: string, fromFile: string, extendsAt: string) => Catalog;

/** Parses and validates catalog YAML; every problem is reported with its file:line:col. */
export function loadCatalog(text: string, file: string, loadBase?: BaseLoader): Catalog {
  const source = readYaml(text, file, 'invalid-catalog');
  const input = validate(catalogSchema, source, 'invalid-catalog', 'catalog');
  const problems: string[] = [];
  const report: Report = (path, reason) => problems.push(`${source.position(path)}: ${describePath(path)}${reason}`);
  const own = input.models.map((model, index) => normaliseModel(model, ['models', index], source, report));
  let base: Catalog | undefined;
  if (input.extends !== undefined) {
    if (loadBase === undefined) report(['extends'], 'this catalog cannot extend another here');
    else base = loadBase(input.extends, file, source.position(['extends']));
  } else if (own.length === 0) {
    report(['models'], 'a catalog needs at least one model');
  }
  const baseModels = base === undefined ? [] : adjustBase(base, input, source, report);
  const providers = { ...base?.providers, ...input.providers };
  for (const key of Object.keys(input.providers)) {
    if (base?.providers[key] !== undefined) report(['providers', key], `provider ${key} is already in the catalog this one extends`);
  }
  checkReferences(input, providers, baseModels, report);
  checkMatchRules(own, baseModels, report);
  if (problems.length > 0) throw new GacostError('invalid-catalog', `invalid catalog ${file}`, problems);
  const { schema, version, effective, currency } = input;
  const defaults = input.defaults ?? base?.defaults;
  return withHash({
    schema,
    version,
    effective,
    currency,
    ...(defaults === undefined ? {} : { defaults }),
    providers,
    models: [...baseModels, ...own],
    ...(base === undefined ? {} : { base: { version: base.version, hash: base.hash } }),
  } as Omit<Catalog, 'hash'>);
}

/**
 * The base catalog's models with the overlay's negotiated discounts (a model's own discount before its
 * provider's) and then its overrides, which are the prices paid and so are not discounted again.
 */
function adjustBase(base: Catalog, input: CatalogInput, source: YamlSource, report: Report): Model[] {
  const byName = new Map<string, Model>();
  for (const model of base.models) for (const name of [model.id, ...model.aliases]) byName.set(name.toLowerCase(), model);
  // By model id (or provider), the percentage and the entry that gives it.
  const modelDiscount = new Map<string, { percent: bigint; index: number }>();
  const providerDiscount = new Map<string, { percent: bigint; index: number }>();
  const discountOnce = (discounts: typeof modelDiscount, key: string, percent: bigint, index: number, what: string): void => {
    const earlier = discounts.get(key);
    if (earlier === undefined) discounts.set(key, { percent, index });
    else report(['discounts', index, what], `${key} is already discounted at ${source.position(['discounts', earlier.index, what])} (discounts[${earlier.index}]); give each ${what} one discount`);
  };
  (input.discounts ?? []).forEach((entry, index) => {
    const percent = parseDecimal(entry.discount.slice(0, -1), PERCENT_SCALE);
    if (percent === undefined || percent > 100n * 10n ** BigInt(PERCENT_SCALE)) {
      report(['discounts', index, 'discount'], 'expected a percentage from 0% to 100%');
      return;
    }
    if (entry.model !== undefined) {
      const model = byName.get(entry.model.toLowerCase());
      if (model === undefined) report(['discounts', index, 'model'], `"${entry.model}" is not a model of the catalog this one extends`);
      else discountOnce(modelDiscount, model.id, percent, index, 'model');
    } else if (entry.provider !== undefined) {
      if (base.providers[entry.provider] === undefined) report(['discounts', index, 'provider'], `"${entry.provider}" is not a provider of the catalog this one extends`);
      else discountOnce(providerDiscount, entry.provider, percent, index, 'provider');
    }
  });
  const overrides = new Map<string, Partial<PriceSet>>();
  const exact = exactReader(source, report);
  (input.overrides ?? []).forEach((entry, index) => {
    const model = byName.get(entry.model.toLowerCase());
    if (model === undefined) report(['overrides', index, 'model'], `"${entry.model}" is not a model of the catalog this one extends`);
    else if (model.prices === 'unpublished') report(['overrides', index, 'model'], `${model.id} has no published price to override; add it as a model of its own`);
    else overrides.set(model.id, { ...overrides.get(model.id), ...exact(entry.prices, ['overrides', index, 'prices']) });
  });
  return base.models.map((model) => {
    const discount = (modelDiscount.get(model.id) ?? providerDiscount.get(model.provider))?.percent;
    const discounted = discount === undefined ? model : discountModel(model, discount);
    const override = overrides.get(model.id);
    if (override === undefined || discounted.prices === 'unpublished') return discounted;
    return { ...discounted, prices: discounted.prices.map((entry) => ({ ...entry, ...override })) };
  });
}

function discountModel(model: Model, percent: bigint): Model {
  const hundred = 100n * 10n ** BigInt(PERCENT_SCALE);
  const scale = <T extends Partial<PriceSet>>(prices: T): T => {
    const scaled: Record<string, unknown> = { ...prices };
    for (const key of PRICE_KEYS) {
      const text = prices[key];
      if (text !== undefined) scaled[key] = formatDecimal(divideRounded((parsePrice(text) ?? 0n) * (hundred - percent), hundred), PRICE_SCALE);
    }
    return scaled as T;
  };
  return {
    ...model,
    prices: model.prices === 'unpublished' ? 'unpublished' : model.prices.map(scale),
    ...(model.tiers === undefined ? {} : { tiers: Object.fromEntries(Object.entries(model.tiers).map(([tier, prices]) => [tier, scale(prices)])) }),
    ...(model.context_tiers === undefined ? {} : { context_tiers: model.context_tiers.map(scale) }),
  };
}

/** The content hash: sha256 of the catalog as canonical JSON (sorted keys, no layout). */
function withHash(catalog: Omit<Catalog, 'hash'>): Catalog {
  const { base, ...content } = catalog as Catalog;
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return base === undefined ? { ...content, hash } : { ...content, base, hash };
}

/** JSON with every object's keys sorted (by UTF-16 code unit, as the default sort does). */
function canonicalJson(value: unknown): string {
  // JSON.stringify given a list of keys writes every object's properties in the list's order: one list
  // of every key, sorted, writes each object sorted without building sorted copies of it. Keys that
  // are array indices come first in ascending order, as an object's own keys always do.
  const keys = new Set<string>();
  const collect = (item: unknown): void => {
    if (item === null || typeof item !== 'object') return;
    if (Array.isArray(item)) for (const element of item) collect(element);
    else for (const [key, child] of Object.entries(item)) {
      keys.add(key);
      collect(child);
    }
  };
  collect(value);
  const isIndex = (key: string) => /^(0|[1-9]\d{0,8})$/.test(key);
  const ordered = [...keys].sort((a, b) => {
    if (isIndex(a) !== isIndex(b)) return isIndex(a) ? -1 : 1;
    if (isIndex(a)) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return JSON.stringify(value, ordered);
}

function normaliseModel(model: ModelInput, path: Path, source: YamlSource, report: Report): Model {
  const exact = exactReader(source, report);
  let prices: Model['prices'];
  if (model.prices === 'unpublished') {
    prices = 'unpublished';
  } else if (Array.isArray(model.prices)) {
    const history = model.prices;
    prices = history.map((entry, index): DatedPriceSet => ({ from: entry.from ?? null, ...exact(entry, [...path, 'prices', index]) }) as DatedPriceSet);
    history.forEach((entry, index) => {
      const previous = history[index - 1];
      if (previous === undefined) return;
      if (entry.from === undefined) report([...path, 'prices', index], 'only the first price may have no from date');
      else if (previous.from !== undefined && entry.from <= previous.from) {
        report([...path, 'prices', index, 'from'], `must come after ${previous.from}: list prices oldest first, one per date`);
      }
    });
  } else {
    prices = [{ from: null, ...exact(model.prices, [...path, 'prices']) } as DatedPriceSet];
  }
  const tiers = model.tiers === undefined
    ? undefined
    : Object.fromEntries(Object.entries(model.tiers).map(([tier, overrides]) => [tier, exact(overrides, [...path, 'tiers', tier])]));
  const contextTiers = model.context_tiers?.map((tier, index): ContextTier => {
    const at: Path = [...path, 'context_tiers', index];
    let above = '0';
    try {
      above = parseTokens(source.scalarSource([...at, 'above']), 'above').toString();
    } catch (error) {
      if (!isGacostError(error)) throw error;
      report([...at, 'above'], error.message);
    }
    return { above, ...exact(tier, at) };
  });
  const { id, provider, aliases, name, channel, retired, match, source: pricingPage, checked, notes } = model;
  return {
    id: id as ModelId,
    name,
    provider: provider as ProviderKey,
    ...(channel === undefined ? {} : { channel }),
    aliases,
    prices,
    ...(retired === undefined ? {} : { retired }),
    ...(tiers === undefined ? {} : { tiers }),
    ...(contextTiers === undefined ? {} : { context_tiers: contextTiers }),
    ...(match === undefined ? {} : { match }),
    source: pricingPage,
    checked,
    ...(notes === undefined ? {} : { notes }),
  };
}

/** Re-reads each price from its YAML source text so that no price ever passes through a float. */
function exactReader(source: YamlSource, report: Report) {
  return (prices: Partial<Record<PriceKey, number>>, path: Path): Partial<PriceSet> => {
    const exact: Partial<Record<PriceKey, string>> = {};
    for (const key of PRICE_KEYS) {
      const value = prices[key];
      if (value === undefined) continue;
      const text = source.scalarSource([...path, key]);
      const units = parsePrice(text);
      if (units === undefined) report([...path, key], `${text} is not a plain decimal with at most ${PRICE_SCALE} decimal places`);
      else if (units > MAX_PRICE) report([...path, key], `${text} is more than the maximum price of ${priceDisplay(MAX_PRICE)} per 1M tokens`);
      else exact[key] = formatDecimal(units, PRICE_SCALE);
    }
    return exact;
  };
}

function checkReferences(input: CatalogInput, providers: Catalog['providers'], baseModels: readonly Model[], report: Report): void {
  const owners = new Map<string, string>();
  for (const model of baseModels) for (const name of [model.id, ...model.aliases]) owners.set(name.toLowerCase(), `${model.id} in the catalog this one extends`);
  input.models.forEach((model, index) => {
    if (model.id.toLowerCase() === RESERVED_MODEL_ID) report(['models', index, 'id'], `"${RESERVED_MODEL_ID}" is reserved: it names the routing mix in every output`);
    const names: [string, Path][] = [
      [model.id, ['models', index, 'id']],
      ...model.aliases.map((alias, aliasIndex): [string, Path] => [alias, ['models', index, 'aliases', aliasIndex]]),
    ];
    for (const [name, path] of names) {
      const owner = owners.get(name.toLowerCase());
      if (owner === undefined) {
        owners.set(name.toLowerCase(), `models[${index}] (${model.id})`);
      } else {
        const where = owner === `models[${index}] (${model.id})` ? 'this model' : owner;
        report(path, `duplicate id or alias "${name}" (case-insensitive): already names ${where}`);
      }
    }
    const provider = providers[model.provider];
    if (!provider) {
      report(['models', index, 'provider'], `unknown provider "${model.provider}"; the catalog's providers are ${Object.keys(providers).join(', ')}`);
    } else if (model.channel !== undefined && !provider.channels?.[model.channel]) {
      report(['models', index, 'channel'], `provider ${model.provider} has no channel "${model.channel}"`);
    }
  });
  const priced = new Map<string, boolean>();
  for (const model of [...baseModels, ...input.models]) {
    for (const name of [model.id, ...model.aliases]) priced.set(name.toLowerCase(), model.prices !== 'unpublished');
  }
  const defaults: [string, Path][] =
    input.defaults === undefined
      ? []
      : [
          ...input.defaults.candidates.map((name, index): [string, Path] => [name, ['defaults', 'candidates', index]]),
          [input.defaults.baseline, ['defaults', 'baseline']],
        ];
  for (const [name, path] of defaults) {
    const hasPrice = priced.get(name.toLowerCase());
    if (hasPrice === undefined) report(path, `"${name}" is not a model id or alias in this catalog`);
    else if (!hasPrice) report(path, `"${name}" has no published price, so it cannot be a default`);
  }
}

/**
 * Each regex of this catalog's rules must compile, and no rule may claim another model's id or alias:
 * ids and aliases resolve before rules, so such a rule is never what it seems (a typo, or a rule too
 * broad), and a rule of the base that claims a name this overlay gives a model of its own is the same
 * mistake. Each rule is tried against every other model's id and aliases, once at load time.
 */
function checkMatchRules(own: readonly Model[], baseModels: readonly Model[], report: Report): void {
  const compiled = new Map<Model, { rule: MatchRule; matches: NameMatcher }>();
  own.forEach((model, index) => {
    if (model.match === undefined) return;
    const at: Path = ['models', index, 'match'];
    const invalid = invalidRegexes(model.match, at);
    for (const [path, reason] of invalid) report(path, `invalid regex: ${reason}`);
    if (invalid.length === 0) compiled.set(model, { rule: model.match, matches: compileRule(model.match) });
  });
  for (const model of baseModels) if (model.match !== undefined) compiled.set(model, { rule: model.match, matches: compileRule(model.match) });
  if (compiled.size === 0) return;
  const ownIndex = new Map(own.map((model, index) => [model, index]));
  const names = [...baseModels, ...own].flatMap((owner) =>
    [owner.id, ...owner.aliases].map((name, at) => ({ owner, name, lower: name.toLowerCase(), path: at === 0 ? ['id'] : ['aliases', at - 1] })),
  );
  for (const [model, { rule, matches }] of compiled) {
    const index = ownIndex.get(model);
    for (const { owner, name, lower, path } of names) {
      if (owner === model || !matches(lower)) continue;
      const what = path[0] === 'id' ? 'id' : 'alias';
      const ownerIndex = ownIndex.get(owner);
      if (index !== undefined) {
        const below = claimingPath(rule, lower) ?? [];
        report(['models', index, 'match', ...below], `claims "${name}", the ${what} of ${owner.id}: a rule may claim only names no model has as its id or alias`);
      } else if (ownerIndex !== undefined) {
        report(['models', ownerIndex, ...path], `${model.id}'s match rule in the catalog this one extends claims this ${what}; give the model another ${what}`);
      }
    }
  }
}

/** The regexes of a rule that do not compile, each with its path and RegExp's reason. */
function invalidRegexes(rule: MatchRule, path: Path): [Path, string][] {
  if ('regex' in rule) {
    try {
      compileRule(rule);
      return [];
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return [[[...path, 'regex'], error.message]];
    }
  }
  if ('or' in rule) return rule.or.flatMap((alternative, index) => invalidRegexes(alternative, [...path, 'or', index]));
  if ('and' in rule) return rule.and.flatMap((part, index) => invalidRegexes(part, [...path, 'and', index]));
  return [];
}
