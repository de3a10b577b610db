import { MIX_PERCENT_SCALE } from '../core/candidate.js';
import { UNIT_PRICES } from '../core/catalog.js';
import { formatDecimal, groupThousands } from '../core/decimal.js';
import { percentDisplay, percentOf, percentText, type Usd, usdDisplay, usdText } from '../core/money.js';
import { formatTokensShort } from '../core/quantity.js';
import type { GroupField, TokenTotals } from '../core/usage.js';
import type { RoutingPlan } from '../core/usage-plan.js';
import {
  PROVENANCE_LEVELS,
  type Provenance,
  type ProvenanceLevel,
  type ProvenanceShare,
  type Repricing,
  type UnpricedName,
  type UsageAssumption,
  type UsageReport,
  type UsageRow,
} from '../core/usage-pricing.js';
import { type Measured, PROFILE_SCALE, profileText, type UsageProfile } from '../core/usage-profile.js';
import { GacostError } from '../errors.js';
import { catalogJson } from './catalog-json.js';
import type { UsageJson } from './contract.js';
import { type Cell, type ExactJson, exact } from './exact.js';
import { type FocusGroup, focusTable } from './focus.js';
import { JsonList } from './json.js';
import {
  type BarGroup,
  chartUnits,
  countCell,
  countFigure,
  exactText,
  nameCell,
  pagePercent,
  pageUsd,
  percentCell,
  prose,
  type ReportSection,
  textCell,
  usdCell,
  usdFigure,
  viewNotes,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { mixJson } from './token-pricing-json.js';
import { catalogNote, closedBy, type DisplayCell, type DisplayTable, left, modelAndProvider, modelProse, right } from './view.js';
import { agree, counted, countedPhrase } from './words.js';

const TOKEN_FIELDS = ['records', 'requests', 'input_tokens', 'cached_input_tokens', 'cache_write_tokens', 'output_tokens'] as const;

/** The tables of a usage result that --format csv writes, one a run (--table): the rows by default. */
export const USAGE_TABLES = ['rows', 'sources', 'skipped', 'repriced'] as const;
type UsageTable = (typeof USAGE_TABLES)[number];

/** What `gacost usage` prints: the priced report, and what the command adds to it. */
export interface UsageResult extends Omit<UsageReport, 'rows'> {
  /** The rows, in their order: a list (the library's report), or made as they are read (the command's, see UsageRows). */
  readonly rows: Iterable<UsageRow>;
  /**
   * Set when the re-pricings are the catalog's default candidates, which no flag asked for: a what-if,
   * said as one, via these providers (their names). --on, --mix or --map ask; --on none leaves it out.
   */
  readonly unaskedVia?: readonly string[];
  /** --table: what --format csv writes. */
  readonly csvTable?: UsageTable;
}

const COLUMN_TITLES: Record<GroupField, string> = {
  model: 'Model',
  provider: 'Provider',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  project: 'Project',
  key: 'Key',
  user: 'User',
  session: 'Session',
};

function some<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  for (const item of items) if (test(item)) return true;
  return false;
}

/** Whether the report counts web searches: a field, a column, only where a priced record ran one. */
const countsSearches = (report: UsageResult) => report.totals.webSearches > 0;

function tokenFields(totals: TokenTotals, searches: boolean) {
  const whole = (value: number) => exact(String(value));
  return {
    records: whole(totals.records),
    requests: whole(totals.requests),
    input_tokens: whole(totals.inputTokens),
    cached_input_tokens: whole(totals.cachedInputTokens),
    cache_write_tokens: whole(totals.cacheWriteTokens + totals.cacheWrite1hTokens),
    output_tokens: whole(totals.outputTokens),
    ...(searches ? { web_searches: whole(totals.webSearches) } : {}),
  };
}

const usd = (value: Usd | null) => (value === null ? null : exact(usdText(value)));

function rowRecord(row: UsageRow, by: readonly GroupField[], searches: boolean) {
  const keys = Object.fromEntries(by.map((field) => [field, row.keys[field] ?? '']));
  return { ...keys, ...tokenFields(row.totals, searches), cost_usd: exact(usdText(row.cost)), reported_cost_usd: usd(row.reportedCost) };
}

export function provenanceJson(share: ProvenanceShare) {
  return {
    log_model: share.logModel,
    model: share.model,
    level: share.level,
    resolution: share.resolution,
    rule: share.rule,
    unknown_provider: share.unknownProvider,
    pricing: [...share.pricing],
    records: share.records,
    tokens: share.tokens,
    cost_usd: exact(usdText(share.cost)),
  };
}

/** CSV columns of a row's provenance: records, tokens and cost at each level, then how its names were found. */
const PROVENANCE_FIELDS = [
  ...PROVENANCE_LEVELS.flatMap((level) => [`${level}_records`, `${level}_tokens`, `${level}_cost_usd`]),
  'provenance',
];

function provenanceCells(shares: readonly ProvenanceShare[]): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const level of PROVENANCE_LEVELS) {
    const at = shares.filter((share) => share.level === level);
    cells[`${level}_records`] = exact(String(at.reduce((sum, share) => sum + share.records, 0)));
    cells[`${level}_tokens`] = exact(String(at.reduce((sum, share) => sum + share.tokens, 0)));
    cells[`${level}_cost_usd`] = exact(usdText(at.reduce((sum, share) => sum + share.cost, 0n) as Usd));
  }
  cells.provenance = shares.map(provenanceText).join('; ');
  return cells;
}

const LEVEL_WORDS: Record<ProvenanceLevel, string> = { exact: 'priced exactly', rule: 'by a match rule', assumed: 'on assumed prices' };

