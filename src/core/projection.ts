import type { Assumption } from './assumptions.js';
import { type Candidate, priceCandidate } from './candidate.js';
import { type Capacity, capacityOf } from './capacity.js';
import type { CatalogInfo } from './catalog.js';
import { type Percent, type PricePerMtok, savingsPercent, subtractUsd, type Usd } from './money.js';
import type { Accounting } from './pricing.js';
import { notePrice, type PriceNotes, pricingAssumptions } from './pricing-assumptions.js';
import type { StagePlan } from './stages.js';

export interface ProjectionRow {
  readonly stage: string;
  readonly users: number | null;
  readonly tokens: bigint;
  readonly candidate: Candidate;
  readonly price: PricePerMtok;
  readonly cost: Usd;
  readonly baseline: Candidate;
  readonly baselineCost: Usd;
  readonly savings: Usd;
  readonly savingsPct: Percent | null;
  readonly capacity: Capacity | null;
}

export interface RequestRates {
  readonly tokensPerRequest: bigint;
  /** Scaled by 10^RATE_SCALE. */
  readonly peakFactor: bigint;
}

export interface ProjectionOptions {
  readonly accounting: Accounting;
  readonly requestRates?: RequestRates;
}

export interface Projection {
  readonly kind: 'projection';
  readonly catalog: CatalogInfo;
  readonly plan: StagePlan;
  readonly accounting: Accounting;
  readonly candidates: readonly Candidate[];
  /** A catalog model, or with --from-usage the logs' own spend. */
  readonly baseline: Candidate;
  readonly assumptions: readonly Assumption[];
  readonly rows: readonly ProjectionRow[];
}

/** Monthly cost of every (stage, candidate) pair against the baseline, priced the same way. */
export function project(
  catalog: CatalogInfo,
  plan: StagePlan,
  candidates: readonly Candidate[],
  baseline: Candidate,
  options: ProjectionOptions,
): Projection {
  const rows: ProjectionRow[] = [];
  const notes: PriceNotes = { fallbacks: new Map(), rounded: false, contextTiers: new Map() };
  const freeBaselineStages: string[] = [];
  const price = (candidate: Candidate, tokens: bigint) => {
    const priced = priceCandidate(candidate, tokens, options.accounting);
    notePrice(notes, priced);
    return priced;
  };
  for (const stage of plan.stages) {
    const baselineCost = price(baseline, stage.tokens).cost;
    if (baselineCost === 0n) freeBaselineStages.push(stage.name);
    for (const candidate of candidates) {
      const { cost, price: effective } = price(candidate, stage.tokens);
      const rates = options.requestRates;
      rows.push({
        stage: stage.name,
        users: stage.users,
        tokens: stage.tokens,
        candidate,
        price: effective,
        cost,
        baseline,
        baselineCost,
        savings: subtractUsd(baselineCost, cost),
        savingsPct: savingsPercent(cost, baselineCost),
        capacity: rates === undefined ? null : capacityOf(candidate, stage.tokens, rates.tokensPerRequest, rates.peakFactor),
      });
    }
  }
  const assumptions: Assumption[] = pricingAssumptions(options.accounting, candidates, notes, baseline);
  if (options.requestRates !== undefined) assumptions.push({ code: 'request-rates', ...options.requestRates });
  if (plan.tokensPerUser !== null) assumptions.push({ code: 'tokens-per-user', tokensPerUser: plan.tokensPerUser });
  if (plan.roundedStages.length > 0) assumptions.push({ code: 'stage-tokens-rounded', stages: plan.roundedStages });
  if (freeBaselineStages.length > 0 && candidates.length > 0) {
    assumptions.push({ code: 'no-savings-percent-for-free-baseline', stages: freeBaselineStages });
  }
  return { kind: 'projection', catalog, plan, accounting: options.accounting, candidates, baseline, assumptions, rows };
}
