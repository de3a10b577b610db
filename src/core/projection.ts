import type { Assumption } from './assumptions.js';
import type { CatalogInfo } from './catalog.js';
import { costOf, savingsPercent, subtractUsd, type Percent, type Usd } from './money.js';
import type { PricedModel } from './resolve-model.js';
import type { StagePlan } from './stages.js';

export interface ProjectionRow {
  readonly stage: string;
  readonly users: number | null;
  readonly tokens: bigint;
  readonly candidate: PricedModel;
  readonly cost: Usd;
  readonly baseline: PricedModel;
  readonly baselineCost: Usd;
  readonly savings: Usd;
  readonly savingsPct: Percent | null;
}

export interface Projection {
  readonly kind: 'projection';
  readonly catalog: CatalogInfo;
  readonly plan: StagePlan;
  readonly candidates: readonly PricedModel[];
  readonly baseline: PricedModel;
  readonly assumptions: readonly Assumption[];
  readonly rows: readonly ProjectionRow[];
}

/**
 * Monthly cost of every (stage, candidate) pair against the baseline. The seed's accounting:
 * every token at the model's output price, a conservative upper bound.
 */
export function project(
  catalog: CatalogInfo,
  plan: StagePlan,
  candidates: readonly PricedModel[],
  baseline: PricedModel,
): Projection {
  const rows: ProjectionRow[] = [];
  const freeBaselineStages: string[] = [];
  for (const stage of plan.stages) {
    const baselineCost = costOf(stage.tokens, baseline.output);
    if (baselineCost === 0n) freeBaselineStages.push(stage.name);
    for (const candidate of candidates) {
      const cost = costOf(stage.tokens, candidate.output);
      rows.push({
        stage: stage.name,
        users: stage.users,
        tokens: stage.tokens,
        candidate,
        cost,
        baseline,
        baselineCost,
        savings: subtractUsd(baselineCost, cost),
        savingsPct: savingsPercent(cost, baselineCost),
      });
    }
  }
  const assumptions: Assumption[] = [{ code: 'all-tokens-at-output-price' }];
  if (plan.tokensPerUser !== null) assumptions.push({ code: 'tokens-per-user', tokensPerUser: plan.tokensPerUser });
  if (plan.roundedStages.length > 0) assumptions.push({ code: 'stage-tokens-rounded', stages: plan.roundedStages });
  if (freeBaselineStages.length > 0 && candidates.length > 0) {
    assumptions.push({ code: 'no-savings-percent-for-free-baseline', stages: freeBaselineStages });
  }
  return { kind: 'projection', catalog, plan, candidates, baseline, assumptions, rows };
}