const PRICING_WORDS: Record<ProvenanceShare['pricing'][number], string> = {
  'context-tier': 'a context tier',
  'standard-price-for-tier': 'standard prices for a tier it lacks',
  'output-price-for-input': 'input at the output price',
  'input-price-for-cache-reads': 'cache reads at the input price',
  'input-price-for-cache-writes': 'cache writes at the input price',
  'write-price-for-1h-writes': '1-hour cache writes at the 5-minute price',
  'time-of-day': 'the time-of-day price of each record',
  'highest-price-time-of-day-unknown': 'the highest time-of-day price (no time of day)',
};

/** One log name's provenance in words: `claude-fable-5-1 as anthropic/claude-fable-5 (rule starts_with claude-fable-5)`. */
export function provenanceText(share: Provenance): string {
  const how = [
    share.resolution === 'rule' ? `rule ${share.rule ?? ''}`.trim() : share.resolution,
    ...(share.unknownProvider === null ? [] : [`provider ${share.unknownProvider} unknown to the catalog`]),
    ...share.pricing.map((basis) => PRICING_WORDS[basis]),
  ];
  return `${share.logModel} as ${share.model} (${how.join(', ')})`;
}

/** A part of spend as a percentage to one decimal, a non-zero part that would round to 0% as "<0.1%". */
function sharePercent(part: Usd, whole: Usd): string {
  const text = percentDisplay(percentOf(part, whole));
  return part > 0n && /^0(\.0)?%$/.test(text) ? '<0.1%' : text;
}

/** Names shown per level in the one-line summary; JSON and CSV have them all. */
const SUMMARY_NAMES = 3;

/** Where the observed spend came from, in one line: "Priced exactly: 98.7% of spend; by a match rule: 1.3%: claude-fable-5-1 as …". */
function provenanceLine(report: UsageResult): string | undefined {
  const { cost } = report.totals;
  if (report.totals.records === 0) return undefined;
  const parts = report.provenance.levels.flatMap((share) => {
    if (share.records === 0) return [];
    const pct = cost === 0n ? '' : ` ${sharePercent(share.cost, cost)} of spend`;
    if (share.level === 'exact') return [`${LEVEL_WORDS.exact}:${pct} (${records(share.records)})`];
    const entries = report.provenance.entries.filter((entry) => entry.level === share.level);
    const named = entries.slice(0, SUMMARY_NAMES).map(provenanceText);
    const more = entries.length > SUMMARY_NAMES ? `, and ${entries.length - SUMMARY_NAMES} more` : '';
    return [`${LEVEL_WORDS[share.level]}:${pct} (${records(share.records)}): ${named.join('; ')}${more}`];
  });
  return `Provenance: ${parts.join('; ')}.`;
}

/** A count with thousands separators (the same on every machine, whatever its locale). */
const count = (value: number) => groupThousands(String(value));
const records = (value: number) => counted(value, 'record');

function repricingName(repricing: Repricing): string {
  switch (repricing.kind) {
    case 'model':
      return repricing.model.id;
    case 'mix':
      return mixName(
        repricing.parts.map((part) => ({ model: part.model.model.id, percent: formatDecimal(part.percent, MIX_PERCENT_SCALE) })),
      );
    case 'map':
      return `map ${repricing.pairs.map((pair) => `${pair.from.id}=${pair.to.id}`).join(',')}`;
  }
}

/**
 * A model's name beside its provider's for the tables, by its catalog id: the id itself where two
 * models of the report would read the same (or the catalog does not name it).
 */
/** A model in a sentence: "GPT-4o mini via OpenAI"; a log name no catalog model has, as it is. */
function proseNamer(report: Pick<UsageResult, 'names'>): (id: string) => string {
  return (id) => {
    const names = report.names.get(id);
    return names === undefined ? id : modelProse(names.name, names.provider);
  };
}

function modelNamer(report: Pick<UsageResult, 'names'>): (id: string) => string {
  const labels = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const [id, names] of report.names) {
    const label = modelAndProvider(names.name, names.provider);
    labels.set(id, label);
    seen.set(label, (seen.get(label) ?? 0) + 1);
  }
  return (id) => {
    const label = labels.get(id);
    return label === undefined || (seen.get(label) ?? 0) > 1 ? id : label;
  };
}

/** A mix as one line of text (tables, CSV, the page's labels): mix A=80%,B=20%. */
const mixName = (parts: readonly { readonly model: string; readonly percent: string }[]) =>
  `mix ${parts.map((part) => `${part.model}=${part.percent}%`).join(',')}`;

/** An assumption in words, each model as `name` says it: its id in JSON, its name where people read (tables, pages). */
export function describeUsageAssumption(assumption: UsageAssumption, name: (id: string) => string = (id) => id): string {
  const text = describeOne(assumption, (list) => list.map(name).join(', '));
  return assumption.whatIf === true ? `in the re-pricing (a what-if), ${text}` : text;
}

