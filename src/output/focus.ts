import { type Usd, usdText } from '../core/money.js';
import type { TokenTotals } from '../core/usage.js';
import type { ProvenanceLevel } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import { type Cell, exact, type FlatRecord } from './exact.js';

/**
 * One group of priced usage, one FOCUS row: the tokens of a model of a provider over a day or a month,
 * their computed cost, and, where a bill says, what was billed for them.
 */
export interface FocusGroup {
  /** The charge period, UTC: a day (YYYY-MM-DD) or a calendar month (YYYY-MM). */
  readonly period: string;
  /** The provider's name (the catalog's), which sold, made and invoiced the model's use as gacost takes it. */
  readonly provider: string;
  /** The catalog model id: the SKU. */
  readonly model: string;
  readonly totals: TokenTotals;
  /** The cost gacost computed: ListCost, ContractedCost and EffectiveCost. */
  readonly cost: Usd;
  /** What a bill charged for the group: BilledCost. Without one, BilledCost is 0 (docs/output.md#focus says why). */
  readonly billed?: Usd;
  /** How its prices were found: the least trusted level of its records (null: none was priced), and each log name's provenance in words. */
  readonly provenance: { readonly level: ProvenanceLevel | null; readonly text: string };
  readonly logModels: readonly string[];
  /** The caller's x_ columns (FocusDataset.extra): a project, an API key…, a reconciliation's figures. */
  readonly extra: Readonly<Record<string, Cell>>;
}

/**
 * A charge of a bill that is no tokens (web search, storage, a credit, tax…), one FOCUS row: gacost
 * prices none of them, so every cost column is the bill's amount (FOCUS asks it of a Credit).
 */
export interface FocusCharge {
  /** As in FocusGroup. */
  readonly period: string;
  readonly provider: string;
  /** FOCUS's category of the charge. */
  readonly category: 'Usage' | 'Credit' | 'Tax' | 'Adjustment';
  /** The line item as the bill names it: the SKU of a Usage charge, and its description. */
  readonly item: string;
  /** The bill's lines it sums: the quantity of a Usage charge, a bill giving none of its own. */
  readonly lines: number;
  readonly billed: Usd;
  readonly extra: Readonly<Record<string, Cell>>;
}

/** What the whole dataset shares: the catalog that priced it, and the caller's x_ columns. */
export interface FocusDataset {
  readonly catalogVersion: string;
  /** The x_ columns of FocusGroup.extra and FocusCharge.extra, in order: `project` is x_Project. */
  readonly extra: readonly string[];
}

/** FOCUS 1.2's columns gacost fills (every Mandatory one among them), in the specification's alphabetical order. */
const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
] as const;

/** gacost's own columns, after FOCUS's (custom columns are prefixed x_). */
const CUSTOM_COLUMNS = [
  'x_CostSource',
  'x_ProvenanceLevel',
  'x_Provenance',
  'x_LogModels',
  'x_CatalogVersion',
  'x_Records',
  'x_Requests',
  'x_InputTokens',
  'x_CachedInputTokens',
  'x_CacheWriteTokens',
  'x_CacheWrite1hTokens',
  'x_OutputTokens',
  'x_ReasoningTokens',
  'x_WebSearches',
] as const;

type Column = (typeof FOCUS_COLUMNS)[number] | (typeof CUSTOM_COLUMNS)[number];

/** The account the usage was billed to: logs do not name it, and FOCUS allows no null here (docs/output.md#focus). */
const UNKNOWN_ACCOUNT = 'unknown';

const extraColumn = (key: string) => `x_${key.charAt(0).toUpperCase()}${key.slice(1)}`;

/**
 * FOCUS 1.2 rows of priced usage, one per group, for the one CSV writer: ChargeCategory Usage, the
 * computed cost as ListCost, ContractedCost and EffectiveCost, never as BilledCost (a bill's amount
 * or 0), said in x_CostSource; the tokens by kind and the pricing provenance in x_ columns. A bill's
 * other charges (FocusCharge) are rows of the bill's amount.
 */
export function focusTable(
  rows: Iterable<FocusGroup | FocusCharge>,
  dataset: FocusDataset,
): { fields: string[]; records: Iterable<FlatRecord> } {
  return {
    fields: [...FOCUS_COLUMNS, ...CUSTOM_COLUMNS, ...dataset.extra.map(extraColumn)],
    records: {
      *[Symbol.iterator]() {
        for (const row of rows) {
          const record = 'category' in row ? chargeRecord(row, dataset) : focusRecord(row, dataset);
          yield { ...record, ...Object.fromEntries(dataset.extra.map((key) => [extraColumn(key), row.extra[key] ?? null])) };
        }
      },
    },
  };
}

