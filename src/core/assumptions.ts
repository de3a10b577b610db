import type { UnitPriceKey } from './catalog.js';
import type { ObservedSpend } from './observed-spend.js';
import type { Share } from './pricing.js';

/** What the numbers rest on; every one is printed with the result. Wording lives in the renderers. */
export type Assumption =
  /** `workloads`: in a budget check whose workloads are priced differently, the ones priced so. */
  | { readonly code: 'all-tokens-at-output-price'; readonly workloads?: readonly string[] }
  | {
      readonly code: 'token-mix';
      readonly inputShare: Share;
      readonly cachedShare: Share | null;
      readonly cacheWriteShare: Share | null;
      readonly workloads?: readonly string[];
    }
  | { readonly code: 'output-price-for-unpublished'; readonly model: string; readonly keys: readonly string[] }
  | { readonly code: 'token-split-rounded' }
  | { readonly code: 'routing-mix'; readonly parts: readonly { readonly name: string; readonly percent: bigint }[] }
  | { readonly code: 'request-rates'; readonly tokensPerRequest: bigint; readonly peakFactor: bigint }
  | { readonly code: 'tokens-per-user'; readonly tokensPerUser: bigint }
  | { readonly code: 'stage-tokens-rounded'; readonly stages: readonly string[] }
  | { readonly code: 'no-savings-percent-for-free-baseline'; readonly stages: readonly string[] }
  | { readonly code: 'days-per-month'; readonly days: number }
  | { readonly code: 'unpublished-left-out'; readonly models: readonly string[] }
  | { readonly code: 'growth'; readonly text: string; readonly yearly: boolean }
  | { readonly code: 'context-tier'; readonly model: string; readonly above: bigint }
  /** A model whose prices depend on the time of day, priced with no time at its highest: `took` the window whose prices those are (null: the all-day price). */
  | { readonly code: 'highest-time-of-day-price'; readonly model: string; readonly hours: readonly string[]; readonly took: string | null }
  /** Models priced that also charge not by the token (per search, per request, …): a price by tokens leaves that out. */
  | {
      readonly code: 'non-token-charges';
      readonly charges: readonly { readonly price: UnitPriceKey; readonly models: readonly string[] }[];
    }
  /** The usage logs a projection was built from. */
  | {
      readonly code: 'observed-usage';
      readonly records: number;
      readonly sources: number;
      readonly first: string | null;
      readonly last: string | null;
      readonly monthlyTokens: bigint;
      /** The last full calendar month, or the days the records span (their tokens scaled to 30 days). */
      readonly basis: { readonly month: string } | { readonly days: number };
    }
  /** What the logs' own models cost in the month measured: the baseline of a projection from usage. */
  | { readonly code: 'observed-spend'; readonly observed: ObservedSpend };