function describeOne(assumption: UsageAssumption, models: (list: readonly string[]) => string): string {
  switch (assumption.code) {
    case 'undated-records':
      return `${records(assumption.records)} ${agree(assumption.records, 'carries', 'carry')} no time and ${agree(assumption.records, 'is', 'are')} priced as of ${assumption.asOf}`;
    case 'unknown-provider':
      return `${assumption.providers.map((provider) => `${records(provider.records)} ${agree(provider.records, 'names', 'name')} the provider ${JSON.stringify(provider.name)}`).join(', ')}, which the catalog does not know: their models are priced as their names resolve without it (--provider, or an overlay with that provider, settles it)`;
    case 'output-price-for-input':
      return `${models(assumption.models)} ${agree(assumption.models, 'publishes', 'publish')} output prices only: ${agree(assumption.models, 'its', 'their')} input tokens are priced at the output price (a conservative upper bound)`;
    case 'input-price-for-cache':
      return `${models(assumption.models)} ${agree(assumption.models, 'publishes', 'publish')} no price for ${assumption.kind}: those tokens are priced at the input price`;
    case 'write-price-for-1h-writes':
      return `${models(assumption.models)} ${agree(assumption.models, 'publishes', 'publish')} no price for 1-hour cache writes: they are priced as 5-minute writes`;
    case 'standard-price-for-tier':
      if (assumption.records === 0)
        return `records of the ${assumption.tier} tier are priced at standard prices: ${models(assumption.models)} ${agree(assumption.models, 'has', 'have')} no ${assumption.tier} prices in the catalog`;
      return `${records(assumption.records)} of the ${assumption.tier} tier ${agree(assumption.records, 'is', 'are')} priced at standard prices: ${models(assumption.models)} ${agree(assumption.models, 'has', 'have')} no ${assumption.tier} prices in the catalog`;
    case 'first-price-before-release':
      return `${models(assumption.models)} had no price on some records' dates: those records are priced at ${agree(assumption.models, 'its', 'their')} first price`;
    case 'highest-price-time-of-day-unknown': {
      const one = assumption.records === 1;
      const which =
        assumption.records === 0
          ? 'records without one are'
          : `${records(assumption.records)} ${one ? 'carries' : 'carry'} no time of day and ${one ? 'is' : 'are'}`;
      return `${models(assumption.models)} ${agree(assumption.models, 'has', 'have')} prices that depend on the time of day; ${which} priced at the highest price of ${one ? 'its' : 'their'} day (an upper bound)`;
    }
    case 'charges-not-carried':
      return `${models(assumption.models)} also ${agree(assumption.models, 'charges', 'charge')} for ${UNIT_PRICES[assumption.price].unit}, which these logs do not carry: such charges are not included`;
    case 'web-searches-unpriced': {
      const one = assumption.models.length === 1;
      const how = assumption.searches === 0 ? 'web searches' : counted(assumption.searches, 'web search', 'web searches');
      return `${how} ran on ${models(assumption.models)}, which ${one ? 'has' : 'have'} no web-search price in the catalog: they are not in the cost`;
    }
  }
}

type SourceRead = UsageReport['read']['sources'][number];

/** A source's bad records, skipped with --skip-bad. */
const badOf = (source: SourceRead) => [...source.bad.values()].reduce((sum, bad) => sum + bad, 0);
/** Everything a source left out: lines that hold no usage record, and bad records skipped. */
const skippedOf = (source: SourceRead) => source.skipped + badOf(source);

/** Why a source's lines were skipped: those that hold no usage record, then the bad records (bad: true). */
function skippedReasons(source: SourceRead): { reason: string; count: number; bad: boolean }[] {
  return [
    ...[...source.skippedReasons].map(([reason, count]) => ({ reason, count, bad: false })),
    ...[...source.bad].map(([reason, count]) => ({ reason, count, bad: true })),
  ];
}

/** A re-pricing's figures; JSON gives a mix as compare does (candidate mix and its parts), CSV as one cell of text. */
function repricedFigures(report: UsageResult, line: UsageResult['repriced'][number]) {
  return {
    asked: report.unaskedVia === undefined,
    cost_usd: exact(usdText(line.cost)),
    observed_cost_usd: exact(usdText(line.observedCost)),
    savings_usd: exact(usdText(line.savings)),
    savings_pct: line.savingsPct === null ? null : exact(percentText(line.savingsPct)),
  };
}

function repricedJson(report: UsageResult) {
  return report.repriced.map((line) => ({
    candidate: line.repricing.kind === 'mix' ? 'mix' : repricingName(line.repricing),
    mix: line.repricing.kind === 'mix' ? mixJson(line.repricing) : null,
    ...repricedFigures(report, line),
  }));
}

function assumptionsOf(report: UsageResult, name?: (id: string) => string): { code: string; text: string }[] {
  return [
    ...report.assumptions.map((assumption) => ({ code: assumption.code, text: describeUsageAssumption(assumption, name) })),
    ...report.read.notes.map((note) => ({ code: 'source-note', text: note })),
  ];
}

/** The re-priced table's title: a what-if no flag asked for says so, and through which providers. */
function repricedTitle(report: UsageResult): string {
  const { totals } = report;
  const traffic = `the same traffic (${counted(totals.records, 'priced record')}, ${usdDisplay(totals.cost)})`;
  if (report.unaskedVia === undefined)
    return `${traffic.charAt(0).toUpperCase()}${traffic.slice(1)} on other models, at the prices of each record's date`;
  return `What-if, not asked for: ${traffic} on the catalog's default candidates via ${report.unaskedVia.join(', ')}, at the prices of each record's date`;
}

const UNASKED_NOTE =
  'The catalog names these candidates; no flag asked for them: --on MODEL re-prices on the models you name, --on none leaves this table out.';

/** A row's JSON, the report's fields and counts. */
function rowJson(report: UsageResult) {
  const searches = countsSearches(report);
  return (row: UsageRow) => ({
    ...rowRecord(row, report.by, searches),
    log_models: [...row.logModels],
    provenance: row.provenance.map(provenanceJson),
  });
}

/** The report's JSON around its rows: a list, or (lazyJson) a JsonList of them made one at a time. */
function usageJson<Rows>(report: UsageResult, rows: Rows) {
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(report.catalog),
    assumptions: assumptionsOf(report),
    sources: report.read.sources.map((source) => ({
      path: source.path,
      format: source.format,
      records: source.records,
      skipped: skippedOf(source),
      bad_records: badOf(source),
      duplicates: source.duplicates,
      skipped_reasons: skippedReasons(source),
    })),
    unpriced: report.unpriced.map(unpricedJson),
    rows,
    provenance: report.provenance.entries.map(provenanceJson),
    repriced: repricedJson(report),
    spend_over_time: {
      period: report.spendOverTime.period,
      rows: report.spendOverTime.rows.map((row) => ({ period: row.period, model: row.model, cost_usd: exact(usdText(row.cost)) })),
    },
    ...(report.profile === undefined ? {} : { profile: profileJson(report.profile) }),
    ...(report.plan === undefined ? {} : { plan: planJson(report.plan) }),
    totals: {
      ...tokenFields(report.totals, countsSearches(report)),
      cost_usd: exact(usdText(report.totals.cost)),
      reported_cost_usd: usd(report.totals.reportedCost),
      unpriced_records: report.totals.unpricedRecords,
      bad_records: report.read.sources.reduce((sum, source) => sum + badOf(source), 0),
      outside_records: report.read.outside,
      provenance: report.provenance.levels.map((share) => ({
        level: share.level,
        records: share.records,
        tokens: share.tokens,
        cost_usd: exact(usdText(share.cost)),
        spend_pct: report.totals.cost === 0n ? null : exact(percentText(percentOf(share.cost, report.totals.cost))),
      })),
    },
  };
}

