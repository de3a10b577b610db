import type { CatalogInfo } from '../core/catalog.js';
import type { CatalogDiff, ModelChange } from '../core/catalog-diff.js';
import {
  type Percent,
  type PricePerMtok,
  parsePrice,
  percentDisplay,
  percentText,
  priceDisplay,
  type Usd,
  usdDisplay,
  usdText,
} from '../core/money.js';
import { formatTokens } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { DiffJson } from './contract.js';
import { type Cell, exact } from './exact.js';
import {
  countCell,
  exactText as jsonText,
  nameCell,
  pagePercent,
  percentCell,
  percentFigure,
  prose,
  type ReportSection,
  textCell,
  usdCell,
  usdFigure,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { type DisplayCell, left, right } from './view.js';

/** One row per changed price of `catalog diff`. */
const DIFF_FIELDS = ['model', 'name', 'change', 'price', 'old_per_mtok_usd', 'new_per_mtok_usd', 'change_pct', 'hours'] as const;

/** A window's hours as a person reads them: 01:00:00-04:00:00 → (01:00–04:00 UTC). */
const hoursText = (hours: string) => `(${hours.replace(/:00(?=-|$)/g, '').replace('-', '–')} UTC)`;

const exactText = (text: string | null) => (text === null ? null : exact(text));
const exactPct = (pct: Percent | null) => (pct === null ? null : exact(percentText(pct)));
const exactUsd = (value: Usd | null) => (value === null ? null : exact(usdText(value)));

export const catalogDiffSpec: ResultSpec<CatalogDiff, DiffJson> = {
  view(diff) {
    const count = (kind: ModelChange['change']) => diff.changes.filter((change) => change.change === kind).length;
    const side = (info: CatalogInfo) => `${info.version} (${info.hash.slice(0, 12)}) as of ${info.asOf}`;
    const price = (text: string | null) => (text === null ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
    const signed = (pct: Percent | null) => (pct === null ? '—' : `${pct > 0n ? '+' : ''}${percentDisplay(pct)}`);
    const effects = diff.effects;
    return {
      title: `Catalog diff: ${side(diff.old)} → ${side(diff.new)}: ${count('added')} added, ${count('removed')} removed, ${count('repriced')} repriced`,
      columns: [
        left('Model'),
        left('Change'),
        left('Price'),
        { ...right('Old $/1M'), short: 'Old' },
        { ...right('New $/1M'), short: 'New' },
        right('Change'),
      ],
      rows: diff.changes.flatMap((change) =>
        change.prices.map((entry): DisplayCell[] => [
          { text: change.id },
          { text: change.change, tone: change.change === 'removed' ? 'bad' : change.change === 'added' ? 'good' : 'plain' },
          { text: `${entry.key.replaceAll('_', ' ')}${entry.hours === null ? '' : ` ${hoursText(entry.hours)}`}` },
          { text: price(entry.old) },
          { text: price(entry.new), tone: 'strong' },
          { text: signed(entry.changePct), tone: entry.changePct === null ? 'plain' : entry.changePct > 0n ? 'bad' : 'good' },
        ]),
      ),
      notes:
        diff.changes.length === 0
          ? ['No price changed.']
          : ['Prices in USD per 1M tokens (per 1,000 or per hour where the price says so); — = none on that side; hours are UTC.'],
      ...(effects === null || diff.total === null
        ? {}
        : {
            next: {
              title: 'Monthly cost effect',
              columns: [
                left('Workload'),
                { ...left('Model'), drop: 1 },
                { ...right('Tokens/mo'), short: 'Tokens', drop: 2 },
                { ...right('Old cost'), short: 'Old' },
                { ...right('New cost'), short: 'New' },
                right('Change'),
                right('%'),
              ],
              rows: [
                ...effects.map((effect): DisplayCell[] => [
                  { text: effect.name },
                  { text: effect.model },
                  { text: formatTokens(effect.tokens) },
                  { text: effect.oldCost === null ? '—' : usdDisplay(effect.oldCost) },
                  { text: effect.newCost === null ? '—' : usdDisplay(effect.newCost), tone: 'strong' },
                  {
                    text: effect.delta === null ? '—' : `${effect.delta > 0n ? '+' : ''}${usdDisplay(effect.delta)}`,
                    tone: (effect.delta ?? 0n) > 0n ? 'bad' : 'good',
                  },
                  { text: signed(effect.changePct) },
                ]),
                [
                  { text: 'Total', tone: 'strong' },
                  { text: '' },
                  { text: '' },
                  { text: usdDisplay(diff.total.oldCost) },
                  { text: usdDisplay(diff.total.newCost), tone: 'strong' },
                  {
                    text: `${diff.total.delta > 0n ? '+' : ''}${usdDisplay(diff.total.delta)}`,
                    tone: diff.total.delta > 0n ? 'bad' : 'good',
                  },
                  { text: signed(diff.total.changePct) },
                ],
              ],
              notes: ["A workload a side cannot price (— there) counts as $0 in that side's total."],
            },
          }),
    };
  },

  csv: (diff) => ({
    fields: DIFF_FIELDS,
    records: diff.changes.flatMap((change) =>
      change.prices.map(
        (price) =>
          ({
            model: change.id,
            name: change.name,
            change: change.change,
            price: price.key,
            old_per_mtok_usd: exactText(price.old),
            new_per_mtok_usd: exactText(price.new),
            change_pct: exactPct(price.changePct),
            hours: price.hours,
          }) satisfies Record<(typeof DIFF_FIELDS)[number], Cell>,
      ),
    ),
  }),

  json: (diff) => ({
    schema_version: JSON_SCHEMA_VERSION,
    old: catalogJson(diff.old),
    new: catalogJson(diff.new),
    changes: diff.changes.map((change) => ({
      model: change.id,
      name: change.name,
      change: change.change,
      prices: change.prices.map((price) => ({
        price: price.key,
        hours: price.hours,
        old: exactText(price.old),
        new: exactText(price.new),
        change_pct: exactPct(price.changePct),
      })),
    })),
    effects:
      diff.effects === null
        ? null
        : diff.effects.map((effect) => ({
            name: effect.name,
            model: effect.model,
            tokens: exact(effect.tokens.toString()),
            old_cost_usd: exactUsd(effect.oldCost),
            new_cost_usd: exactUsd(effect.newCost),
            delta_usd: exactUsd(effect.delta),
            change_pct: exactPct(effect.changePct),
          })),
    total:
      diff.total === null
        ? null
        : {
            old_cost_usd: exact(usdText(diff.total.oldCost)),
            new_cost_usd: exact(usdText(diff.total.newCost)),
            delta_usd: exact(usdText(diff.total.delta)),
            change_pct: exactPct(diff.total.changePct),
          },
  }),

  report(diff, json) {
    const effects = json.effects ?? [];
    // A model by its name in either catalog (the id where neither prices it: a workload's model that did not change).
    const names = new Map(diff.changes.map((change) => [change.id, change.name]));
    const modelCell = (id: string) => nameCell(names.get(id) ?? id, id);
    const sections: ReportSection[] = [];
    if (json.effects !== null) {
      sections.push({
        chart: {
          kind: 'bars',
          id: 'diff-effects',
          title: ['Monthly cost on the old prices and on the new'],
          orientation: 'horizontal',
          stacked: false,
          categoryTitle: 'Workload',
          axis: { title: 'USD a month', unit: 'usd' },
          series: [{ name: `old: ${json.old.version}`, style: 'baseline' }, { name: `new: ${json.new.version}` }],
          groups: effects.map((effect) => ({
            label: `${effect.name} · ${names.get(effect.model) ?? effect.model}`,
            bars: [
              { series: 0, value: effect.old_cost_usd === null ? null : jsonText(effect.old_cost_usd) },
              { series: 1, value: effect.new_cost_usd === null ? null : jsonText(effect.new_cost_usd) },
            ],
            ...(effect.change_pct === null
              ? {}
              : { note: `${/^(-|0$)/.test(jsonText(effect.change_pct)) ? '' : '+'}${pagePercent(jsonText(effect.change_pct))}` }),
          })),
          rules: [],
        },
        table: {
          caption: 'The cost effect',
          columns: [
            left('Workload'),
            left('Model'),
            right('Tokens/mo'),
            right('Old cost'),
            right('New cost'),
            right('Change'),
            right('Change %'),
          ],
          rows: [
            ...effects.map((effect) => [
              textCell(effect.name),
              modelCell(effect.model),
              countCell(effect.tokens),
              usdCell(effect.old_cost_usd),
              usdCell(effect.new_cost_usd),
              usdCell(effect.delta_usd),
              percentCell(effect.change_pct),
            ]),
            ...(json.total === null
              ? []
              : [
                  [
                    textCell('Total'),
                    textCell(''),
                    textCell(''),
                    usdCell(json.total.old_cost_usd),
                    usdCell(json.total.new_cost_usd),
                    usdCell(json.total.delta_usd),
                    percentCell(json.total.change_pct),
                  ],
                ]),
          ],
        },
      });
    }
    sections.push({
      chart: null,
      table: {
        caption: 'Price changes, USD per 1M tokens',
        columns: [left('Model'), left('Change'), left('Price'), right('Old'), right('New'), right('Change %')],
        rows: json.changes.flatMap((change) =>
          change.prices.map((price) => [
            modelCell(change.model),
            textCell(change.change),
            textCell(price.hours === null ? price.price : `${price.price} ${hoursText(price.hours)}`),
            usdCell(price.old),
            usdCell(price.new),
            percentCell(price.change_pct),
          ]),
        ),
      },
    });
    const total = json.total;
    return {
      title: [catalogDiffSpec.view(diff).title ?? 'Catalog diff'],
      summary:
        total === null
          ? []
          : [
              prose`Monthly cost ${usdFigure(total.old_cost_usd)} → ${usdFigure(total.new_cost_usd)}${total.change_pct === null ? '' : prose` (${percentFigure(total.change_pct)})`}.`,
            ],
      catalogs: [
        { label: 'Old catalog', catalog: json.old },
        { label: 'New catalog', catalog: json.new },
      ],
      sections,
      notes: catalogDiffSpec.view(diff).notes.filter((note) => !note.startsWith('Catalog ')),
    };
  },
};
