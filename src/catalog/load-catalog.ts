import { createHash } from 'node:crypto';
import type {
  Catalog,
  ContextTier,
  Correction,
  DatedPriceSet,
  MatchRule,
  Model,
  ModelId,
  PriceKey,
  PriceSet,
  Provider,
  ProviderKey,
} from '../core/catalog.js';
import { PRICE_KEYS } from '../core/catalog.js';
import { divideRounded, formatDecimal, parseDecimal } from '../core/decimal.js';
import { claimingPath, compileRule, type NameMatcher } from '../core/match-rules.js';
import { MAX_PRICE, PERCENT_SCALE, PRICE_SCALE, parsePrice, priceDisplay } from '../core/money.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, type Path, readYaml, validate, type YamlSource } from '../yaml/parse-yaml.js';
import { type CatalogInput, catalogSchema, RESERVED_MODEL_ID } from './catalog-schema.js';

type ModelInput = CatalogInput['models'][number];
type Report = (path: Path, reason: string) => void;

/**
 * Loads the catalog an overlay extends: "builtin", or a path relative to the overlay's file;
 * `extendsAt` is the file:line:col of the reference, for a base that cannot be loaded.
 */
export type BaseLoader = (reference: string, fromFile: string, extendsAt: string) => Catalog;

/** Loads a catalog that another includes, by its path relative to the including file; `at` is the reference's file:line:col. */
export type IncludeLoader = (reference: string, fromFile: string, at: string) => Catalog;

/** A model of the catalog being loaded, with where it comes from: its own list, an included file, or the base. */
interface PlacedModel {
  readonly model: Model;
  /** Its index in this catalog's own `models`. */
  readonly own?: number;
  /** The index of the `include` entry it comes from. */
  readonly include?: number;
}

/**
 * How a catalog may name others: `loadInclude` reads the files it includes; `included` says that
 * another catalog includes this one, which may then fall back to providers only that one has.
 */
export interface IncludeOptions {
  readonly loadInclude?: IncludeLoader;
  readonly included?: boolean;
}

/** Parses and validates catalog YAML; every problem is reported with its file:line:col. */
export function loadCatalog(
  text: string,
  file: string,
  loadBase?: BaseLoader,
  { loadInclude, included: isIncluded = false }: IncludeOptions = {},
): Catalog {
  const source = readYaml(text, file, 'invalid-catalog');
  const input = validate(catalogSchema, source, 'invalid-catalog', 'catalog');
  const problems: string[] = [];
  const report: Report = (path, reason) => problems.push(`${source.position(path)}: ${describePath(path)}${reason}`);
  const own = input.models.map((model, index) => normaliseModel(model, ['models', index], source, report));
  const included = includedCatalogs(input, file, source, report, loadInclude);
  const corrections = [...ownCorrections(input, source, report), ...included.flatMap(({ catalog }) => catalog.corrections ?? [])];
  let base: Catalog | undefined;
  if (input.extends !== undefined) {
    if (loadBase === undefined) report(['extends'], 'this catalog cannot extend another here');
    else base = loadBase(input.extends, file, source.position(['extends']));
  } else if (own.length === 0 && corrections.length === 0 && included.every(({ catalog }) => catalog.models.length === 0)) {
    report(['models'], 'a catalog needs at least one model');
  }
  // A correction of a model of the base applies before this catalog's discounts and overrides, which then adjust the corrected prices.
  const baseIds = new Set(base?.models.map((model) => model.id.toLowerCase()));
  const ofBase = (correction: Correction) => baseIds.has(correction.model.toLowerCase());
  if (!isIncluded) refuseRepeatedCorrections(corrections, problems);
  const correctedBase =
    base === undefined || isIncluded ? base : { ...base, models: applyCorrections(base.models, corrections.filter(ofBase), problems) };
  const baseModels = correctedBase === undefined ? [] : adjustBase(correctedBase, input, source, report);
  const providers: Record<string, Provider> = { ...base?.providers, ...input.providers };
  for (const key of Object.keys(input.providers)) {
    if (base?.providers[key] !== undefined) report(['providers', key], `provider ${key} is already in the catalog this one extends`);
  }
  for (const { catalog, index } of included) {
    for (const [key, provider] of Object.entries(catalog.providers)) {
      if (providers[key] === undefined) providers[key] = provider;
      else report(['include', index], `${input.include?.[index]} has provider ${key}, which this catalog already has`);
    }
  }
  const placed: PlacedModel[] = [
    ...baseModels.map((model) => ({ model })),
    ...own.map((model, index) => ({ model, own: index })),
    ...included.flatMap(({ catalog, index }) => catalog.models.map((model) => ({ model, include: index }))),
  ];
  checkProviders(input, providers, isIncluded, report);
  for (const { catalog, index } of included) {
    checkFallbacks(catalog, providers, input.include?.[index], index, report);
    const stray = isIncluded ? undefined : catalog.models.find((model) => providers[model.provider] === undefined);
    if (stray !== undefined)
      report(
        ['include', index],
        `${input.include?.[index]}: ${stray.id} has provider "${stray.provider}", which is not a provider of the catalog`,
      );
  }
  checkReferences(input, providers, placed, report, isIncluded);
  checkMatchRules(placed, input, report);
  const models = isIncluded
    ? placed.map(({ model }) => model)
    : applyCorrections(
        placed.map(({ model }) => model),
        corrections.filter((correction) => !ofBase(correction)),
        problems,
      );
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
    models,
    ...(isIncluded && corrections.length > 0 ? { corrections } : {}),
    ...(base === undefined ? {} : { base: { version: base.version, hash: base.hash } }),
  } as Omit<Catalog, 'hash'>);
}

