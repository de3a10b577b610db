/** What the numbers rest on; every one is printed with the result. Wording lives in the renderers. */
export type Assumption =
  | { readonly code: 'all-tokens-at-output-price' }
  | { readonly code: 'tokens-per-user'; readonly tokensPerUser: bigint }
  | { readonly code: 'stage-tokens-rounded'; readonly stages: readonly string[] }
  | { readonly code: 'no-savings-percent-for-free-baseline'; readonly stages: readonly string[] }
  | { readonly code: 'days-per-month'; readonly days: number };
