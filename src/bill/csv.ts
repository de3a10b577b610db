import { BILL_CATEGORIES, type BillCategory } from '../core/reconcile.js';
import { text } from '../usage/usage-format.js';
import { amountOf, badLine, type CsvBillSource, categoryOfWords, currencyOf, dayOf } from './bill-source.js';

/** Each column and the names it goes by (lower case). */
const COLUMNS = {
  date: ['date', 'day'],
  provider: ['provider'],
  item: ['model', 'description', 'item', 'line_item'],
  amount: ['amount', 'cost'],
  currency: ['currency'],
  category: ['category'],
} as const;

/**
 * A plain CSV for any invoice: `date`, `provider`, `model` or `description`, `amount` (signed: a
 * credit below 0) and `currency`; a `category` column (usage, web-search, storage, fine-tuning,
 * batch, credit, tax, other) is optional, else the description's words say it, else it is usage.
 */
export const plainCsv: CsvBillSource = {
  kind: 'csv',
  name: 'csv',
  title: 'plain CSV (date, provider, model or description, amount, currency)',
  detect: (header) => ['date', 'day'].some((name) => header.includes(name)) && ['amount', 'cost'].some((name) => header.includes(name)),
  open: (header, headerAt) => {
    const at = (names: readonly string[]) => header.findIndex((name) => names.includes(name));
    const columns = Object.fromEntries(Object.entries(COLUMNS).map(([key, names]) => [key, at(names)])) as Record<
      keyof typeof COLUMNS,
      number
    >;
    for (const required of ['provider', 'currency'] as const)
      if (columns[required] < 0)
        throw badLine(headerAt, `no ${required} column (a plain CSV bill has date, provider, model or description, amount, currency)`);
    return (row, where) => {
      const cell = (key: keyof typeof COLUMNS) => (columns[key] < 0 ? undefined : text(row[columns[key]]?.trim()));
      const day = dayOf(cell('date'), 'date', where);
      if (day === undefined) throw badLine(where, 'date: empty');
      const item = cell('item');
      const given = cell('category')?.toLowerCase();
      if (given !== undefined && !(BILL_CATEGORIES as readonly string[]).includes(given))
        throw badLine(where, `category: ${JSON.stringify(given)} is not one of ${BILL_CATEGORIES.join(', ')}`);
      const amount = amountOf(cell('amount') ?? '', 'amount', where);
      const category = (given as BillCategory | undefined) ?? categoryOfWords(item) ?? (amount < 0n ? 'credit' : 'usage');
      return [
        {
          start: day,
          end: day,
          provider: cell('provider') ?? '',
          item: item ?? null,
          category,
          amount,
          currency: currencyOf(cell('currency'), 'currency', where),
          position: where,
        },
      ];
    };
  },
};