/** This catalog's corrections, their prices read exactly, each with its place in the file. */
function ownCorrections(input: CatalogInput, source: YamlSource, report: Report): Correction[] {
  const exact = exactReader(source, report);
  return (input.corrections ?? []).map((entry, index): Correction => {
    const at: Path = ['corrections', index];
    const { model, note, source: page, tiers, context_tiers: contextTiers } = entry;
    return {
      model,
      note,
      source: page,
      ...(tiers === undefined
        ? {}
        : { tiers: Object.fromEntries(Object.entries(tiers).map(([tier, prices]) => [tier, exact(prices, [...at, 'tiers', tier])])) }),
      ...(contextTiers === undefined ? {} : { context_tiers: readContextTiers(contextTiers, [...at, 'context_tiers'], source, report) }),
      at: source.position([...at, 'model']),
    };
  });
}

/**
 * Each correction applied to the model of its id (any case): its service tiers added or replaced, its
 * context tiers in place of the model's and those of each price; the model then names the correction's
 * source and says in its notes what was corrected.
 */
/** One correction a model: a second would replace the first's prices while both notes stayed. */
function refuseRepeatedCorrections(corrections: readonly Correction[], problems: string[]): void {
  const first = new Map<string, Correction>();
  for (const correction of corrections) {
    const earlier = first.get(correction.model.toLowerCase());
    if (earlier === undefined) first.set(correction.model.toLowerCase(), correction);
    else
      problems.push(
        `${correction.at}: corrections: ${correction.model} is corrected already (at ${earlier.at}): give one correction a model`,
      );
  }
}

function applyCorrections(models: readonly Model[], corrections: readonly Correction[], problems: string[]): Model[] {
  const byId = new Map(models.map((model, index) => [model.id.toLowerCase(), index]));
  const corrected = [...models];
  for (const correction of corrections) {
    const index = byId.get(correction.model.toLowerCase());
    const model = index === undefined ? undefined : corrected[index];
    if (index === undefined || model === undefined) {
      problems.push(`${correction.at}: corrections: "${correction.model}" is not the id of a model of the catalog`);
      continue;
    }
    if (model.prices === 'unpublished') {
      problems.push(`${correction.at}: corrections: ${model.id} has no published price to correct`);
      continue;
    }
    const { context_tiers: contextTiers, tiers } = correction;
    corrected[index] = {
      ...model,
      ...(tiers === undefined ? {} : { tiers: { ...model.tiers, ...tiers } }),
      ...(contextTiers === undefined
        ? {}
        : { context_tiers: contextTiers, prices: model.prices.map(({ context_tiers: _own, ...entry }) => entry) }),
      source: correction.source,
      notes: model.notes === undefined ? `corrected: ${correction.note}` : `${model.notes}; corrected: ${correction.note}`,
    };
  }
  return corrected;
}

