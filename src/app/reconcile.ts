import { BILL_SOURCE_NAMES, type BillSourceName } from '../bill/bill-source.js';

export { BILL_SOURCE_NAMES };

import { type ReadBill, readBill } from '../bill/read-bill.js';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { type CatalogInfo, modelName, providerNamed } from '../core/catalog.js';
import { divideRounded, readDecimal } from '../core/decimal.js';
import type { Percent, Usd } from '../core/money.js';
import { parseShare } from '../core/pricing.js';
import {
  type AssumedCost,
  type BilledLine,
  type ComputedDay,
  getExitCode,
  type Period,
  type Reconciliation,
  reconcile,
} from '../core/reconcile.js';
import { ModelIndex } from '../core/resolve-model.js';
import type { ModelNames, UnpricedName, UsageSources } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import { readInputFile } from '../io/read-input-file.js';
import type { UsageFormatName } from '../usage/format-names.js';
import type { CatalogSource } from './check.js';
import { type PriceOptions, pricesOf, type ReadIo, readIoOf, type ShareInput } from './options.js';
import { usageReport } from './usage.js';

export interface ReconcileOptions extends PriceOptions {
  /** The bill files: OpenAI Costs API or Anthropic cost report pages, OpenRouter's or LiteLLM's per-request cost, FOCUS CSV, a plain CSV. */
  readonly bill: readonly string[];
  /** The source of every bill file (default: told by each file's shape). */
  readonly billFrom?: BillSourceName;
  /** Default the built-in catalog. */
  readonly catalog?: CatalogSource;
  /** The format of every usage source (default: told by each file). */
  readonly from?: UsageFormatName;
  /** The provider of usage records that name none. */
  readonly provider?: string;
  /** Periods to hold against each other: day (default) or month. */
  readonly by?: Period;
  /** The most unexplained difference, as a share of what was billed, that getExitCode passes: "2%" or 0.02, as the share options read it. */
  readonly tolerance?: ShareInput;
  /** Rates of the bill's other currencies, "CUR=rate" each: USD for one unit of CUR. */
  readonly fx?: readonly string[];
  /** Skip and count usage records gacost cannot read, rather than refusing them. */
  readonly skipBad?: boolean;
}

/** A reconciliation, with what it was made of. */
export interface ReconcileResult extends Reconciliation {
  readonly kind: 'reconcile';
  readonly catalog: CatalogInfo;
  /** The catalog's providers by key: their names. */
  readonly providerNames: Readonly<Record<string, string>>;
  /** The catalog's name and provider name of each model of the groups, by id, for the tables and the page. */
  readonly names: ReadonlyMap<string, ModelNames>;
  /** Each bill file, its source and how many lines it gave. */
  readonly bills: readonly (Pick<ReadBill, 'path' | 'source' | 'title'> & { readonly lines: number })[];
  /** The rates given and how many lines each converted; the rate as written. */
  readonly fx: readonly { readonly currency: string; readonly rate: string; readonly lines: number }[];
  readonly tolerance: Percent | null;
  readonly unpriced: readonly UnpricedName[];
  readonly read: UsageSources;
}

/** A rate's scale: USD for one unit of another currency, to 9 decimal places. */
const FX_SCALE = 9;

/**
 * Usage priced as `gacost usage` prices it (each record on its own day) held against what was billed,
 * by day or month, provider, and model or line item where the bill names one: computed, billed, the
 * difference, and the difference explained as far as the data allows, the rest said unexplained.
 * Usage outside the bill's days is left out (counted in read.outside). `reconcileExitCode` gates on tolerance.
 */