function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U, void, undefined> {
  for (const item of items) yield map(item);
}

/** The --by fields a FOCUS row needs (a day or a month, a provider and a model) added to those given, the period first; a week may cross two billing months. */
export function focusGroupBy(by: readonly GroupField[] = []): GroupField[] {
  if (by.includes('week'))
    throw new GacostError(
      'invalid-option',
      '--format focus groups by day or month, not week: a week may cross two billing periods (months)',
    );
  const period = by.includes('day') ? 'day' : by.includes('month') ? 'month' : 'day';
  return [period, 'provider', 'model', ...by.filter((field) => field !== period && field !== 'provider' && field !== 'model')];
}

const FOCUS_KEYS = new Set<GroupField>(['day', 'month', 'provider', 'model']);

/** The report's rows as FOCUS groups: refused where a row has no day or month, provider and model, or no date. */
function usageFocus(report: UsageResult) {
  const period = report.by.find((field) => field === 'day' || field === 'month');
  if (period === undefined || !report.by.includes('provider') || !report.by.includes('model'))
    throw new GacostError(
      'invalid-option',
      `a FOCUS row is a day or a month, a provider and a model: this usage is grouped by ${report.by.join(', ')}`,
    );
  const undated = report.assumptions.find((assumption) => assumption.code === 'undated-records' && assumption.whatIf !== true);
  if (undated?.code === 'undated-records')
    throw new GacostError(
      'invalid-usage',
      `${records(undated.records)} ${agree(undated.records, 'carries', 'carry')} no time, and a FOCUS row needs its charge period (ChargePeriodStart): their sources' records need times`,
    );
  const keys = report.by.filter((field) => !FOCUS_KEYS.has(field));
  const groups = mapped(report.rows, (row): FocusGroup => {
    const provider = row.keys.provider ?? '';
    const least = Math.max(...row.provenance.map((share) => PROVENANCE_LEVELS.indexOf(share.level)));
    return {
      period: row.keys[period] ?? '',
      provider: report.providerNames[provider] ?? provider,
      model: row.keys.model ?? '',
      totals: row.totals,
      cost: row.cost,
      provenance: { level: PROVENANCE_LEVELS[least] ?? 'exact', text: row.provenance.map(provenanceText).join('; ') },
      logModels: row.logModels,
      extra: Object.fromEntries(keys.map((field) => [field, row.keys[field] ?? ''])),
    };
  });
  return focusTable(groups, { catalogVersion: report.catalog.version, extra: keys });
}

/** The usage tables: the rows and total, then the re-pricings and the routing plan, if any. */
function usageView(report: UsageResult): DisplayTable {
  const reported = some(report.rows, (row) => row.reportedCost !== null);
  const searches = countsSearches(report);
  const sources = report.read.sources;
  const formats = [...new Set(sources.map((source) => source.format))].join(', ');
  const { totals } = report;
  const name = modelNamer(report);
  const keyColumns = report.by.flatMap((field) =>
    field === 'model' ? [left('Model'), { ...left('ID'), wide: true }] : [left(COLUMN_TITLES[field])],
  );
  const keyCells = (keys: UsageRow['keys']): DisplayCell[] =>
    report.by.flatMap((field) => {
      const key = keys[field] || '—';
      return field === 'model' ? [{ text: name(key) }, { text: key }] : [{ text: key }];
    });
  return {
    title: `Usage: ${counted(totals.records, 'record')} from ${counted(sources.length, 'source')} (${formats || 'none'}), each priced on its own date`,
    columns: [
      ...keyColumns,
      { ...right('Records'), drop: 2 },
      right('Input'),
      right('Cached'),
      { ...right('Cache write'), drop: 1 },
      right('Output'),
      ...(searches ? [{ ...right('Web searches'), short: 'Searches', drop: 3 }] : []),
      right('Cost'),
      ...(reported ? [right('Reported')] : []),
    ],
    // Each row's cells made as the table reads them (usage --by session: a row a session), then the total's.
    rows: {
      *[Symbol.iterator]() {
        for (const row of report.rows) {
          yield [
            ...keyCells(row.keys),
            ...tokenCells(row.totals, searches),
            { text: usdDisplay(row.cost), tone: 'strong' },
            ...(reported ? [{ text: row.reportedCost === null ? '—' : usdDisplay(row.reportedCost) }] : []),
          ];
        }
        yield [
          ...keyColumns.map((_, at) => ({ text: at === 0 ? 'Total' : '', tone: 'strong' as const })),
          ...tokenCells(totals, searches),
          { text: usdDisplay(totals.cost), tone: 'strong' },
          ...(reported ? [{ text: totals.reportedCost === null ? '—' : usdDisplay(totals.reportedCost) }] : []),
        ];
      },
    },
    notes: [
      ...(provenanceLine(report) === undefined ? [] : [provenanceLine(report) as string]),
      ...(totals.unpricedRecords > 0 ? [unpricedNote(report)] : []),
      ...skippedNote(report),
      ...(report.profile === undefined ? [] : [profileNote(report.profile)]),
      ...(assumptionsOf(report).length > 0
        ? [
            `Assumptions: ${assumptionsOf(report, proseNamer(report))
              .map((entry) => entry.text)
              .join('; ')}.`,
          ]
        : []),
    ],
    ...(report.repriced.length === 0
      ? report.plan === undefined
        ? {}
        : { next: planView(report.plan) }
      : {
          next: {
            title: repricedTitle(report),
            columns: [left('Re-priced on'), right('Cost'), right('Savings'), right('Saved')],
            rows: report.repriced.map((line): DisplayCell[] => {
              const tone = line.savings < 0n ? 'bad' : 'good';
              return [
                { text: line.repricing.kind === 'model' ? name(line.repricing.model.id) : repricingName(line.repricing) },
                { text: usdDisplay(line.cost), tone: 'strong' },
                { text: usdDisplay(line.savings), tone },
                { text: line.savingsPct === null ? '—' : percentDisplay(line.savingsPct), tone },
              ];
            }),
            notes: report.unaskedVia === undefined ? [] : [UNASKED_NOTE],
            ...(report.plan === undefined ? {} : { next: planView(report.plan) }),
          },
        }),
  };
}