/**
 * The catalogs this one includes, each validated on its own: they add providers and models, and so
 * may not set defaults or adjust another catalog's prices.
 */
function includedCatalogs(input: CatalogInput, file: string, source: YamlSource, report: Report, loadInclude: IncludeLoader | undefined) {
  return (input.include ?? []).flatMap((reference, index) => {
    if (loadInclude === undefined) {
      report(['include', index], 'this catalog cannot include files here');
      return [];
    }
    const catalog = loadInclude(reference, file, source.position(['include', index]));
    if (catalog.base !== undefined)
      report(['include', index], `${reference} extends another catalog: an included catalog only adds providers and models`);
    else if (catalog.defaults !== undefined) report(['include', index], `${reference} sets defaults: only the including catalog may`);
    return [{ catalog, index }];
  });
}

/**
 * Provider rules must compile, and a provider falls back only to other providers of the catalog (of
 * the including one, for a catalog another includes: that one checks).
 */
function checkProviders(input: CatalogInput, providers: Readonly<Record<string, Provider>>, isIncluded: boolean, report: Report): void {
  for (const [key, provider] of Object.entries(input.providers)) {
    for (const field of ['match', 'model_match'] as const) {
      const rule = provider[field];
      if (rule !== undefined)
        for (const [path, reason] of invalidRegexes(rule, ['providers', key, field])) report(path, `invalid regex: ${reason}`);
    }
    if (isIncluded) continue;
    provider.fallback_providers?.forEach((fallback, index) => {
      if (providers[fallback] === undefined || fallback === key) {
        report(['providers', key, 'fallback_providers', index], `"${fallback}" is not another provider of the catalog`);
      }
    });
  }
}

function checkFallbacks(
  catalog: Catalog,
  providers: Readonly<Record<string, Provider>>,
  reference: string | undefined,
  index: number,
  report: Report,
): void {
  for (const [key, provider] of Object.entries(catalog.providers)) {
    for (const fallback of provider.fallback_providers ?? []) {
      if (providers[fallback] === undefined || fallback === key) {
        report(
          ['include', index],
          `${reference}: provider ${key} falls back to "${fallback}", which is not another provider of the catalog`,
        );
      }
    }
  }
}

/**
 * The base catalog's models with the overlay's negotiated discounts (a model's own discount before its
 * provider's) and then its overrides, which are the prices paid and so are not discounted again.
 */
