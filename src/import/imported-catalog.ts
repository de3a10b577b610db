import { stringify } from 'yaml';
import { formatDecimal, parseDecimal } from '../core/decimal.js';
import { PRICE_SCALE } from '../core/money.js';

/** Prices of one kind as exact decimal text, USD per 1M tokens. */
export type ImportedPrices = { output?: string; input?: string; cached_input?: string };

export interface ImportedModel {
  id: string;
  name: string;
  provider: string;
  aliases: string[];
  /** One set, or a history whose first entry may have no `from` date. */
  prices: ImportedPrices | (ImportedPrices & { from?: string })[];
  tiers?: Record<string, ImportedPrices>;
  context_tiers?: (ImportedPrices & { above: string })[];
  source: string;
  checked: string;
}

export interface ImportedCatalog {
  readonly providers: Map<string, { name: string; source?: string }>;
  readonly models: ImportedModel[];
  /** What could not be mapped, counted by reason; printed on stderr, never dropped silently. */
  readonly unmapped: Map<string, number>;
}

export function emptyImport(): ImportedCatalog {
  return { providers: new Map(), models: [], unmapped: new Map() };
}

export function countUnmapped(result: ImportedCatalog, reason: string): void {
  result.unmapped.set(reason, (result.unmapped.get(reason) ?? 0) + 1);
}

/** Per-token USD text ("2.5e-06") → per-1M-token exact decimal ("2.5"); undefined if finer than gacost keeps. */
export function perTokenToPerMillion(text: string): string | undefined {
  // 1e-15 USD per token is exactly 1e-9 USD per 1M tokens, gacost's price unit.
  const units = parseDecimal(text, PRICE_SCALE + 6);
  return units === undefined ? undefined : formatDecimal(units, PRICE_SCALE);
}

/** Per-1M-token text as given ("0.003625") → canonical exact decimal; undefined if too fine. */
export function perMillion(text: string): string | undefined {
  const units = parseDecimal(text, PRICE_SCALE);
  return units === undefined ? undefined : formatDecimal(units, PRICE_SCALE);
}

/** A gacost catalog in YAML, prices written as plain decimal numbers. */
export function catalogYaml(imported: ImportedCatalog, meta: { version: string; effective: string; origin: string }): string {
  // A price has at most 15 significant digits, so the number's shortest text is the same decimal.
  const number = (text: string) => {
    const value = Number(text);
    if (parseDecimal(String(value), PRICE_SCALE) !== parseDecimal(text, PRICE_SCALE)) {
      throw new Error(`price ${text} does not survive as a YAML number`);
    }
    return value;
  };
  const prices = (set: ImportedPrices) =>
    Object.fromEntries(Object.entries(set).map(([key, value]) => [key, key === 'from' || key === 'above' ? value : number(value)]));
  const document = {
    schema: 1,
    version: meta.version,
    effective: meta.effective,
    currency: 'USD',
    providers: Object.fromEntries([...imported.providers].map(([key, provider]) => [key, provider])),
    models: imported.models.map((model) => ({
      id: model.id,
      name: model.name,
      provider: model.provider,
      ...(model.aliases.length > 0 ? { aliases: model.aliases } : {}),
      prices: Array.isArray(model.prices) ? model.prices.map(prices) : prices(model.prices),
      ...(model.tiers ? { tiers: Object.fromEntries(Object.entries(model.tiers).map(([tier, set]) => [tier, prices(set)])) } : {}),
      ...(model.context_tiers ? { context_tiers: model.context_tiers.map(prices) } : {}),
      source: model.source,
      checked: model.checked,
    })),
  };
  const header = `# Imported by gacost from ${meta.origin}. Prices are USD per 1M tokens.\n`;
  return header + stringify(document, { lineWidth: 0 });
}

/** A provider key gacost accepts, from a name such as "vertex_ai-language-models". */
export function providerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
}
