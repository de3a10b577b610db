import { type Candidate, MIX_PERCENT_SCALE } from '../core/candidate.js';
import { divideRounded, formatDecimal } from '../core/decimal.js';
import { PERCENT_SCALE, type Percent, percentDisplay, percentOf, percentText, type Usd, usdText } from '../core/money.js';
import type { ObservedSpend } from '../core/observed-spend.js';
import { formatTokens } from '../core/quantity.js';
import type { ObservedJson } from './contract.js';
import { type ExactJson, exact } from './exact.js';
import { counted } from './words.js';

/** The period an observed spend measured: "2026-10", or "20 days scaled to 30". */
export const observedPeriod = (observed: ObservedSpend): string =>
  'month' in observed.basis ? observed.basis.month : `${observed.basis.days} days scaled to 30`;

/** Its name in a table's Model column and a chart's legend. */
export const observedName = (observed: ObservedSpend): string => `Observed mix (${observedPeriod(observed)})`;

const tokenShare = (tokens: bigint, observed: ObservedSpend): Percent =>
  (observed.tokens === 0n ? 0n : divideRounded(tokens * 100n * 10n ** BigInt(PERCENT_SCALE), observed.tokens)) as Percent;
const costShare = (cost: Usd, observed: ObservedSpend): Percent =>
  observed.cost === 0n ? (0n as Percent) : percentOf(cost, observed.cost);

/** The models of an observed spend with their shares of its tokens and cost, in words. */
function observedMixText(observed: ObservedSpend): string {
  return observed.models
    .map(
      (entry) =>
        `${entry.model.id} ${percentDisplay(tokenShare(entry.tokens, observed))} of tokens, ${percentDisplay(costShare(entry.cost, observed))} of cost`,
    )
    .join('; ');
}

/** What the observed spend priced, and what it left out, as an assumption. */
export function observedSpendText(observed: ObservedSpend): string {
  const { leftOut } = observed;
  const left =
    leftOut.records === 0
      ? ''
      : `; ${counted(leftOut.records, 'record')} (${formatTokens(leftOut.tokens)} tokens) of ${leftOut.names.join(', ')} could not be priced and are left out of it`;
  return `the observed spend of ${observedPeriod(observed)} prices each record on its own model at that model's prices (${observedMixText(observed)}); other months and stages cost it in proportion to their tokens${left}`;
}

/** What a row priced, for CSV and JSON: a model's id, a routing mix's parts, or the observed mix's models with their shares of tokens. */
export function pricedOn(candidate: Candidate): string {
  switch (candidate.kind) {
    case 'model':
      return candidate.model.model.id;
    case 'mix':
      return candidate.parts.map((part) => `${part.model.model.id}=${formatDecimal(part.percent, MIX_PERCENT_SCALE)}%`).join(',');
    case 'observed': {
      const { observed } = candidate;
      return observed.models.map((entry) => `${entry.model.id}=${percentText(tokenShare(entry.tokens, observed))}%`).join(',');
    }
  }
}

/** The observed spend in JSON, or null without --from-usage. */
export function observedJson(observed: ObservedSpend | undefined): ExactJson<ObservedJson> {
  if (observed === undefined) return null;
  return {
    month: 'month' in observed.basis ? observed.basis.month : null,
    days: 'days' in observed.basis ? observed.basis.days : null,
    records: observed.records,
    tokens: exact(observed.tokens.toString()),
    cost_usd: exact(usdText(observed.cost)),
    models: observed.models.map((entry) => ({
      model: entry.model.id,
      provider: entry.model.provider,
      records: entry.records,
      tokens: exact(entry.tokens.toString()),
      cost_usd: exact(usdText(entry.cost)),
      tokens_pct: exact(percentText(tokenShare(entry.tokens, observed))),
      cost_pct: exact(percentText(costShare(entry.cost, observed))),
    })),
    left_out: { records: observed.leftOut.records, tokens: exact(observed.leftOut.tokens.toString()), models: [...observed.leftOut.names] },
  };
}

/** The observed spend of a result's candidates or baseline, if it has one. */
export function observedOf(candidates: readonly Candidate[]): ObservedSpend | undefined {
  const found = candidates.find((candidate) => candidate.kind === 'observed');
  return found?.kind === 'observed' ? found.observed : undefined;
}