function adjustBase(base: Catalog, input: CatalogInput, source: YamlSource, report: Report): Model[] {
  // A model is named as every command names it: by id, alias or match rule.
  const baseNames = new ModelIndex(base, { asOf: base.effective, tier: null });
  const modelNamed = (name: string, path: Path): Model | undefined => {
    try {
      return baseNames.resolve(name);
    } catch (error) {
      if (!isGacostError(error)) throw error;
      report(path, error.code === 'unknown-model' ? `"${name}" is not a model of the catalog this one extends` : error.message);
      return undefined;
    }
  };
  // By model id (or provider), the percentage and the entry that gives it.
  const modelDiscount = new Map<string, { percent: bigint; index: number }>();
  const providerDiscount = new Map<string, { percent: bigint; index: number }>();
  const discountOnce = (discounts: typeof modelDiscount, key: string, percent: bigint, index: number, what: string): void => {
    const earlier = discounts.get(key);
    if (earlier === undefined) discounts.set(key, { percent, index });
    else
      report(
        ['discounts', index, what],
        `${key} is already discounted at ${source.position(['discounts', earlier.index, what])} (discounts[${earlier.index}]); give each ${what} one discount`,
      );
  };
  (input.discounts ?? []).forEach((entry, index) => {
    const percent = parseDecimal(entry.discount.slice(0, -1), PERCENT_SCALE);
    if (percent === undefined || percent > 100n * 10n ** BigInt(PERCENT_SCALE)) {
      report(['discounts', index, 'discount'], 'expected a percentage from 0% to 100%');
      return;
    }
    if (entry.model !== undefined) {
      const model = modelNamed(entry.model, ['discounts', index, 'model']);
      if (model !== undefined) discountOnce(modelDiscount, model.id, percent, index, 'model');
    } else if (entry.provider !== undefined) {
      if (base.providers[entry.provider] === undefined)
        report(['discounts', index, 'provider'], `"${entry.provider}" is not a provider of the catalog this one extends`);
      else discountOnce(providerDiscount, entry.provider, percent, index, 'provider');
    }
  });
  const overrides = new Map<string, Partial<PriceSet>>();
  const exact = exactReader(source, report);
  (input.overrides ?? []).forEach((entry, index) => {
    const model = modelNamed(entry.model, ['overrides', index, 'model']);
    if (model === undefined) return;
    if (model.prices === 'unpublished')
      report(['overrides', index, 'model'], `${model.id} has no published price to override; add it as a model of its own`);
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
      if (text !== undefined)
        scaled[key] = formatDecimal(divideRounded((parsePrice(text) ?? 0n) * (hundred - percent), hundred), PRICE_SCALE);
    }
    return scaled as T;
  };
  return {
    ...model,
    prices:
      model.prices === 'unpublished'
        ? 'unpublished'
        : model.prices.map((entry) => ({
            ...scale(entry),
            ...(entry.context_tiers === undefined ? {} : { context_tiers: entry.context_tiers.map(scale) }),
          })),
    ...(model.tiers === undefined
      ? {}
      : { tiers: Object.fromEntries(Object.entries(model.tiers).map(([tier, prices]) => [tier, scale(prices)])) }),
    ...(model.context_tiers === undefined ? {} : { context_tiers: model.context_tiers.map(scale) }),
  };
}

/** The content hash: sha256 of the catalog as canonical JSON (sorted keys, no layout). */
function withHash(catalog: Omit<Catalog, 'hash'>): Catalog {
  const { base, ...content } = catalog as Catalog;
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return base === undefined ? { ...content, hash } : { ...content, base, hash };
}

