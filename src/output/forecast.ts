import { candidateId } from '../core/candidate.js';
import { DAYS_PER_MONTH, type Forecast, type Outlook } from '../core/forecast.js';
import { type Usd, usdDisplay as usdRounded, usdText } from '../core/money.js';
import { formatTokens, formatTokensShort } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { ForecastJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { nameOf, namesOf, observedProse } from './display-names.js';
import { type Cell, exact } from './exact.js';
import { observedJson, observedOf, observedPeriod, pricedOn } from './observed.js';
import {
  countCell,
  countFigure,
  exactText,
  type Figure,
  type LineChart,
  nameCell,
  type Prose,
  pageUsd,
  prose,
  proseText,
  tokensFigure,
  usdCell,
  usdFigure,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { tokenPricingJson } from './token-pricing-json.js';
import { bar, candidateName, candidateProse, catalogNote, type DisplayCell, left, observedSpendNote, right } from './view.js';

/** One row per (month, candidate) of `forecast`. */
const FORECAST_FIELDS = ['month', 'model', 'tokens', 'cost_usd', 'cumulative_usd', 'credits_left_usd'] as const;

const usd = (value: Usd | null) => (value === null ? null : exact(usdText(value)));

const observedIn = (forecast: Forecast) => observedOf(forecast.candidates);

function records(forecast: Forecast) {
  const observed = observedIn(forecast) !== undefined;
  return forecast.rows.map(
    (row) =>
      ({
        month: exact(String(row.month)),
        model: candidateId(row.candidate),
        ...(observed ? { priced_on: pricedOn(row.candidate) } : {}),
        tokens: exact(row.tokens.toString()),
        cost_usd: exact(usdText(row.cost)),
        cumulative_usd: exact(usdText(row.cumulative)),
        credits_left_usd: usd(row.creditsLeft),
      }) satisfies Record<(typeof FORECAST_FIELDS)[number], Cell>,
  );
}

const months = (forecast: Forecast) => forecast.rows.length / Math.max(1, forecast.candidates.length);

/** The budget-crossing month and the credit runway of one candidate, in words (the terminal's note: money to cents). */
function outlookNote(forecast: Forecast, outlook: Outlook, named: boolean): string {
  return proseText(outlookProse(forecast, outlook, named, usdRounded));
}

/** outlookNote with its figures as the page shows them (usdFigure: to cents, exact in data-value). */
function outlookProse(forecast: Forecast, outlook: Outlook, named: boolean, usdDisplay: (value: Usd) => string | Figure): Prose {
  const parts: Prose[] = [];
  if (forecast.budget !== null) {
    parts.push(
      outlook.budgetExceededMonth !== null
        ? prose`monthly spend first exceeds ${usdDisplay(forecast.budget)} in month ${countFigure(outlook.budgetExceededMonth)}`
        : outlook.budgetExceededLater !== null
          ? prose`monthly spend stays within ${usdDisplay(forecast.budget)} for these ${countFigure(months(forecast))} months; at this growth it would first exceed it in month ${countFigure(outlook.budgetExceededLater)}`
          : prose`monthly spend stays within ${usdDisplay(forecast.budget)}`,
    );
  }
  if (forecast.credits !== null) {
    const credits = prose`${usdDisplay(forecast.credits)} of credits`;
    const expiry = outlook.creditExpiry;
    const lost = outlook.creditsLost;
    if (outlook.creditsRunOutMonth === null && typeof expiry === 'number' && lost !== null && lost > 0n) {
      const month = Math.floor(expiry / DAYS_PER_MONTH);
      const when = month === 0 ? 'before month 1 ends' : `the end of month ${month}`;
      parts.push(prose`${credits} expire after ${countFigure(expiry)} days (${when}) with ${usdDisplay(lost)} unspent, which is lost`);
    } else {
      const runway =
        outlook.creditsRunOutMonth === null
          ? prose`${credits} last the whole forecast`
          : prose`${credits} run out in month ${countFigure(outlook.creditsRunOutMonth)}`;
      const terms =
        expiry === 'never'
          ? 'they never expire'
          : typeof expiry === 'number'
            ? `they expire after ${expiry} days`
            : 'the catalog does not say whether they expire';
      parts.push(prose`${runway}; ${terms}`);
    }
  }
  // A sentence of its own starts with a capital; after a model's name and a colon it goes on in lower case.
  const subject = named ? `${candidateName(outlook.candidate)}: ` : '';
  const sentence =
    parts.length === 0 ? ['no --budget or --credits given'] : parts.flatMap((part, index) => (index === 0 ? part : ['; ', ...part]));
  const [first, ...rest] = sentence;
  const opening = !named && typeof first === 'string' ? `${first.charAt(0).toUpperCase()}${first.slice(1)}` : first;
  return prose`${subject}${[...(opening === undefined ? [] : [opening]), ...rest]}.`;
}

export const forecastSpec: ResultSpec<Forecast, ForecastJson> = {
  view(forecast) {
    const withCredits = forecast.credits !== null;
    const max = forecast.rows.reduce((most, row) => (row.cost > most ? row.cost : most), 0n);
    const first = forecast.rows[0];
    const several = forecast.candidates.length > 1;
    const observed = observedIn(forecast);
    const [only] = forecast.candidates;
    // One candidate has no Model column: the title names it.
    const on =
      several || only === undefined
        ? ''
        : `, on ${only.kind === 'observed' ? `the observed mix of ${observedPeriod(only.observed)}` : candidateProse(only)}`;
    return {
      title: `Forecast: ${months(forecast)} months from ${first === undefined ? '0' : formatTokens(first.tokens)} tokens, growing ${forecast.growth.text}${on}`,
      columns: [
        right('Month'),
        ...(several ? [left('Model'), { ...left('ID'), wide: true }] : []),
        right('Tokens'),
        { ...right('Monthly cost'), short: 'Cost' },
        right('Cumulative'),
        ...(withCredits ? [{ ...right('Credits left'), short: 'Credits' }] : []),
        { ...left('Monthly spend'), short: 'Spend', shrink: false, drop: 1 },
      ],
      rows: forecast.rows.map((row): DisplayCell[] => {
        const overBudget = forecast.budget !== null && row.cost > forecast.budget;
        return [
          { text: String(row.month) },
          ...(several ? [{ text: candidateName(row.candidate) }, { text: candidateId(row.candidate) }] : []),
          { text: formatTokensShort(row.tokens) },
          { text: usdRounded(row.cost), tone: overBudget ? 'bad' : 'strong' },
          { text: usdRounded(row.cumulative) },
          ...(withCredits ? [{ text: usdRounded(row.creditsLeft ?? (0n as Usd)) }] : []),
          { text: bar(row.cost, max), tone: overBudget ? 'bad' : 'dim' },
        ];
      }),
      notes: [
        ...(observed === undefined ? [] : [observedSpendNote(observed)]),
        ...forecast.outlooks.map((outlook) => outlookNote(forecast, outlook, several)),
        `Assumptions: ${forecast.assumptions.map(describeAssumption).join('; ')}.`,
        catalogNote(forecast.catalog),
      ],
    };
  },

  csv: (forecast) => {
    const [month, model, ...rest] = FORECAST_FIELDS;
    return {
      fields: observedIn(forecast) === undefined ? FORECAST_FIELDS : [month, model, 'priced_on', ...rest],
      records: records(forecast),
    };
  },

  json(forecast) {
    const { notes, ...pricing } = tokenPricingJson(forecast.accounting, forecast.candidates, forecast.assumptions);
    return {
      schema_version: JSON_SCHEMA_VERSION,
      catalog: catalogJson(forecast.catalog),
      assumptions: { ...pricing, growth: forecast.growth.text, notes },
      budget_usd: usd(forecast.budget),
      credits_usd: usd(forecast.credits),
      observed: observedJson(observedIn(forecast)),
      outlook: forecast.outlooks.map((outlook) => ({
        model: candidateId(outlook.candidate),
        budget_exceeded_month: outlook.budgetExceededMonth,
        budget_exceeded_month_later: outlook.budgetExceededLater,
        credits_run_out_month: outlook.creditsRunOutMonth,
        credits_expire_after_days: outlook.creditExpiry === 'unknown' ? null : outlook.creditExpiry,
        credits_lost_usd: usd(outlook.creditsLost),
      })),
      rows: records(forecast),
    };
  },

  report(forecast, json) {
    const several = json.outlook.length > 1;
    const observed = observedIn(forecast);
    const withCredits = json.credits_usd !== null;
    const monthsShown = months(forecast);
    const names = namesOf(forecast.candidates);
    const name = (id: string) => nameOf(names, id);
    const series: LineChart['series'][number][] = json.outlook.flatMap((outlook, index) => {
      const rows = json.rows.filter((row) => row.model === outlook.model);
      const named = (what: string) => (several ? `${name(outlook.model)} · ${what}` : what);
      return [
        { name: named('monthly spend'), color: index, values: rows.map((row) => exactText(row.cost_usd)) },
        {
          name: named('cumulative spend'),
          color: index,
          style: 'dashed' as const,
          values: rows.map((row) => exactText(row.cumulative_usd)),
        },
        ...(withCredits
          ? [
              {
                name: named('credits left'),
                color: index,
                style: 'dotted' as const,
                values: rows.flatMap((row) => (row.credits_left_usd === null ? [] : [exactText(row.credits_left_usd)])),
              },
            ]
          : []),
      ];
    });
    const crossing = (month: (outlook: Outlook) => number | null) =>
      forecast.outlooks
        .flatMap((outlook) => {
          const at = month(outlook);
          return at === null ? [] : [{ model: candidateId(outlook.candidate), month: at }];
        })
        .sort((a, b) => a.month - b.month)[0];
    const first = crossing((outlook) => outlook.budgetExceededMonth);
    const firstLater = crossing((outlook) => outlook.budgetExceededLater);
    const budget = json.budget_usd === null ? null : exactText(json.budget_usd);
    const whose = (model: string) => (several ? `${name(model)}: ` : '');
    const marker =
      budget === null
        ? null
        : first !== undefined
          ? { category: first.month - 1, label: `${whose(first.model)}over budget in month ${first.month}`, beyond: false }
          : firstLater !== undefined
            ? {
                category: firstLater.month - 1,
                label: `${whose(firstLater.model)}over budget in month ${firstLater.month} at this growth`,
                beyond: true,
              }
            : null;
    return {
      title: prose`Forecast: ${String(monthsShown)} months from ${tokensFigure(forecast.rows[0]?.tokens ?? 0n)} tokens, growing ${forecast.growth.text}, on ${forecast.candidates.map(candidateProse).join(', ')}`,
      summary: [
        ...(observed === undefined ? [] : [observedProse(observed)]),
        ...forecast.outlooks.map((outlook) => outlookProse(forecast, outlook, several, (value) => usdFigure(usdText(value)))),
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'lines',
            id: 'forecast-spend',
            title: [
              `Monthly spend over ${monthsShown} ${monthsShown === 1 ? 'month' : 'months'}${budget === null ? '' : `, against a monthly budget of ${pageUsd(budget)}`}, on ${forecast.candidates.map(candidateProse).join(', ')}`,
            ],
            categoryTitle: 'Month',
            categories: Array.from({ length: monthsShown }, (_, index) => String(index + 1)),
            axis: { title: 'USD', unit: 'usd' },
            series,
            rules: budget === null ? [] : [{ kind: 'budget', label: `monthly budget ${pageUsd(budget)}`, value: budget }],
            marker,
          },
          table: {
            caption: 'Spend by month',
            columns: [
              right('Month'),
              ...(several ? [left('Model')] : []),
              right('Tokens'),
              right('Monthly cost'),
              right('Cumulative'),
              ...(withCredits ? [right('Credits left')] : []),
            ],
            rows: json.rows.map((row) => [
              countCell(row.month),
              ...(several ? [nameCell(name(row.model), row.model)] : []),
              countCell(row.tokens),
              usdCell(row.cost_usd),
              usdCell(row.cumulative_usd),
              ...(withCredits ? [usdCell(row.credits_left_usd)] : []),
            ]),
          },
        },
      ],
      notes: json.assumptions.notes,
    };
  },
};
