import type { Catalog, Model, ModelId, ModelPrices, ProviderKey, PublishedPrices } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { parsePrice, PRICE_SCALE } from '../core/money.js';
import { GacostError } from '../errors.js';
import { describePath, validate, YamlSource, type Path } from '../yaml/parse-yaml.js';
import { catalogSchema, type CatalogInput } from './catalog-schema.js';

const PRICE_KEYS = ['output', 'input', 'cached_input'] as const;

/** Parses and validates catalog YAML; every problem is reported with its file:line:col. */
export function loadCatalog(text: string, file: string): Catalog {
  const source = YamlSource.parse(text, file, 'invalid-catalog');
  const input = validate(catalogSchema, source, 'invalid-catalog', 'catalog');
  const problems: string[] = [];
  const report = (path: Path, reason: string) =>
    problems.push(`${source.position(path)}: ${describePath(path)}${reason}`);

  const models = input.models.map((model, index) => ({
    ...model,
    id: model.id as ModelId,
    provider: model.provider as ProviderKey,
    prices: exactPrices(model.prices, ['models', index, 'prices'], source, report),
  }));
  checkReferences(input, report);
  if (problems.length > 0) throw new GacostError('invalid-catalog', `invalid catalog ${file}`, problems);
  return { ...input, models } as Catalog;
}

/** Re-reads each price from its YAML source text so that no price ever passes through a float. */
function exactPrices(
  prices: CatalogInput['models'][number]['prices'],
  path: Path,
  source: YamlSource,
  report: (path: Path, reason: string) => void,
): ModelPrices {
  if (prices === 'unpublished') return prices;
  const exact: Partial<Record<keyof PublishedPrices, string>> = {};
  for (const key of PRICE_KEYS) {
    const value = prices[key];
    if (value === undefined) continue;
    const text = source.scalarSource([...path, key]) ?? String(value);
    const units = parsePrice(text);
    if (units === undefined) {
      report([...path, key], `${text} is not a plain decimal with at most ${PRICE_SCALE} decimal places`);
    } else {
      exact[key] = formatDecimal(units, PRICE_SCALE);
    }
  }
  return exact as PublishedPrices;
}

function checkReferences(input: CatalogInput, report: (path: Path, reason: string) => void): void {
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
  const defaults: [string, Path][] = [
    ...input.defaults.candidates.map((name, index): [string, Path] => [name, ['defaults', 'candidates', index]]),
    [input.defaults.baseline, ['defaults', 'baseline']],
  ];
  for (const [name, path] of defaults) {
    const index = owners.get(name.toLowerCase());
    const model: Model | undefined = index === undefined ? undefined : (input.models[index] as Model | undefined);
    if (!model) report(path, `"${name}" is not a model id or alias in this catalog`);
    else if (model.prices === 'unpublished') report(path, `"${name}" has no published price, so it cannot be a default`);
  }
}
