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

/** The last day of a month written YYYY-MM. */
function lastDayOf(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
}

/**
 * A plain CSV for any invoice: `date` (a day, or a month as YYYY-MM for a month's charge), `provider`, `model` or `description`, `amount` (signed: a
 * credit below 0) and `currency`; a `category` column (usage, web-search, storage, fine-tuning,
 * batch, credit, tax, other) is optional, else the description's words say it, else it is usage.
 */
export const plainCsv: CsvBillSource = {
  kind: 'csv',
  name: 'csv',
  title: 'plain CSV',
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
      const date = cell('date');
      const month = date !== undefined && /^\d{4}-\d{2}$/.test(date) ? date : undefined;
      const day = month === undefined ? dayOf(date, 'date', where) : dayOf(`${month}-01`, 'date', where);
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
          end: month === undefined ? day : lastDayOf(month),
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
