import { MIX_PERCENT_SCALE, mixCost } from './candidate.js';
import type { Model } from './catalog.js';
import { divideRounded } from './decimal.js';
import { type Percent, savingsPercent, subtractUsd, type Usd } from './money.js';

/** A path of a routing plan: a model, its role, the observed traffic's cost on it alone, and its availability where known. */
export interface PlanPath {
  readonly model: Model;
  readonly role: 'default' | 'fallback' | 'premium' | 'failover';
  readonly cost: Usd;
  /** Availability in percent, scaled by 10^6 (99.9% → 99_900_000), where the catalog or --availability states it. */
  readonly availability: bigint | null;
}

export interface PlanConstraints {
  /** Least traffic, in whole percent, on premium paths and on paths of another provider than the default's. */
  readonly premiumPct: number;
  readonly failoverPct: number;
  /** The step of the search, in whole percent (the shares are multiples of it). */
  readonly stepPct: number;
  /** How many mixes to keep. */
  readonly top: number;
}

interface PlannedMix {
  /** Whole percent per path, in the paths' order. */
  readonly shares: readonly number[];
  readonly cost: Usd;
  readonly savings: Usd;
  readonly savingsPct: Percent | null;
  /** Expected minutes a year with every path of the mix down at once, if paths fail independently (×100); null where a path states no availability. */
  readonly downtimeMinutes: bigint | null;
}

export interface RoutingPlan {
  readonly paths: readonly PlanPath[];
  readonly constraints: PlanConstraints;
  readonly observedCost: Usd;
  readonly mixes: readonly PlannedMix[];
}

const AVAILABILITY_SCALE = 10n ** 6n;
/** One whole percent at MIX_PERCENT_SCALE. */
const ONE_PERCENT = 10n ** BigInt(MIX_PERCENT_SCALE);
const MINUTES_A_YEAR = 525_960n;

/**
 * Every mix of the paths in steps of `stepPct` that keeps at least `premiumPct` on the premium paths and
 * `failoverPct` on paths of another provider than the default path's, ranked by the observed traffic's
 * cost (a routing mix's, mixCost: each path's cost weighted by its share), cheapest first.
 */
export function planRoutes(paths: readonly PlanPath[], observedCost: Usd, constraints: PlanConstraints): RoutingPlan {
  const units = Math.round(100 / constraints.stepPct);
  const defaultProvider = paths.find((path) => path.role === 'default')?.model.provider;
  const premium = paths.map((path) => path.role === 'premium');
  const elsewhere = paths.map((path) => path.model.provider !== defaultProvider);
  const found: PlannedMix[] = [];
  const shares = new Array<number>(paths.length).fill(0);
  const visit = (index: number, left: number): void => {
    if (index === paths.length - 1) {
      shares[index] = left;
      const pct = shares.map((share) => share * constraints.stepPct);
      const on = (flags: readonly boolean[]) => pct.reduce((sum, share, at) => sum + (flags[at] ? share : 0), 0);
      if (on(premium) < constraints.premiumPct || on(elsewhere) < constraints.failoverPct) return;
      const cost = mixCost(
        paths.map((path, at) => ({ cost: path.cost, percent: BigInt(pct[at] ?? 0) * ONE_PERCENT })),
        (part) => part.cost,
      );
      found.push({
        shares: pct,
        cost,
        savings: subtractUsd(observedCost, cost),
        savingsPct: savingsPercent(cost, observedCost),
        downtimeMinutes: downtime(paths, pct),
      });
      return;
    }
    for (let share = 0; share <= left; share++) {
      shares[index] = share;
      visit(index + 1, left - share);
    }
  };
  if (paths.length > 0) visit(0, units);
  found.sort((a, b) => (a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : compareShares(a.shares, b.shares)));
  return { paths, constraints, observedCost, mixes: found.slice(0, constraints.top) };
}

/** Ties by the larger share on earlier paths (the default path first). */
function compareShares(a: readonly number[], b: readonly number[]): number {
  for (let at = 0; at < a.length; at++) if ((a[at] ?? 0) !== (b[at] ?? 0)) return (b[at] ?? 0) - (a[at] ?? 0);
  return 0;
}

/** Minutes a year (×100) with every path in use down at once, paths failing independently; null where one states no availability. */
function downtime(paths: readonly PlanPath[], pct: readonly number[]): bigint | null {
  let down = 1n;
  let scale = 1n;
  for (const [at, path] of paths.entries()) {
    if ((pct[at] ?? 0) === 0) continue;
    if (path.availability === null) return null;
    down *= 100n * AVAILABILITY_SCALE - path.availability;
    scale *= 100n * AVAILABILITY_SCALE;
  }
  return divideRounded(down * MINUTES_A_YEAR * 100n, scale);
}