export const usageSpec: ResultSpec<UsageResult, UsageJson> = {
  focus: usageFocus,
  view: (report) => closedBy(usageView(report), catalogNote(report.catalog)),

  csv(report) {
    const whole = (value: number) => exact(String(value));
    switch (report.csvTable ?? 'rows') {
      case 'rows':
        return {
          fields: [
            ...report.by,
            'log_models',
            ...TOKEN_FIELDS,
            ...(countsSearches(report) ? ['web_searches'] : []),
            'cost_usd',
            'reported_cost_usd',
            ...PROVENANCE_FIELDS,
          ],
          records: (function* () {
            for (const row of report.rows)
              yield {
                ...rowRecord(row, report.by, countsSearches(report)),
                log_models: row.logModels.join(' '),
                ...provenanceCells(row.provenance),
              } satisfies Record<string, Cell>;
          })(),
        };
      case 'sources':
        return {
          fields: ['path', 'format', 'records', 'duplicates', 'skipped', 'bad_records'],
          records: report.read.sources.map((source) => ({
            path: source.path,
            format: source.format,
            records: whole(source.records),
            duplicates: whole(source.duplicates),
            skipped: whole(skippedOf(source)),
            bad_records: whole(badOf(source)),
          })),
        };
      case 'skipped':
        return {
          fields: ['path', 'reason', 'bad', 'count'],
          records: report.read.sources.flatMap((source) =>
            skippedReasons(source).map((entry) => ({
              path: source.path,
              reason: entry.reason,
              bad: String(entry.bad),
              count: whole(entry.count),
            })),
          ),
        };
      case 'repriced':
        return {
          fields: ['candidate', 'asked', 'cost_usd', 'observed_cost_usd', 'savings_usd', 'savings_pct'],
          records: report.repriced.map((line) => ({
            candidate: repricingName(line.repricing),
            ...repricedFigures(report, line),
            asked: String(report.unaskedVia === undefined),
          })),
        };
    }
  },

  json: (report) => usageJson(report, Array.from(report.rows, rowJson(report))),
  lazyJson: (report) => usageJson(report, new JsonList(mapped(report.rows, rowJson(report)))),

  report(report, json) {
    const view = usageSpec.view(report);
    const name = proseNamer(report);
    const modelCell = (id: string) => nameCell(name(id), id);
    // A re-pricing by name: a model and its provider, or a mix of models by name and share.
    const repricedName = (line: ExactJson<UsageJson['repriced'][number]>) =>
      line.mix === null
        ? name(line.candidate)
        : `Routing mix of ${line.mix.map((part) => `${report.names.get(part.model)?.name ?? part.model} ${exactText(part.percent)}%`).join(', ')}`;
    const { spend_over_time: spend } = json;
    // Models stacked from the costliest up, so the largest share sits on the axis.
    const totalOf = new Map<string, bigint>();
    for (const row of spend.rows) totalOf.set(row.model, (totalOf.get(row.model) ?? 0n) + chartUnits(exactText(row.cost_usd)));
    const models = [...totalOf].sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1)).map(([model]) => model);
    const periods = calendar(spend.rows.map((row) => row.period));
    const groups = periods.map(
      (period): BarGroup => ({
        label: period,
        bars: spend.rows
          .filter((row) => row.period === period)
          .sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model))
          .map((row) => ({ series: models.indexOf(row.model), value: exactText(row.cost_usd) })),
      }),
    );
    const observed = exactText(json.totals.cost_usd);
    const sections: ReportSection[] = [
      {
        chart:
          spend.rows.length === 0
            ? null
            : {
                kind: 'bars',
                id: 'usage-spend',
                title: [`Observed spend by ${spend.period}, stacked by model`],
                orientation: 'vertical',
                stacked: true,
                thinLabels: true,
                categoryTitle: spend.period === 'day' ? 'Day' : 'Month',
                axis: { title: 'USD', unit: 'usd' },
                series: models.map((model) => ({ name: name(model) })),
                groups,
                rules: [],
              },
        table: {
          caption: `Spend by ${spend.period} and model`,
          columns: [left(spend.period === 'day' ? 'Day' : 'Month'), left('Model'), right('Cost')],
          rows: spend.rows.map((row) => [textCell(row.period), modelCell(row.model), usdCell(row.cost_usd)]),
        },
      },
    ];
    if (json.repriced.length > 0) {
      sections.push({
        chart: {
          kind: 'bars',
          id: 'usage-repriced',
          title: [
            report.unaskedVia === undefined
              ? "The same traffic re-priced, at the prices of each record's date"
              : `What-if, not asked for: the same traffic on the catalog's default candidates via ${report.unaskedVia.join(', ')}, at the prices of each record's date`,
          ],
          orientation: 'horizontal',
          stacked: false,
          categoryTitle: 'Priced on',
          axis: { title: 'USD', unit: 'usd' },
          series: [{ name: 'observed', style: 'baseline' }, { name: 're-priced' }],
          groups: [
            { label: 'observed', bars: [{ series: 0, value: observed }] },
            ...json.repriced.map((line) => ({ label: repricedName(line), bars: [{ series: 1, value: exactText(line.cost_usd) }] })),
          ],
          rules: [{ kind: 'baseline', label: `observed ${pageUsd(observed)}`, value: observed }],
        },
        table: {
          caption: report.unaskedVia === undefined ? 'Observed against re-priced' : 'Observed against re-priced (what-if, not asked for)',
          columns: [left('Priced on'), right('Cost'), right('Savings'), right('Saved')],
          rows: [
            [textCell('observed'), usdCell(json.totals.cost_usd), textCell('—'), textCell('—')],
            ...json.repriced.map((line) => [
              line.mix === null ? modelCell(line.candidate) : textCell(repricedName(line)),
              usdCell(line.cost_usd),
              usdCell(line.savings_usd),
              percentCell(line.savings_pct),
            ]),
          ],
        },
      });
    }
    // What the logs say each record cost (OpenRouter's, LiteLLM's), beside gacost's figure, where any says it.
    const reported = json.rows.some((row) => row.reported_cost_usd !== null);
    sections.push({
      chart: null,
      table: {
        caption: `Usage by ${report.by.join(', ')}`,
        columns: [
          ...report.by.map((field) => left(COLUMN_TITLES[field])),
          ...['Records', 'Input', 'Cached', 'Cache write', 'Output', 'Cost', ...(reported ? ['Reported'] : [])].map(right),
        ],
        rows: [...json.rows, { ...json.totals, total: true as const }].map((row) => [
          ...report.by.map((field, at) =>
            'total' in row
              ? textCell(at === 0 ? 'Total' : '')
              : field === 'model' && row.model
                ? modelCell(row.model)
                : textCell((row[field] ?? '') || '—'),
          ),
          countCell(row.records),
          countCell(row.input_tokens),
          countCell(row.cached_input_tokens),
          countCell(row.cache_write_tokens),
          countCell(row.output_tokens),
          usdCell(row.cost_usd),
          ...(reported ? [usdCell(row.reported_cost_usd)] : []),
        ]),
      },
    });
    if (json.unpriced.length > 0) {
      sections.push({
        chart: null,
        table: {
          caption: 'Not priced (never counted as $0)',
          columns: [left('Log model'), right('Records'), right('Input'), right('Output'), left('Why')],
          rows: json.unpriced.map((entry) => [
            textCell(entry.name),
            countCell(entry.records),
            countCell(entry.input_tokens),
            countCell(entry.output_tokens),
            textCell(entry.reason),
          ]),
        },
      });
    }
    if (report.totals.records > 0) {
      sections.push({
        chart: null,
        table: {
          caption: 'Spend by how it was priced',
          columns: [left('Priced'), right('Records'), right('Tokens'), right('Cost'), right('Share of spend')],
          rows: json.totals.provenance.map((share) => [
            textCell(LEVEL_WORDS[share.level]),
            countCell(share.records),
            countCell(share.tokens),
            usdCell(share.cost_usd),
            percentCell(share.spend_pct),
          ]),
        },
      });
    }
    if (json.provenance.length > 0) {
      // How each log name was found in the catalog and priced: where the provenance line's shares come from.
      sections.push({
        chart: null,
        table: {
          caption: 'How each log name was priced',
          columns: [left('Log model'), left('Priced as'), left('How'), right('Records'), right('Tokens'), right('Cost')],
          rows: json.provenance.map((entry) => [
            textCell(entry.log_model),
            modelCell(entry.model),
            textCell(`${LEVEL_WORDS[entry.level]} (${entry.resolution}${entry.rule === null ? '' : `: ${entry.rule}`})`),
            countCell(entry.records),
            countCell(entry.tokens),
            usdCell(entry.cost_usd),
          ]),
        },
      });
    }
    if (json.plan !== undefined) {
      sections.push({
        chart: null,
        table: {
          caption: view.next?.next?.title ?? view.next?.title ?? 'Routing plan',
          columns: [left('Mix'), right('Cost'), right('Savings'), right('Saved'), right('Downtime min/yr')],
          rows: json.plan.mixes.map((mix) => [
            textCell(mix.shares.map((share) => `${name(share.model)} ${pagePercent(exactText(share.pct))}`).join(', ')),
            usdCell(mix.cost_usd),
            usdCell(mix.savings_usd),
            percentCell(mix.savings_pct),
            mix.downtime_minutes_per_year === null ? textCell('—') : countCell(mix.downtime_minutes_per_year),
          ]),
        },
      });
    }
    return {
      title: [view.title ?? 'Usage'],
      summary: [
        prose`Observed: ${usdFigure(observed)} for ${countFigure(report.totals.records)} priced records${report.totals.unpricedRecords > 0 ? prose`; ${countFigure(report.totals.unpricedRecords)} more could not be priced and are listed below, never counted as $0` : ''}.`,
        ...(models.length === 0 ? [] : [[`Models: ${models.map(name).join('; ')}.`]]),
        ...(provenanceLine(report) === undefined ? [] : [[provenanceLine(report) as string]]),
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections,
      notes: [
        ...viewNotes(view).filter(
          (note) => !note.startsWith('Catalog ') && !note.startsWith('Assumptions: ') && !note.startsWith('Provenance: '),
        ),
        ...assumptionsOf(report, proseNamer(report)).map((entry) => entry.text),
      ],
    };
  },
};