/** JSON with every object's keys sorted (by UTF-16 code unit, as the default sort does), as JSON.stringify writes it otherwise. */
function canonicalJson(value: unknown): string {
  // Each object's own keys sorted: JSON.stringify with one sorted list of every key of the catalog
  // (model ids and provider keys among them) walked the whole list at every object, 70 ms for the
  // built-in catalog under an overlay. Keys that are array indices come first in ascending order, as
  // an object's own keys always do.
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((element) => (element === undefined ? 'null' : canonicalJson(element))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort(byKey)) {
    if (record[key] !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${members.join(',')}}`;
}

const isIndex = (key: string) => /^(0|[1-9]\d{0,8})$/.test(key);
function byKey(a: string, b: string): number {
  if (isIndex(a) !== isIndex(b)) return isIndex(a) ? -1 : 1;
  if (isIndex(a)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function readContextTiers(list: NonNullable<ModelInput['context_tiers']>, at: Path, source: YamlSource, report: Report): ContextTier[] {
  const exact = exactReader(source, report);
  return list.map((tier, index): ContextTier => {
    const tierAt: Path = [...at, index];
    let above = '0';
    try {
      above = parseTokens(source.scalarSource([...tierAt, 'above']), 'above').toString();
    } catch (error) {
      if (!isGacostError(error)) throw error;
      report([...tierAt, 'above'], error.message);
    }
    return { above, ...exact(tier, tierAt) };
  });
}

function normaliseModel(model: ModelInput, path: Path, source: YamlSource, report: Report): Model {
  const exact = exactReader(source, report);
  let prices: Model['prices'];
  if (model.prices === 'unpublished') {
    prices = 'unpublished';
  } else if (Array.isArray(model.prices)) {
    const history = model.prices;
    prices = history.map((entry, index): DatedPriceSet => {
      const at: Path = [...path, 'prices', index];
      return {
        from: entry.from ?? null,
        ...(entry.hours === undefined ? {} : { hours: fullHours(entry.hours) }),
        ...exact(entry, at),
        ...(entry.context_tiers === undefined
          ? {}
          : { context_tiers: readContextTiers(entry.context_tiers, [...at, 'context_tiers'], source, report) }),
      } as DatedPriceSet;
    });
    if (history[0]?.hours !== undefined)
      report([...path, 'prices', 0, 'hours'], 'the first price applies all day: the hours of a price refine the all-day price before it');
    // All-day prices go oldest first, one per date; a window (hours) refines the all-day price before it.
    let previous: { from?: string | undefined } | undefined;
    history.forEach((entry, index) => {
      if (entry.hours !== undefined) return;
      if (previous !== undefined) {
        if (entry.from === undefined) report([...path, 'prices', index], 'only the first price may have no from date');
        else if (previous.from !== undefined && entry.from <= previous.from) {
          report([...path, 'prices', index, 'from'], `must come after ${previous.from}: list prices oldest first, one per date`);
        }
      }
      previous = entry;
    });
  } else {
    prices = [{ from: null, ...exact(model.prices, [...path, 'prices']) } as DatedPriceSet];
  }
  const tiers =
    model.tiers === undefined
      ? undefined
      : Object.fromEntries(Object.entries(model.tiers).map(([tier, overrides]) => [tier, exact(overrides, [...path, 'tiers', tier])]));
  const contextTiers =
    model.context_tiers === undefined ? undefined : readContextTiers(model.context_tiers, [...path, 'context_tiers'], source, report);
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

/** "HH:MM-HH:MM" as "HH:MM:SS-HH:MM:SS", so that one window has one text. */
function fullHours(hours: string): string {
  return hours
    .split('-')
    .map((time) => (time.length === 5 ? `${time}:00` : time))
    .join('-');
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
      else if (units > MAX_PRICE)
        report([...path, key], `${text} is more than the maximum price of ${priceDisplay(MAX_PRICE)} per 1M tokens`);
      else exact[key] = formatDecimal(units, PRICE_SCALE);
    }
    return exact;
  };
}

function checkReferences(
  input: CatalogInput,
  providers: Catalog['providers'],
  placed: readonly PlacedModel[],
  report: Report,
  isIncluded: boolean,
): void {
  const owners = new Map<string, string>();
  const ownerOf = ({ model, own, include }: PlacedModel) =>
    own !== undefined
      ? `models[${own}] (${model.id})`
      : include !== undefined
        ? `${model.id} in ${input.include?.[include]}`
        : `${model.id} in the catalog this one extends`;
  // Names of the base and of included files first, so that a duplicate is reported where this file has it.
  const others = placed.filter((entry) => entry.own === undefined);
  for (const entry of others) {
    for (const name of [entry.model.id, ...entry.model.aliases]) {
      const owner = owners.get(name.toLowerCase());
      if (owner === undefined) owners.set(name.toLowerCase(), ownerOf(entry));
      else if (entry.include !== undefined)
        report(['include', entry.include], `${input.include?.[entry.include]}: "${name}" already names ${owner}`);
    }
  }
  input.models.forEach((model, index) => {
    if (model.id.toLowerCase() === RESERVED_MODEL_ID)
      report(['models', index, 'id'], `"${RESERVED_MODEL_ID}" is reserved: it names the routing mix in every output`);
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
      // A catalog another includes may add models to that one's providers (curated corrections do).
      if (!isIncluded)
        report(
          ['models', index, 'provider'],
          `unknown provider "${model.provider}"; the catalog's providers are ${Object.keys(providers).join(', ')}`,
        );
    } else if (model.channel !== undefined && !provider.channels?.[model.channel]) {
      report(['models', index, 'channel'], `provider ${model.provider} has no channel "${model.channel}"`);
    }
  });
  const priced = new Map<string, boolean>();
  for (const { model } of placed) {
    for (const name of [model.id, ...model.aliases]) priced.set(name.toLowerCase(), model.prices !== 'unpublished');
  }
  const defaults: [string, Path][] =
    input.defaults === undefined
      ? []
      : [
          ...input.defaults.candidates.map((name, index): [string, Path] => [name, ['defaults', 'candidates', index]]),
          [input.defaults.baseline, ['defaults', 'baseline']],
          ...(input.defaults.compare ?? []).map((name, index): [string, Path] => [name, ['defaults', 'compare', index]]),
          ...routerNames(input.defaults.router),
        ];
  for (const [name, path] of defaults) {
    const hasPrice = priced.get(name.toLowerCase());
    if (hasPrice === undefined) report(path, `"${name}" is not a model id or alias in this catalog`);
    else if (!hasPrice) report(path, `"${name}" has no published price, so it cannot be a default`);
  }
}

