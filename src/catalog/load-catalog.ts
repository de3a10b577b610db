import { createHash } from 'node:crypto';
import type { Catalog, ContextTier, DatedPriceSet, Model, ModelId, PriceKey, PriceSet, ProviderKey } from '../core/catalog.js';
import { PRICE_KEYS } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { parsePrice, PRICE_SCALE } from '../core/money.js';
import { parseTokens } from '../core/quantity.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, validate, YamlSource, type Path } from '../yaml/parse-yaml.js';
import { catalogSchema, type CatalogInput } from './catalog-schema.js';

type ModelInput = CatalogInput['models'][number];
type Report = (path: Path, reason: string) => void;

/** Parses and validates catalog YAML; every problem is reported with its file:line:col. */
export function loadCatalog(text: string, file: string): Catalog {
  const source = YamlSource.parse(text, file, 'invalid-catalog');
  const input = validate(catalogSchema, source, 'invalid-catalog', 'catalog');
  const problems: string[] = [];
  const report: Report = (path, reason) => problems.push(`${source.position(path)}: ${describePath(path)}${reason}`);
  const models = input.models.map((model, index) => normaliseModel(model, ['models', index], source, report));
  checkReferences(input, report);
  if (problems.length > 0) throw new GacostError('invalid-catalog', `invalid catalog ${file}`, problems);
  const { schema, version, effective, currency, defaults, providers } = input;
  return withHash({ schema, version, effective, currency, defaults, providers, models } as Omit<Catalog, 'hash'>);
}

/** The content hash: sha256 of the catalog as canonical JSON (sorted keys, no layout). */
export function withHash(catalog: Omit<Catalog, 'hash'>): Catalog {
  const { base, ...content } = catalog as Catalog;
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return base === undefined ? { ...content, hash } : { ...content, base, hash };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
      above = parseTokens(source.scalarSource([...at, 'above']) ?? String(tier.above), 'above').toString();
    } catch (error) {
      if (!isGacostError(error)) throw error;
      report([...at, 'above'], error.message);
    }
    return { above, ...exact(tier, at) };
  });
  const { id, provider, aliases, name, channel, retired, source: pricingPage, checked, notes } = model;
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
      const text = source.scalarSource([...path, key]) ?? String(value);
      const units = parsePrice(text);
      if (units === undefined) report([...path, key], `${text} is not a plain decimal with at most ${PRICE_SCALE} decimal places`);
      else exact[key] = formatDecimal(units, PRICE_SCALE);
    }
    return exact;
  };
}

function checkReferences(input: CatalogInput, report: Report): void {
  const owners = new Map<string, number>();
  input.models.forEach((model, index) => {
    const names: [string, Path][] = [
      [model.id, ['models', index, 'id']],
      ...model.aliases.map((alias, aliasIndex): [string, Path] => [alias, ['models', index, 'aliases', aliasIndex]]),
    ];
    for (const [name, path] of names) {
      const owner = owners.get(name.toLowerCase());
      if (owner === undefined) {
        owners.set(name.toLowerCase(), index);
      } else {
        const where = owner === index ? 'this model' : `models[${owner}] (${input.models[owner]?.id})`;
        report(path, `duplicate id or alias "${name}" (case-insensitive): already names ${where}`);
      }
    }
    const provider = input.providers[model.provider];
    if (!provider) {
      report(['models', index, 'provider'], `unknown provider "${model.provider}"; the catalog's providers are ${Object.keys(input.providers).join(', ')}`);
    } else if (model.channel !== undefined && !provider.channels?.[model.channel]) {
      report(['models', index, 'channel'], `provider ${model.provider} has no channel "${model.channel}"`);
    }
  });
  const defaults: [string, Path][] =
    input.defaults === undefined
      ? []
      : [
          ...input.defaults.candidates.map((name, index): [string, Path] => [name, ['defaults', 'candidates', index]]),
          [input.defaults.baseline, ['defaults', 'baseline']],
        ];
  for (const [name, path] of defaults) {
    const index = owners.get(name.toLowerCase());
    const model = index === undefined ? undefined : input.models[index];
    if (!model) report(path, `"${name}" is not a model id or alias in this catalog`);
    else if (model.prices === 'unpublished') report(path, `"${name}" has no published price, so it cannot be a default`);
  }
}