/** A chart's time axis fills the gaps between its periods up to this many; past it, or for periods not days or months of years 2000–9999, it shows the periods as they are. */
const MAX_CALENDAR = 12_000;

/** Every day (YYYY-MM-DD) or month (YYYY-MM) from the first given to the last, so that a chart's time axis has no gaps. */
function calendar(periods: readonly string[]): string[] {
  const sorted = [...new Set(periods)].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return [];
  const monthly = first.length === 7;
  const shape = monthly ? /^[2-9]\d{3}-(0[1-9]|1[0-2])$/ : /^[2-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
  if (!sorted.every((period) => shape.test(period))) return sorted;
  const all: string[] = [];
  for (let at = new Date(`${monthly ? `${first}-01` : first}T00:00:00Z`); all.length <= MAX_CALENDAR; ) {
    const period = at.toISOString().slice(0, monthly ? 7 : 10);
    if (period > last) return all;
    all.push(period);
    if (monthly) at.setUTCMonth(at.getUTCMonth() + 1);
    else at.setUTCDate(at.getUTCDate() + 1);
  }
  return sorted;
}

/** A row's counts as the table shows them: tokens in the short form (65,981,622 as 66M; JSON and CSV have them exact). */
function tokenCells(totals: TokenTotals, searches: boolean): DisplayCell[] {
  const tokens = (value: number) => formatTokensShort(BigInt(value));
  return [
    { text: count(totals.records) },
    { text: tokens(totals.inputTokens) },
    { text: tokens(totals.cachedInputTokens) },
    { text: tokens(totals.cacheWriteTokens + totals.cacheWrite1hTokens) },
    { text: tokens(totals.outputTokens) },
    ...(searches ? [{ text: count(totals.webSearches) }] : []),
  ];
}

const UNPRICED_WHY: Record<string, string> = {
  'unknown-model': 'unknown to the catalog',
  'ambiguous-model': 'claimed by several providers (--provider says which)',
  'no-published-price': 'no published price',
  'no-price-on-date': 'no price on their dates',
};

/** Which names could not be priced, grouped by why (JSON's unpriced has each reason in full). */
export function unpricedNote(report: Pick<UsageResult, 'unpriced' | 'totals'>): string {
  const byWhy = new Map<string, string[]>();
  for (const entry of report.unpriced) {
    const names = byWhy.get(entry.code);
    if (names === undefined) byWhy.set(entry.code, [entry.name]);
    else names.push(entry.name);
  }
  const why = [...byWhy].map(([code, names]) => `${UNPRICED_WHY[code] ?? code}: ${names.join(', ')}`).join('; ');
  return `${counted(report.totals.unpricedRecords, 'record')} (${counted(report.totals.unpricedTokens, 'token')}) could not be priced, none counted as $0 (gacost models --match NAME says why): ${why}.`;
}

/** Lines that held no usage record, and responses counted once, over every source. */
function skippedNote(report: UsageResult): string[] {
  const reasons = new Map<string, number>();
  let duplicates = 0;
  for (const source of report.read.sources) {
    duplicates += source.duplicates;
    for (const [reason, skipped] of source.skippedReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + skipped);
  }
  const notes: string[] = [];
  if (reasons.size > 0)
    notes.push(`Not usage records, skipped: ${[...reasons].map(([reason, skipped]) => countedPhrase(skipped, reason)).join(', ')}.`);
  const bad = badNote(report);
  if (bad !== undefined) notes.push(bad);
  if (duplicates > 0)
    notes.push(
      `${counted(duplicates, 'line')} repeated a response already counted (Claude Code writes a line for each content block of a response): each response counted once.`,
    );
  return notes;
}

/** Bad records skipped with --skip-bad, by reason, and the sources that held them (the first few). */
function badNote(report: UsageResult): string | undefined {
  const reasons = new Map<string, { total: number; sources: [string, number][] }>();
  for (const source of report.read.sources) {
    for (const [reason, bad] of source.bad) {
      const entry = reasons.get(reason) ?? { total: 0, sources: [] };
      entry.total += bad;
      entry.sources.push([source.path, bad]);
      reasons.set(reason, entry);
    }
  }
  if (reasons.size === 0) return undefined;
  const where = (sources: readonly [string, number][]) =>
    `${sources
      .slice(0, BAD_SOURCES_SHOWN)
      .map(([path, bad]) => `${count(bad)} in ${path}`)
      .join(', ')}${sources.length > BAD_SOURCES_SHOWN ? `, and ${counted(sources.length - BAD_SOURCES_SHOWN, 'more source')}` : ''}`;
  return `Unreadable records skipped (--skip-bad): ${[...reasons].map(([reason, { total, sources }]) => `${countedPhrase(total, reason)} (${where(sources)})`).join('; ')}.`;
}

/** Sources named per reason of bad records in the table's note; JSON and --table skipped have them all. */
const BAD_SOURCES_SHOWN = 3;

function profileJson(profile: UsageProfile) {
  const reasons: Record<string, string> = {};
  const measured = <T, J>(name: string, figure: Measured<T>, json: (value: T) => J): J | null => {
    if (figure.value !== null) return json(figure.value);
    reasons[name] = figure.reason ?? '';
    return null;
  };
  const decimal = (value: bigint) => exact(profileText(value));
  return {
    measured_from: { records: profile.records, requests: profile.requests, first_day: profile.first, last_day: profile.last },
    months: profile.months.map((month) => ({
      month: month.month,
      full: month.full,
      tokens: exact(month.tokens.toString()),
      models: [...month.models]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([model, tokens]) => ({ model, tokens: exact(tokens.toString()) })),
    })),
    input_share: measured('input_share', profile.inputShare, decimal),
    cached_share: measured('cached_share', profile.cachedShare, decimal),
    cache_write_share: measured('cache_write_share', profile.cacheWriteShare, decimal),
    tokens_per_request: measured('tokens_per_request', profile.tokensPerRequest, (value) => ({
      mean: exact(value.mean.toString()),
      p50: exact(value.p50.toString()),
      p95: exact(value.p95.toString()),
    })),
    requests_per_minute: measured('requests_per_minute', profile.requestsPerMinute, (value) => ({
      average: decimal(value.average),
      peak: decimal(value.peak),
    })),
    growth: measured('growth', profile.growth, (value) => ({ monthly_pct: decimal(value.monthlyPct), months: [...value.months] })),
    reasons,
  };
}

