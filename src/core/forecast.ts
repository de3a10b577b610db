import type { Assumption } from './assumptions.js';
import { type Candidate, priceCandidate } from './candidate.js';
import type { CatalogInfo } from './catalog.js';
import type { Growth } from './growth.js';
import { subtractUsd, sumUsd, type Usd } from './money.js';
import type { Accounting } from './pricing.js';
import { notePrice, type PriceNotes, pricingAssumptions } from './pricing-assumptions.js';

/**
 * Credits are bought at the start of month 1 and pay for whole months only: credits that expire
 * after D days cover months 1 to ⌊D/30⌋, and what is left at the end of month ⌊D/30⌋ is lost. A
 * month they would cover only in part counts as not covered, so the outlook never promises more
 * credit than there is: with D < 30 every dollar is lost before month 1 ends.
 */
export const DAYS_PER_MONTH = 30;

export type CreditExpiry = number | 'never' | 'unknown';

interface ForecastRow {
  readonly month: number;
  readonly candidate: Candidate;
  readonly tokens: bigint;
  readonly cost: Usd;
  readonly cumulative: Usd;
  /** What remains of --credits at the end of the month (0 once spent or expired); null without credits. */
  readonly creditsLeft: Usd | null;
}

export interface Outlook {
  readonly candidate: Candidate;
  /** The first month whose spend is above --budget. */
  readonly budgetExceededMonth: number | null;
  /**
   * Where the budget holds for the whole forecast: the first later month whose spend at the same
   * growth would exceed it, up to month LOOKAHEAD_MONTHS (null: none by then, or no budget).
   */
  readonly budgetExceededLater: number | null;
  /** The month whose spend uses up the last of the credits. */
  readonly creditsRunOutMonth: number | null;
  readonly creditExpiry: CreditExpiry | null;
  /** Credit that expires unspent; null without credits, or when nothing is known to expire. */
  readonly creditsLost: Usd | null;
}

export interface Forecast {
  readonly kind: 'forecast';
  readonly catalog: CatalogInfo;
  readonly growth: Growth;
  readonly accounting: Accounting;
  readonly candidates: readonly Candidate[];
  readonly budget: Usd | null;
  readonly credits: Usd | null;
  readonly assumptions: readonly Assumption[];
  readonly rows: readonly ForecastRow[];
  readonly outlooks: readonly Outlook[];
}

/** How far past the forecast gacost looks for the month a budget would be exceeded: ten years. */
export const LOOKAHEAD_MONTHS = 120;

export interface ForecastOptions {
  readonly accounting: Accounting;
  /** The monthly tokens after the forecast's last month, at the same growth, up to LOOKAHEAD_MONTHS in all. */
  readonly tokensLater?: readonly bigint[];
  readonly budget: Usd | null;
  readonly credits: Usd | null;
  readonly creditExpiry: (candidate: Candidate) => CreditExpiry;
}

/** Month-by-month spend of each candidate for the given monthly tokens, with budget and credit runway. */
export function forecast(
  catalog: CatalogInfo,
  candidates: readonly Candidate[],
  tokensByMonth: readonly bigint[],
  growth: Growth,
  options: ForecastOptions,
): Forecast {
  const notes: PriceNotes = { fallbacks: new Map(), rounded: false, contextTiers: new Map() };
  const rows: ForecastRow[] = [];
  const outlooks = candidates.map((candidate): Outlook => {
    const expiry = options.credits === null ? null : options.creditExpiry(candidate);
    const lastCreditMonth = typeof expiry === 'number' ? Math.floor(expiry / DAYS_PER_MONTH) : Number.POSITIVE_INFINITY;
    let cumulative = 0n as Usd;
    let budgetExceededMonth: number | null = null;
    let creditsRunOutMonth: number | null = null;
    let creditsLost: Usd | null = lastCreditMonth === 0 ? options.credits : null;
    tokensByMonth.forEach((tokens, index) => {
      const month = index + 1;
      const priced = priceCandidate(candidate, tokens, options.accounting);
      notePrice(notes, priced);
      cumulative = sumUsd([cumulative, priced.cost]);
      if (options.budget !== null && budgetExceededMonth === null && priced.cost > options.budget) budgetExceededMonth = month;
      let creditsLeft: Usd | null = null;
      if (options.credits !== null) {
        const unspent = subtractUsd(options.credits, cumulative);
        if (creditsRunOutMonth === null && unspent <= 0n && month <= lastCreditMonth) creditsRunOutMonth = month;
        if (month === lastCreditMonth && unspent > 0n) creditsLost = unspent;
        creditsLeft = unspent > 0n && month <= lastCreditMonth ? unspent : (0n as Usd);
      }
      rows.push({ month, candidate, tokens, cost: priced.cost, cumulative, creditsLeft });
    });
    if (options.credits !== null && typeof expiry === 'number' && creditsLost === null && lastCreditMonth <= tokensByMonth.length) {
      creditsLost = 0n as Usd;
    }
    const budget = options.budget;
    const laterIndex =
      budget === null || budgetExceededMonth !== null
        ? -1
        : (options.tokensLater ?? []).findIndex((tokens) => priceCandidate(candidate, tokens, options.accounting).cost > budget);
    const budgetExceededLater = laterIndex === -1 ? null : tokensByMonth.length + laterIndex + 1;
    return { candidate, budgetExceededMonth, budgetExceededLater, creditsRunOutMonth, creditExpiry: expiry, creditsLost };
  });
  rows.sort((a, b) => a.month - b.month);
  const assumptions: Assumption[] = [
    ...pricingAssumptions(options.accounting, candidates, notes),
    { code: 'growth', text: growth.text, yearly: growth.monthsPerStep === 12 },
  ];
  return {
    kind: 'forecast',
    catalog,
    growth,
    accounting: options.accounting,
    candidates,
    budget: options.budget,
    credits: options.credits,
    assumptions,
    rows,
    outlooks,
  };
}