/** The columns every row of a provider's charges over a period shares. */
function chargeColumns(period: string, provider: string) {
  const [start, end] = chargePeriod(period);
  const [billingStart, billingEnd] = chargePeriod(period.slice(0, 7));
  return {
    BillingAccountId: UNKNOWN_ACCOUNT,
    BillingAccountName: null,
    BillingCurrency: 'USD',
    BillingPeriodEnd: billingEnd,
    BillingPeriodStart: billingStart,
    ChargeClass: null,
    ChargePeriodEnd: end,
    ChargePeriodStart: start,
    InvoiceIssuerName: provider,
    ProviderName: provider,
    PublisherName: provider,
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: / API$/.test(provider) ? provider : `${provider} API`,
    ServiceSubcategory: 'Generative AI',
  } satisfies Partial<Record<Column, Cell>>;
}

function focusRecord(group: FocusGroup, dataset: FocusDataset): Record<Column, Cell> {
  const whole = (value: number) => exact(String(value));
  const cost = exact(usdText(group.cost));
  const { totals } = group;
  const tokens = whole(totals.inputTokens + totals.outputTokens);
  return {
    ...chargeColumns(group.period, group.provider),
    BilledCost: exact(usdText(group.billed ?? (0n as Usd))),
    ChargeCategory: 'Usage',
    ChargeDescription: `${group.model} tokens: cost estimated by gacost from usage logs${group.billed === undefined ? ' (not billed)' : ''}`,
    ChargeFrequency: 'Usage-Based',
    ConsumedQuantity: tokens,
    ConsumedUnit: 'Tokens',
    ContractedCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    PricingQuantity: tokens,
    PricingUnit: 'Tokens',
    SkuId: group.model,
    x_CostSource: group.billed === undefined ? 'estimate' : 'estimate; BilledCost from the bill',
    x_ProvenanceLevel: group.provenance.level,
    x_Provenance: group.provenance.text,
    x_LogModels: group.logModels.join(' '),
    x_CatalogVersion: dataset.catalogVersion,
    x_Records: whole(totals.records),
    x_Requests: whole(totals.requests),
    x_InputTokens: whole(totals.inputTokens),
    x_CachedInputTokens: whole(totals.cachedInputTokens),
    x_CacheWriteTokens: whole(totals.cacheWriteTokens + totals.cacheWrite1hTokens),
    x_CacheWrite1hTokens: whole(totals.cacheWrite1hTokens),
    x_OutputTokens: whole(totals.outputTokens),
    x_ReasoningTokens: whole(totals.reasoningTokens),
    x_WebSearches: whole(totals.webSearches),
  };
}

/**
 * A bill's charge other than tokens: its amount in every cost column, x_CostSource `bill`. Only a
 * Usage charge has a SKU and a quantity (FOCUS: null on a Tax row, and no consumed quantity but on a
 * Usage row); it is counted in the bill's line items, the bill giving no quantity of its own.
 */
function chargeRecord(charge: FocusCharge, dataset: FocusDataset): Record<Column, Cell> {
  const amount = exact(usdText(charge.billed));
  const usage = charge.category === 'Usage';
  const lines = usage ? exact(String(charge.lines)) : null;
  return {
    ...chargeColumns(charge.period, charge.provider),
    BilledCost: amount,
    ChargeCategory: charge.category,
    ChargeDescription: `${charge.item}: as billed`,
    ChargeFrequency: usage || charge.category === 'Tax' ? 'Usage-Based' : 'One-Time',
    ConsumedQuantity: lines,
    ConsumedUnit: usage ? LINE_ITEMS : null,
    ContractedCost: amount,
    EffectiveCost: amount,
    ListCost: amount,
    PricingQuantity: lines,
    PricingUnit: usage ? LINE_ITEMS : null,
    SkuId: usage ? charge.item : null,
    x_CostSource: 'bill',
    x_ProvenanceLevel: null,
    x_Provenance: null,
    x_LogModels: null,
    x_CatalogVersion: dataset.catalogVersion,
    x_Records: null,
    x_Requests: null,
    x_InputTokens: null,
    x_CachedInputTokens: null,
    x_CacheWriteTokens: null,
    x_CacheWrite1hTokens: null,
    x_OutputTokens: null,
    x_ReasoningTokens: null,
    x_WebSearches: null,
  };
}

/** The unit of a Usage charge a bill gives no quantity of: its line items (docs/output.md#focus says why). */
const LINE_ITEMS = 'Line Items';

/** A day's or a month's bounds in FOCUS's date/time format: the start inclusive, the end exclusive. */
function chargePeriod(period: string): [string, string] {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(period);
  if (!day && !/^\d{4}-\d{2}$/.test(period))
    throw new GacostError('invalid-option', `a FOCUS row's charge period is a day or a month, not ${JSON.stringify(period)}`);
  const start = new Date(`${day ? period : `${period}-01`}T00:00:00Z`);
  const end = new Date(start);
  if (day) end.setUTCDate(end.getUTCDate() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  const text = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
  return [text(start), text(end)];
}
