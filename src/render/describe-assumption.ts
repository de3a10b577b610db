import type { Assumption } from '../core/assumptions.js';
import { formatTokens } from '../core/quantity.js';
import { TOKENS_PER_USER_SCALE } from '../core/stages.js';
import { tokensPerUserText } from './records.js';

/** The one place where assumptions are put into words, for tables and JSON notes alike. */
export function describeAssumption(assumption: Assumption): string {
  switch (assumption.code) {
    case 'all-tokens-at-output-price':
      return "every token is priced at the model's output price (a conservative upper bound)";
    case 'tokens-per-user': {
      const scale = 10n ** BigInt(TOKENS_PER_USER_SCALE);
      const perUser = assumption.tokensPerUser;
      const text = perUser % scale === 0n ? formatTokens(perUser / scale) : tokensPerUserText(perUser);
      return `${text} tokens per user per month`;
    }
    case 'stage-tokens-rounded':
      return `tokens of ${assumption.stages.join(', ')} rounded to the nearest whole token`;
    case 'no-savings-percent-for-free-baseline':
      return `no savings percentage where the baseline costs $0 (${assumption.stages.join(', ')})`;
    case 'days-per-month':
      return `a month is ${assumption.days} days (for requests given per day)`;
  }
}