/** The profile in one line of words. */
function profileNote(profile: UsageProfile): string {
  const pct = (figure: Measured<bigint>, what: string) =>
    figure.value === null ? `${what}: — (${figure.reason})` : `${what} ${trimPercent(figure.value)}`;
  const sizes = profile.tokensPerRequest.value;
  const rates = profile.requestsPerMinute.value;
  const growth = profile.growth.value;
  const full = profile.months.filter((month) => month.full).map((month) => month.month);
  return [
    `Profile of ${counted(profile.records, 'record')} (${profile.first ?? '—'} to ${profile.last ?? '—'}; full months: ${full.length === 0 ? 'none' : full.join(', ')}):`,
    `${pct(profile.inputShare, 'input')} of tokens,`,
    `${pct(profile.cachedShare, 'cache reads')} and ${pct(profile.cacheWriteShare, 'cache writes')} of input;`,
    sizes === null
      ? `tokens per request: — (${profile.tokensPerRequest.reason});`
      : `tokens per request mean ${count(Number(sizes.mean))}, p50 ${count(Number(sizes.p50))}, p95 ${count(Number(sizes.p95))};`,
    rates === null
      ? `requests per minute: — (${profile.requestsPerMinute.reason});`
      : `requests per minute ${profileText(rates.average).replace(TRAILING_ZEROS, '$1')} on average, ${profileText(rates.peak).replace(TRAILING_ZEROS, '$1')} at the peak;`,
    growth === null
      ? `growth: — (${profile.growth.reason}).`
      : `growth ${formatDecimal(growth.monthlyPct, PROFILE_SCALE).replace(TRAILING_ZEROS, '$1')}% a month (${growth.months[0]} to ${growth.months.at(-1)}).`,
  ].join(' ');
}

