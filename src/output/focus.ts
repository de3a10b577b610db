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
  /** How its prices were found: the least trusted level of its records, and each log name's provenance in words. */
  readonly provenance: { readonly level: ProvenanceLevel; readonly text: string };
  readonly logModels: readonly string[];
  /** Other keys of the group (a project, an API key, a user, a session), each an x_ column. */
  readonly keys: Readonly<Record<string, string>>;
}

/** What the whole dataset shares: the catalog that priced it, and the names of the groups' other keys. */
export interface FocusDataset {
  readonly catalogVersion: string;
  /** The x_ columns of FocusGroup.keys, in order: `project` is x_Project. */
  readonly keys: readonly string[];
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

const keyColumn = (key: string) => `x_${key.charAt(0).toUpperCase()}${key.slice(1)}`;

/**
 * FOCUS 1.2 rows of priced usage, one per group, for the one CSV writer: ChargeCategory Usage, the
 * computed cost as ListCost, ContractedCost and EffectiveCost, never as BilledCost (a bill's amount
 * or 0), said in x_CostSource; the tokens by kind and the pricing provenance in x_ columns.
 */
export function focusTable(groups: Iterable<FocusGroup>, dataset: FocusDataset): { fields: string[]; records: Iterable<FlatRecord> } {
  return {
    fields: [...FOCUS_COLUMNS, ...CUSTOM_COLUMNS, ...dataset.keys.map(keyColumn)],
    records: {
      *[Symbol.iterator]() {
        for (const group of groups) yield focusRecord(group, dataset);
      },
    },
  };
}

function focusRecord(group: FocusGroup, dataset: FocusDataset): FlatRecord {
  const [start, end] = chargePeriod(group.period);
  const [billingStart, billingEnd] = chargePeriod(group.period.slice(0, 7));
  const whole = (value: number) => exact(String(value));
  const cost = exact(usdText(group.cost));
  const { totals } = group;
  const tokens = whole(totals.inputTokens + totals.outputTokens);
  const record: Record<Column, Cell> = {
    BilledCost: exact(usdText(group.billed ?? (0n as Usd))),
    BillingAccountId: UNKNOWN_ACCOUNT,
    BillingAccountName: null,
    BillingCurrency: 'USD',
    BillingPeriodEnd: billingEnd,
    BillingPeriodStart: billingStart,
    ChargeCategory: 'Usage',
    ChargeClass: null,
    ChargeDescription: `${group.model} tokens: cost estimated by gacost from usage logs${group.billed === undefined ? ' (not billed)' : ''}`,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: end,
    ChargePeriodStart: start,
    ConsumedQuantity: tokens,
    ConsumedUnit: 'Tokens',
    ContractedCost: cost,
    EffectiveCost: cost,
    InvoiceIssuerName: group.provider,
    ListCost: cost,
    PricingQuantity: tokens,
    PricingUnit: 'Tokens',
    ProviderName: group.provider,
    PublisherName: group.provider,
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: / API$/.test(group.provider) ? group.provider : `${group.provider} API`,
    ServiceSubcategory: 'Generative AI',
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
  return { ...record, ...Object.fromEntries(dataset.keys.map((key) => [keyColumn(key), group.keys[key] ?? null])) };
}

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