/**
 * Each regex of this catalog's rules must compile, and no rule may claim the id or alias of another
 * model of its provider: ids and aliases resolve before rules, so such a rule is never what it seems
 * (a typo, or a rule too broad). A rule of another provider may claim the name: a `provider/` prefix or
 * the provider's own claim on the name (model_match) tells them apart. Problems are reported where this
 * file has the rule or the name, or at the `include` entry of the file that has them; the base and each
 * included file were checked on their own.
 */
function checkMatchRules(placed: readonly PlacedModel[], input: CatalogInput, report: Report): void {
  const byProvider = new Map<string, { entry: PlacedModel; matches?: NameMatcher }[]>();
  for (const entry of placed) {
    const { model, own } = entry;
    let matches: NameMatcher | undefined;
    if (model.match !== undefined) {
      const invalid = own === undefined ? [] : invalidRegexes(model.match, ['models', own, 'match']);
      for (const [path, reason] of invalid) report(path, `invalid regex: ${reason}`);
      if (invalid.length === 0) matches = compileRule(model.match);
    }
    const group = byProvider.get(model.provider) ?? [];
    group.push(matches === undefined ? { entry } : { entry, matches });
    byProvider.set(model.provider, group);
  }
  for (const group of byProvider.values()) {
    const names = group.flatMap(({ entry }) =>
      [entry.model.id, ...entry.model.aliases].map((name, at) => ({
        entry,
        name,
        lower: name.toLowerCase(),
        path: at === 0 ? ['id'] : ['aliases', at - 1],
      })),
    );
    for (const { entry: ruled, matches } of group) {
      if (matches === undefined) continue;
      for (const { entry: owner, name, lower, path } of names) {
        if (owner === ruled || !matches(lower)) continue;
        const what = path[0] === 'id' ? 'id' : 'alias';
        if (ruled.own !== undefined) {
          const below = claimingPath(ruled.model.match as MatchRule, lower) ?? [];
          report(
            ['models', ruled.own, 'match', ...below],
            `claims "${name}", the ${what} of ${owner.model.id}: a rule may claim only names no model of its provider has as its id or alias`,
          );
        } else if (owner.own !== undefined) {
          const where = ruled.include === undefined ? 'the catalog this one extends' : input.include?.[ruled.include];
          report(
            ['models', owner.own, ...path],
            `${ruled.model.id}'s match rule in ${where} claims this ${what}; give the model another ${what}`,
          );
        } else if (ruled.include !== owner.include) {
          const later = Math.max(ruled.include ?? -1, owner.include ?? -1);
          report(
            ['include', later],
            `${ruled.model.id}'s match rule claims "${name}", the ${what} of ${owner.model.id}; a rule may claim only names no model of its provider has as its id or alias`,
          );
        }
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

/** The router's model names, each with its place in the file. */
function routerNames(router: NonNullable<CatalogInput['defaults']>['router']): [string, Path][] {
  if (router === undefined) return [];
  return [
    [router.default, ['defaults', 'router', 'default']],
    ...(router.fallback === undefined ? [] : [[router.fallback, ['defaults', 'router', 'fallback']] as [string, Path]]),
    ...router.premium.map((name, index): [string, Path] => [name, ['defaults', 'router', 'premium', index]]),
    ...router.failover.map((name, index): [string, Path] => [name, ['defaults', 'router', 'failover', index]]),
  ];
}
