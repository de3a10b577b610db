import type { BillCategory } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, badLine, type CsvBillSource, categoryOfWords, currencyOf, dayOf, lastDayBefore } from './bill-source.js';

/** FOCUS's ChargeCategory values and what each is to a reconciliation. */
const CHARGE_CATEGORIES: Readonly<Record<string, BillCategory | undefined>> = {
  usage: undefined,
  tax: 'tax',
  credit: 'credit',
  purchase: 'other',
  adjustment: 'other',
};

/**
 * A FOCUS 1.2 or 1.3 cost and usage dataset as CSV (FinOps Foundation): a row a charge, its
 * `BilledCost` in `BillingCurrency` over `ChargePeriodStart` to `ChargePeriodEnd` (exclusive), of
 * `ServiceProviderName` (1.3) or `ProviderName`, by `ChargeCategory` (Usage, Tax, Credit, Purchase,
 * Adjustment). The model is `SkuPriceDetails`' `ModelId` (FOCUS's AI properties), else `SkuId`;
 * `SubAccountId` is the account. BilledCost, what the invoice charges, is read: never EffectiveCost.
 */
export const focus: CsvBillSource = {
  kind: 'csv',
  name: 'focus',
  title: 'FOCUS 1.2/1.3 CSV',
  detect: (header) => header.includes('billedcost') && header.includes('chargeperiodstart'),
  open: (header) => {
    const column = (name: string) => header.indexOf(name);
    const cell = (row: readonly string[], name: string) => {
      const at = column(name);
      return at < 0 ? undefined : text(row[at]?.trim());
    };
    return (row, where) => {
      const chargeCategory = (cell(row, 'chargecategory') ?? 'Usage').toLowerCase();
      if (!(chargeCategory in CHARGE_CATEGORIES))
        throw badLine(where, `ChargeCategory: ${JSON.stringify(chargeCategory)} is not a FOCUS charge category`);
      const words = [cell(row, 'chargedescription'), cell(row, 'skumeter'), cell(row, 'servicename')].filter(Boolean).join(' ');
      const category = CHARGE_CATEGORIES[chargeCategory] ?? categoryOfWords(words) ?? 'usage';
      const start = dayOf(cell(row, 'chargeperiodstart'), 'ChargePeriodStart', where);
      const end = lastDayBefore(cell(row, 'chargeperiodend'), 'ChargePeriodEnd', where) ?? start;
      const provider = cell(row, 'serviceprovidername') ?? cell(row, 'providername') ?? cell(row, 'publishername');
      if (provider === undefined) throw badLine(where, 'no ServiceProviderName or ProviderName');
      const model = modelIdOf(cell(row, 'skupricedetails')) ?? cell(row, 'skuid');
      const account = cell(row, 'subaccountid');
      return [
        {
          ...(start === undefined ? {} : { start, end: end !== undefined && end >= start ? end : start }),
          provider,
          item: category === 'usage' ? (model ?? null) : (cell(row, 'chargedescription') ?? model ?? null),
          category,
          amount: amountOf(cell(row, 'billedcost') ?? '', 'BilledCost', where),
          currency: currencyOf(cell(row, 'billingcurrency'), 'BillingCurrency', where),
          position: where,
          ...(account === undefined ? {} : { account }),
        },
      ];
    };
  },
};

/** SkuPriceDetails is a JSON object: its ModelId where it gives one. */
function modelIdOf(details: string | undefined): string | undefined {
  if (details === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(details);
    return isObject(value) ? text(value.ModelId) : undefined;
  } catch {
    return undefined;
  }
}