/** Zeros after a decimal point that say nothing (and the point, when only zeros follow it). */
const TRAILING_ZEROS = /(?:(\.\d*?[1-9])|\.)0*$/;

/** A share (×10^6) as a percentage, or a percent (×10^6) as itself: 0.753125 → 75.3125%. */
function trimPercent(value: bigint): string {
  return `${formatDecimal(value, 4).replace(TRAILING_ZEROS, '$1')}%`;
}

const mixText = (plan: RoutingPlan, shares: readonly number[]) =>
  plan.paths.flatMap((path, at) => ((shares[at] ?? 0) === 0 ? [] : [`${path.model.id}=${shares[at]}%`])).join(', ');

function planJson(plan: RoutingPlan) {
  return {
    paths: plan.paths.map((path) => ({
      model: path.model.id,
      role: path.role,
      cost_usd: exact(usdText(path.cost)),
      availability_pct: path.availability === null ? null : exact(formatDecimal(path.availability, 6)),
    })),
    premium_share_pct: plan.constraints.premiumPct,
    failover_share_pct: plan.constraints.failoverPct,
    mixes: plan.mixes.map((mix) => ({
      shares: plan.paths.flatMap((path, at) => ((mix.shares[at] ?? 0) === 0 ? [] : [{ model: path.model.id, pct: mix.shares[at] ?? 0 }])),
      cost_usd: exact(usdText(mix.cost)),
      savings_usd: exact(usdText(mix.savings)),
      savings_pct: mix.savingsPct === null ? null : exact(percentText(mix.savingsPct)),
      downtime_minutes_per_year: mix.downtimeMinutes === null ? null : exact(formatDecimal(mix.downtimeMinutes, 2)),
    })),
  };
}

function planView(plan: RoutingPlan): DisplayTable {
  const unknown = plan.paths.filter((path) => path.availability === null).map((path) => path.model.id);
  return {
    title: `Routing plan: the cheapest mixes of the router's paths with at least ${plan.constraints.premiumPct}% on premium paths and ${plan.constraints.failoverPct}% on another provider`,
    columns: [
      left('Mix'),
      right('Cost'),
      { ...right('Savings'), drop: 1 },
      right('Saved'),
      { ...right('Downtime min/yr'), short: 'Downtime' },
    ],
    rows: plan.mixes.map((mix): DisplayCell[] => [
      { text: mixText(plan, mix.shares) },
      { text: usdDisplay(mix.cost), tone: 'strong' },
      { text: usdDisplay(mix.savings), tone: mix.savings < 0n ? 'bad' : 'good' },
      { text: mix.savingsPct === null ? '—' : percentDisplay(mix.savingsPct) },
      { text: mix.downtimeMinutes === null ? '—' : formatDecimal(mix.downtimeMinutes, 2) },
    ]),
    notes: [
      `Paths: ${plan.paths.map((path) => `${path.role} ${path.model.id} (${usdDisplay(path.cost)} alone)`).join(', ')}; shares in steps of 5%.`,
      `Downtime: minutes a year with every path of the mix down at once, paths failing independently at the availability their catalog entry states: a bound no failover router beats.${unknown.length > 0 ? ` — where a path states none (${unknown.join(', ')}; --availability MODEL=PCT states one).` : ''}`,
    ],
  };
}

/** A model name no record of which could be priced, as the JSON of usage and check --usage lists it. */
export function unpricedJson(entry: UnpricedName) {
  return {
    name: entry.name,
    records: entry.totals.records,
    input_tokens: entry.totals.inputTokens,
    output_tokens: entry.totals.outputTokens,
    code: entry.code,
    reason: entry.reason,
  };
}
