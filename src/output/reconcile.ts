import type { CatalogInfo } from '../core/catalog.js';
import { type Percent, percentDisplay, percentText, type Usd, usdDisplay, usdText } from '../core/money.js';
import {
  type AssumedCost,
  type BillCategory,
  CAUSES,
  type Cause,
  type Explanation,
  getExitCode,
  type Reconciliation,
} from '../core/reconcile.js';
import { type ModelNames, PROVENANCE_LEVELS, type UnpricedName } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import { catalogJson } from './catalog-json.js';
import type { ReconcileJson } from './contract.js';
import { type Cell, exact } from './exact.js';
import { type FocusCharge, type FocusGroup, focusTable } from './focus.js';
import {
  countCell,
  countFigure,
  exactText,
  type Figure,
  nameCell,
  type Prose,
  percentCell,
  percentFigure,
  prose,
  textCell,
  usdCell,
  usdFigure,
  viewNotes,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { provenanceText, unpricedJson } from './usage.js';
import { catalogNote, type DisplayCell, left, right } from './view.js';
import { agree, counted } from './words.js';

/** What `gacost reconcile` prints: the reconciliation and what it was made of. */
export interface ReconcileResult extends Reconciliation {
  readonly catalog: CatalogInfo;
  /** The catalog's providers by key: their names. */
  readonly providerNames: Readonly<Record<string, string>>;
  /** The catalog's name and provider name of each model of the groups, by id. */
  readonly names: ReadonlyMap<string, ModelNames>;
  readonly bills: readonly { readonly path: string; readonly source: string; readonly title: string; readonly lines: number }[];
  readonly fx: readonly { readonly currency: string; readonly rate: string; readonly lines: number }[];
  readonly tolerance: Percent | null;
  readonly unpriced: readonly UnpricedName[];
  readonly read: { readonly outside: number };
}

/** Each cause in words. */
const CAUSE_TEXT: Record<Cause, string> = {
  unpriced: 'unpriced records',
  'days-without-logs': 'days the logs lack',
  'days-without-bill': 'days the bill lacks',
  'web-search': 'web search',
  storage: 'storage',
  'fine-tuning': 'fine-tuning',
  batch: 'batch',
  credit: 'credits',
  tax: 'tax',
  other: 'other line items',
};

/** A signed amount for people: "+$1.00", "-$0.50". */
const signed = (value: Usd): string => (value > 0n ? `+${usdDisplay(value)}` : usdDisplay(value));
const signedPct = (value: Percent | null): string => (value === null ? '—' : `${value > 0n ? '+' : ''}${percentDisplay(value)}`);

/** The one line that says it all: "computed $X, billed $Y, error +Z% (explained: …; unexplained: $U)". */
function headline(result: Reconciliation): string {
  const { totals } = result;
  const explained = totals.explained.map((entry) => `${CAUSE_TEXT[entry.cause]} ${signed(entry.amount)}`).join(', ');
  return `computed ${usdDisplay(totals.computed)}, billed ${usdDisplay(totals.billed)}, error ${signedPct(totals.errorPct)} (explained: ${explained === '' ? 'nothing' : explained}; unexplained: ${signed(totals.unexplained)})`;
}

/** The headline as the page says it: each figure to cents, its exact decimal kept in data-value. */
function pageHeadline(result: Reconciliation): Prose {
  const { totals } = result;
  const signedFigure = (value: Usd): Figure => {
    const figure = usdFigure(usdText(value));
    return value > 0n ? { ...figure, text: `+${figure.text}` } : figure;
  };
  const error: Figure | string =
    totals.errorPct === null ? '—' : { ...percentFigure(percentText(totals.errorPct)), text: signedPct(totals.errorPct) };
  const explained: (string | Figure)[] = [];
  for (const [at, entry] of totals.explained.entries()) {
    explained.push(at === 0 ? '' : ', ', `${CAUSE_TEXT[entry.cause]} `, signedFigure(entry.amount));
  }
  return prose`computed ${usdFigure(usdText(totals.computed))}, billed ${usdFigure(usdText(totals.billed))}, error ${[error]} (explained: ${explained.length === 0 ? 'nothing' : explained}; unexplained: ${signedFigure(totals.unexplained)})`;
}

const explainedSum = (explained: readonly Explanation[]): Usd => explained.reduce((sum, entry) => sum + entry.amount, 0n) as Usd;

/**
 * A group's model or line item for people, beside its provider's name: a catalog model by its name (its
 * id where two models of one provider read the same, or where the catalog has none: an unpriced log
 * name), a line item as the bill writes it and its category. The id is in --wide, JSON and CSV.
 */
function itemNamer(
  result: Pick<ReconcileResult, 'names'>,
): (group: Pick<ReconcileResult['groups'][number], 'item' | 'category'>) => string {
  const seen = new Map<string, number>();
  for (const names of result.names.values()) {
    const label = JSON.stringify([names.provider, names.name]);
    seen.set(label, (seen.get(label) ?? 0) + 1);
  }
  const modelName = (id: string) => {
    const names = result.names.get(id);
    return names === undefined || (seen.get(JSON.stringify([names.provider, names.name])) ?? 0) > 1 ? id : names.name;
  };
  return ({ item, category }) =>
    category !== 'usage' ? `${item ?? category} (${category})` : item === null ? '(all models)' : modelName(item);
}

/** A provider by its name in the catalog; by its key where the catalog has none. */
const providerName = (result: Pick<ReconcileResult, 'providerNames'>, key: string): string => result.providerNames[key] ?? key;

const GROUP_FIELDS = [
  'period',
  'provider',
  'item',
  'category',
  'computed_usd',
  'billed_usd',
  'difference_usd',
  'error_pct',
  ...CAUSES.map((cause) => `explained_${cause.replaceAll('-', '_')}_usd`),
  'unexplained_usd',
  'records',
  'unpriced_records',
  'bill_lines',
] as const;

const explanationJson = (entry: Explanation) => ({
  cause: entry.cause,
  amount_usd: exact(usdText(entry.amount)),
  lines: entry.lines,
  about: entry.about,
});
const assumedJson = (entry: AssumedCost) => ({ basis: entry.basis, cost_usd: exact(usdText(entry.cost)) });
const pctJson = (value: Percent | null) => (value === null ? null : exact(percentText(value)));
/** Computed, billed, their difference and its error: the figures JSON and CSV give the whole and each group alike. */
const differenceJson = (figures: Pick<Reconciliation['totals'], 'computed' | 'billed' | 'difference' | 'errorPct'>) => ({
  computed_usd: exact(usdText(figures.computed)),
  billed_usd: exact(usdText(figures.billed)),
  difference_usd: exact(usdText(figures.difference)),
  error_pct: pctJson(figures.errorPct),
});

/** Notes: the causes in detail, what was not booked, what was left out, and where the unexplained may come from. */
function notesOf(result: ReconcileResult): string[] {
  const { totals } = result;
  const notes: string[] = [
    `Difference = computed − billed; each cause is its part of it (a charge the logs lack is below 0, a credit above).`,
    `Bills: ${result.bills.map((bill) => `${bill.path} (${bill.title}, ${counted(bill.lines, 'line')})`).join('; ')}.`,
  ];
  for (const entry of totals.explained)
    notes.push(`${CAUSE_TEXT[entry.cause]}: ${signed(entry.amount)} on ${counted(entry.lines, 'line')} (${listed(entry.about)}).`);
  for (const { currency, rate, lines } of result.fx)
    notes.push(
      lines === 0
        ? `No bill line is in ${currency}: --fx ${currency}=${rate} converted nothing.`
        : `Converted ${counted(lines, 'line')} in ${currency} at ${rate} USD per ${currency} (--fx).`,
    );
  if (result.duplicates.count > 0)
    notes.push(
      `${counted(result.duplicates.count, 'bill line')} given twice, ${usdDisplay(result.duplicates.amount)}, booked once: ${listed(result.duplicates.pairs.map((pair) => `${pair.position} repeats ${pair.of}`))}.`,
    );
  if (result.overlaps.count > 0)
    notes.push(
      `${counted(result.overlaps.count, 'bill line')} overlapping the days of another of the same charge, ${usdDisplay(result.overlaps.amount)}, not booked: ${listed(result.overlaps.pairs.map((pair) => `${pair.position} overlaps ${pair.of}`))}.`,
    );
  for (const period of result.periodsWithoutUsage)
    notes.push(`${period.period}: ${usdDisplay(period.billed)} billed by ${providerName(result, period.provider)}, and no usage record.`);
  for (const other of result.otherProviders)
    notes.push(
      `Usage of ${providerName(result, other.provider)}, which the bill does not name (${counted(other.records, 'record')}, ${usdDisplay(other.cost)}): left out.`,
    );
  if (result.read.outside > 0) notes.push(`${counted(result.read.outside, 'usage record')} outside the bill's days: left out.`);
  if (totals.unpricedRecords > 0)
    notes.push(
      `${counted(totals.unpricedRecords, 'record')} could not be priced (${result.unpriced.map((entry) => entry.name).join(', ')}): never counted as $0; where the bill charges for ${agree(result.unpriced, 'its model', 'their models')}, that amount is explained.`,
    );
  if (totals.unexplained !== 0n && totals.assumed.length > 0)
    notes.push(
      `Of the computed cost, ${totals.assumed.map((entry) => `${usdDisplay(entry.cost)} rests on ${entry.basis === 'rule' ? 'a model a match rule found' : `assumed prices (${entry.basis})`}`).join(', ')}: where the unexplained difference is likeliest to come from.`,
    );
  if (result.tolerance !== null)
    notes.push(
      `Tolerance ${percentDisplay(result.tolerance)} of billed for the unexplained difference: ${getExitCode(result, result.tolerance) === 0 ? 'within it' : 'beyond it (exit 1)'}.`,
    );
  notes.push(catalogNote(result.catalog));
  return notes;
}

function listed(items: readonly string[]): string {
  return items.length > 6 ? `${items.slice(0, 6).join(', ')} and ${items.length - 6} more` : items.join(', ');
}

/**
 * FOCUS's category of a bill's charge other than tokens: Credit and Tax as FOCUS has them; web search,
 * storage, fine-tuning and batch are consumption (Usage); the rest, a FOCUS bill's Purchase or
 * Adjustment or a line no category names, is FOCUS's Adjustment ("charges … that do not fall into
 * other category values"): gacost cannot tell which it was.
 */
const FOCUS_CATEGORIES: Record<Exclude<BillCategory, 'usage'>, FocusCharge['category']> = {
  'web-search': 'Usage',
  storage: 'Usage',
  'fine-tuning': 'Usage',
  batch: 'Usage',
  credit: 'Credit',
  tax: 'Tax',
  other: 'Adjustment',
};

/** The reconciliation's figures of a group, each an x_ column of its FOCUS row (x_Difference…). */
const FOCUS_EXTRA = ['billCategory', 'billLines', 'unpricedRecords', 'difference', 'explained', 'explainedBy', 'unexplained'] as const;

/**
 * A FOCUS row a group: the tokens of a model (or of every model, where the bill names none: SkuId
 * `provider/*`) with the computed cost and the bill's amount as BilledCost; the bill's other line
 * items as charges of their FOCUS category; the reconciliation's figures in x_ columns.
 */
function reconcileFocus(result: ReconcileResult) {
  const undated = result.groups.filter((group) => group.period === 'undated').length;
  if (undated > 0)
    throw new GacostError(
      'invalid-option',
      `a FOCUS row needs its charge period (ChargePeriodStart): ${counted(undated, 'group')} of this reconciliation ${agree(undated, 'is', 'are')} undated (bill lines or usage records without a time)`,
    );
  const rows = result.groups.map((group): FocusGroup | FocusCharge => {
    const provider = result.providerNames[group.provider] ?? group.provider;
    const explained = explainedSum(group.explained);
    const extra: Record<(typeof FOCUS_EXTRA)[number], Cell> = {
      billCategory: group.category,
      billLines: exact(String(group.billLines)),
      unpricedRecords: exact(String(group.unpricedRecords)),
      difference: exact(usdText(group.difference)),
      explained: exact(usdText(explained)),
      explainedBy: group.explained.map((entry) => `${entry.cause} ${usdText(entry.amount)}`).join('; ') || null,
      unexplained: exact(usdText(group.unexplained)),
    };
    if (group.category !== 'usage')
      return {
        period: group.period,
        provider,
        category: FOCUS_CATEGORIES[group.category],
        item: group.item ?? group.category,
        lines: group.billLines,
        billed: group.billed,
        extra,
      };
    const least = Math.max(-1, ...group.provenance.map((provenance) => PROVENANCE_LEVELS.indexOf(provenance.level)));
    return {
      period: group.period,
      provider,
      model: group.item ?? `${group.provider}/*`,
      totals: group.totals,
      cost: group.computed,
      billed: group.billed,
      provenance: { level: PROVENANCE_LEVELS[least] ?? null, text: group.provenance.map(provenanceText).join('; ') },
      logModels: group.logModels,
      extra,
    };
  });
  return focusTable(rows, { catalogVersion: result.catalog.version, extra: FOCUS_EXTRA });
}

export const reconcileSpec: ResultSpec<ReconcileResult, ReconcileJson> = {
  focus: reconcileFocus,
  view(result) {
    const { totals } = result;
    const itemName = itemNamer(result);
    const cells = (computed: Usd, billed: Usd, difference: Usd, error: Percent | null, explained: Usd, unexplained: Usd): DisplayCell[] => [
      { text: usdDisplay(computed) },
      { text: usdDisplay(billed) },
      { text: signed(difference) },
      { text: signedPct(error) },
      { text: signed(explained) },
      { text: signed(unexplained), tone: unexplained === 0n ? 'good' : 'warn' },
    ];
    return {
      title: `gacost reconcile: ${headline(result)}`,
      // To fit a terminal: the explained amount goes first (the notes give it by cause; it is the
      // difference less the unexplained), then the error, then the provider (one, most often).
      columns: [
        { ...left(result.by === 'day' ? 'Day' : 'Month'), shrink: false },
        { ...left('Provider'), drop: 3 },
        { ...left('Model / line item'), short: 'Model / item' },
        { ...left('ID'), wide: true },
        right('Computed'),
        right('Billed'),
        { ...right('Difference'), short: 'Diff' },
        { ...right('Error'), drop: 2 },
        { ...right('Explained'), drop: 1 },
        { ...right('Unexplained'), short: 'Unexpl.' },
      ],
      rows: [
        ...result.groups.map((group): DisplayCell[] => [
          { text: group.period },
          { text: providerName(result, group.provider) },
          { text: itemName(group) },
          { text: group.item ?? '' },
          ...cells(group.computed, group.billed, group.difference, group.errorPct, explainedSum(group.explained), group.unexplained),
        ]),
        [
          { text: 'Total', tone: 'strong' },
          { text: '' },
          { text: '' },
          { text: '' },
          ...cells(totals.computed, totals.billed, totals.difference, totals.errorPct, explainedSum(totals.explained), totals.unexplained),
        ],
      ],
      notes: notesOf(result),
    };
  },

  csv: (result) => ({
    fields: GROUP_FIELDS,
    records: result.groups.map((group) => {
      const byCause = Object.fromEntries(
        CAUSES.map((cause) => {
          const entry = group.explained.find((explained) => explained.cause === cause);
          return [`explained_${cause.replaceAll('-', '_')}_usd`, entry === undefined ? null : exact(usdText(entry.amount))];
        }),
      );
      return {
        period: group.period,
        provider: group.provider,
        item: group.item,
        category: group.category,
        ...differenceJson(group),
        ...byCause,
        unexplained_usd: exact(usdText(group.unexplained)),
        records: exact(String(group.records)),
        unpriced_records: exact(String(group.unpricedRecords)),
        bill_lines: exact(String(group.billLines)),
      } satisfies Record<string, Cell>;
    }),
  }),

  json: (result) => {
    const { totals } = result;
    return {
      schema_version: JSON_SCHEMA_VERSION,
      catalog: catalogJson(result.catalog),
      by: result.by,
      headline: headline(result),
      totals: {
        ...differenceJson(totals),
        explained: totals.explained.map(explanationJson),
        unexplained_usd: exact(usdText(totals.unexplained)),
        unexplained_pct: pctJson(totals.unexplainedPct),
        records: totals.records,
        unpriced_records: totals.unpricedRecords,
        assumed: totals.assumed.map(assumedJson),
      },
      periods: periodsOf(result).map((period) => ({
        period: period.period,
        computed_usd: exact(usdText(period.computed)),
        billed_usd: exact(usdText(period.billed)),
        unexplained_usd: exact(usdText(period.unexplained)),
      })),
      tolerance_pct: pctJson(result.tolerance),
      within_tolerance: result.tolerance === null ? null : getExitCode(result, result.tolerance) === 0,
      groups: result.groups.map((group) => ({
        period: group.period,
        provider: group.provider,
        item: group.item,
        category: group.category,
        ...differenceJson(group),
        explained: group.explained.map(explanationJson),
        unexplained_usd: exact(usdText(group.unexplained)),
        records: group.records,
        unpriced_records: group.unpricedRecords,
        bill_lines: group.billLines,
        assumed: group.assumed.map(assumedJson),
      })),
      bills: result.bills.map((bill) => ({ path: bill.path, source: bill.source, lines: bill.lines })),
      fx: result.fx.map((rate) => ({ currency: rate.currency, usd_per_unit: exact(rate.rate), lines: rate.lines })),
      duplicates: notBookedJson(result.duplicates),
      overlaps: notBookedJson(result.overlaps),
      periods_without_usage: result.periodsWithoutUsage.map((period) => ({
        period: period.period,
        provider: period.provider,
        billed_usd: exact(usdText(period.billed)),
      })),
      other_providers: result.otherProviders.map((other) => ({
        provider: other.provider,
        records: other.records,
        cost_usd: exact(usdText(other.cost)),
      })),
      outside_records: result.read.outside,
      unpriced: result.unpriced.map(unpricedJson),
    };
  },

  report(result, json) {
    const view = reconcileSpec.view(result);
    const itemName = itemNamer(result);
    const { totals } = json;
    return {
      title: ['gacost reconcile: computed against billed'],
      summary: [
        pageHeadline(result),
        ...(totals.unexplained_pct === null ? [] : [prose`Unexplained: ${percentFigure(totals.unexplained_pct)} of billed.`]),
        prose`Bills: ${json.bills.flatMap((bill, at) => [...(at === 0 ? [] : ['; ']), ...prose`${bill.path} (${countFigure(bill.lines)} ${agree(Number(exactText(bill.lines)), 'line', 'lines')})`])}; ${countFigure(json.outside_records)} usage ${agree(Number(exactText(json.outside_records)), 'record', 'records')} outside the bill's days left out.`,
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'reconcile-periods',
            title: [`Computed against billed, by ${result.by}`],
            orientation: 'vertical',
            stacked: false,
            thinLabels: true,
            categoryTitle: result.by === 'day' ? 'Day' : 'Month',
            axis: { title: 'USD', unit: 'usd' },
            series: [{ name: 'computed' }, { name: 'billed', style: 'baseline' }],
            groups: json.periods.map((period) => ({
              label: period.period,
              bars: [
                { series: 0, value: exactText(period.computed_usd) },
                { series: 1, value: exactText(period.billed_usd) },
              ],
            })),
            rules: [],
          },
          table: {
            caption: `Computed and billed by ${result.by}`,
            columns: [left(result.by === 'day' ? 'Day' : 'Month'), right('Computed'), right('Billed'), right('Unexplained')],
            rows: [
              ...json.periods.map((period) => [
                textCell(period.period),
                usdCell(period.computed_usd),
                usdCell(period.billed_usd),
                usdCell(period.unexplained_usd),
              ]),
              [textCell('Total'), usdCell(totals.computed_usd), usdCell(totals.billed_usd), usdCell(totals.unexplained_usd)],
            ],
          },
        },
        {
          chart: null,
          table: {
            caption: 'Computed, billed and the difference explained',
            columns: [
              left(result.by === 'day' ? 'Day' : 'Month'),
              left('Provider'),
              left('Model / line item'),
              right('Computed'),
              right('Billed'),
              right('Difference'),
              right('Error'),
              right('Unexplained'),
              right('Records'),
              right('Bill lines'),
            ],
            rows: [
              ...json.groups.map((group) => [
                textCell(group.period),
                textCell(providerName(result, group.provider)),
                group.category === 'usage' && group.item !== null ? nameCell(itemName(group), group.item) : textCell(itemName(group)),
                usdCell(group.computed_usd),
                usdCell(group.billed_usd),
                usdCell(group.difference_usd),
                percentCell(group.error_pct),
                usdCell(group.unexplained_usd),
                countCell(group.records),
                countCell(group.bill_lines),
              ]),
              [
                textCell('Total'),
                textCell(''),
                textCell(''),
                usdCell(totals.computed_usd),
                usdCell(totals.billed_usd),
                usdCell(totals.difference_usd),
                percentCell(totals.error_pct),
                usdCell(totals.unexplained_usd),
                countCell(totals.records),
                textCell(''),
              ],
            ],
          },
        },
        ...(totals.explained.length === 0
          ? []
          : [
              {
                chart: null,
                table: {
                  caption: 'The difference explained, by cause',
                  columns: [left('Cause'), right('Amount'), right('Lines'), left('About')],
                  rows: totals.explained.map((entry) => [
                    textCell(CAUSE_TEXT[entry.cause]),
                    usdCell(entry.amount_usd),
                    countCell(entry.lines),
                    textCell(entry.about.join(', ')),
                  ]),
                },
              },
            ]),
      ],
      notes: viewNotes(view),
    };
  },
};

/** Each period's groups summed, in order. */
function periodsOf(result: Reconciliation): { period: string; computed: Usd; billed: Usd; unexplained: Usd }[] {
  const periods = new Map<string, { period: string; computed: Usd; billed: Usd; unexplained: Usd }>();
  for (const group of result.groups) {
    const sums = periods.get(group.period) ?? { period: group.period, computed: 0n as Usd, billed: 0n as Usd, unexplained: 0n as Usd };
    periods.set(group.period, {
      period: group.period,
      computed: (sums.computed + group.computed) as Usd,
      billed: (sums.billed + group.billed) as Usd,
      unexplained: (sums.unexplained + group.unexplained) as Usd,
    });
  }
  return [...periods.values()];
}

function notBookedJson(notBooked: Reconciliation['duplicates']) {
  return {
    count: notBooked.count,
    amount_usd: exact(usdText(notBooked.amount)),
    lines: notBooked.pairs.map((pair) => ({ position: pair.position, of: pair.of })),
  };
}