export async function reconcileBill(sources: readonly string[], options: ReconcileOptions, readIo: ReadIo = {}): Promise<ReconcileResult> {
  const io = readIoOf(readIo);
  const { names } = io;
  const by = options.by ?? 'day';
  if (by !== 'day' && by !== 'month')
    throw new GacostError('invalid-option', `invalid ${names('by')} ${JSON.stringify(by)}: expected day or month`);
  if (options.billFrom !== undefined && !(BILL_SOURCE_NAMES as readonly string[]).includes(options.billFrom))
    throw new GacostError(
      'invalid-option',
      `invalid ${names('billFrom')} ${JSON.stringify(options.billFrom)}: expected ${BILL_SOURCE_NAMES.join(', ')}`,
    );
  if (options.bill.length === 0) throw new GacostError('invalid-option', `${names('bill')} names no bill file`);
  const tolerance = options.tolerance === undefined ? null : toleranceOf(options.tolerance, names('tolerance'));
  const rates = ratesOf(options.fx ?? [], names('fx'));
  const catalog = typeof options.catalog === 'function' ? await options.catalog() : (options.catalog ?? loadBuiltinCatalog());
  const bills = options.bill.map((path) => readBill(path, readInputFile(path, 'bill', io.cwd, io.inputs), options.billFrom));
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  const converted = new Map<string, number>();
  const billNames = new Map<string, ModelNames>();
  const lines = bills.flatMap((bill) =>
    bill.lines.map((line): BilledLine => {
      const usd = inUsd(line.amount, line.currency, rates, line.position, names('fx'));
      if (line.currency !== 'USD') converted.set(line.currency, (converted.get(line.currency) ?? 0) + 1);
      return { ...line, ...asUsage(line.provider, line.item, line.category === 'usage', index, billNames), amount: usd, currency: 'USD' };
    }),
  );
  const days = lines.map((line) => line.start);
  const dated = days.every((day) => day !== undefined) && days.length > 0;
  const report = await usageReport(
    sources,
    {
      catalog,
      asOf: prices.asOf,
      ...(options.tier === undefined ? {} : { tier: options.tier }),
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      by: ['day', 'provider', 'model'],
      on: ['none'],
      ...(options.skipBad === undefined ? {} : { skipBad: options.skipBad }),
      // Usage outside the bill's days is no part of it: left out, and counted.
      ...(dated
        ? { since: (days as string[]).reduce(min), until: lines.map((line) => line.end ?? (line.start as string)).reduce(max) }
        : {}),
    },
    readIo,
    { unpricedByDay: true },
  );
  const computed = [...report.rows].map(
    (row): ComputedDay => ({
      day: row.keys.day ?? '',
      provider: row.keys.provider ?? '',
      model: row.keys.model ?? '',
      cost: row.cost,
      assumed: row.provenance.flatMap((share): AssumedCost[] =>
        share.level === 'exact'
          ? []
          : [{ basis: share.level === 'rule' ? 'rule' : share.pricing.join('+') || 'unknown-provider', cost: share.cost }],
      ),
      totals: row.totals,
      logModels: row.logModels,
      provenance: row.provenance.map(({ records, tokens, cost, ...provenance }) => provenance),
    }),
  );
  const reconciliation = reconcile({ by, computed, unpriced: report.unpricedDays ?? [], bill: lines, byOption: names('by') });
  return {
    kind: 'reconcile',
    ...reconciliation,
    catalog: report.catalog,
    providerNames: report.providerNames,
    names: new Map([...billNames, ...report.names]),
    bills: bills.map((bill) => ({ path: bill.path, source: bill.source, title: bill.title, lines: bill.lines.length })),
    fx: [...rates].map(([currency, rate]) => ({ currency, rate: rate.text, lines: converted.get(currency) ?? 0 })),
    tolerance,
    unpriced: report.unpriced,
    read: report.read,
  };
}

/** 1 when the unexplained difference is beyond the tolerance asked for (none: 0). */
export const reconcileExitCode = (result: ReconcileResult): 0 | 1 => getExitCode(result, result.tolerance);

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/**
 * The provider and item as the usage names them: a token line's item resolved to a catalog model
 * takes its id and provider (OpenRouter's `openai/gpt-4.1` is OpenAI's gpt-4.1); else the item as the
 * bill writes it, and the provider as the catalog keys it where it knows it. A model found is named in `names`.
 */
function asUsage(
  provider: string,
  item: string | null,
  tokens: boolean,
  index: ModelIndex,
  names: Map<string, ModelNames>,
): Pick<BilledLine, 'provider' | 'item'> {
  const key = providerNamed(index.catalog, provider) ?? provider.toLowerCase();
  if (!tokens || item === null) return { provider: key, item };
  try {
    const { model } = index.matchLogged(item, providerNamed(index.catalog, provider));
    names.set(model.id, { name: modelName(model), provider: index.catalog.providers[model.provider]?.name ?? model.provider });
    return { provider: model.provider, item: model.id };
  } catch {
    return { provider: key, item };
  }
}

function inUsd(amount: bigint, currency: string, rates: ReadonlyMap<string, { units: bigint }>, position: string, option: string): Usd {
  if (currency === 'USD') return amount as Usd;
  const rate = rates.get(currency);
  if (rate === undefined)
    throw new GacostError(
      'invalid-bill',
      `${position}: an amount in ${currency}: usage is priced in USD; give ${option} ${currency}=RATE (USD for one ${currency}) to convert it`,
    );
  return divideRounded(amount * rate.units, 10n ** BigInt(FX_SCALE)) as Usd;
}

function ratesOf(given: readonly string[], option: string): Map<string, { text: string; units: bigint }> {
  const rates = new Map<string, { text: string; units: bigint }>();
  for (const entry of given) {
    const [currency = '', rate = '', ...rest] = entry.split('=');
    const units = readDecimal(rate.trim(), FX_SCALE);
    if (!/^[A-Za-z]{3}$/.test(currency.trim()) || rest.length > 0 || typeof units !== 'bigint' || units <= 0n)
      throw new GacostError(
        'invalid-option',
        `invalid ${option} ${JSON.stringify(entry)}: expected CUR=RATE, USD for one unit, such as EUR=1.08`,
      );
    if (currency.trim().toUpperCase() === 'USD')
      throw new GacostError(
        'invalid-option',
        `invalid ${option} ${JSON.stringify(entry)}: gacost reports in USD, and a USD amount is not converted; give the rate of the bill's other currency, such as EUR=1.08`,
      );
    rates.set(currency.trim().toUpperCase(), { text: rate.trim(), units });
  }
  return rates;
}

/**
 * The tolerance as the share options read a share ("2%" or 0.02, parseShare): a share's millionths are
 * a percentage's ten-thousandths (PERCENT_SCALE 4), the same number.
 */
const toleranceOf = (given: ShareInput, option: string): Percent => parseShare(String(given), option) as bigint as Percent;
