import type { Assumption } from '../core/assumptions.js';
import { MIX_PERCENT_SCALE } from '../core/candidate.js';
import { RATE_SCALE } from '../core/capacity.js';
import { UNIT_PRICES } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { SHARE_SCALE } from '../core/pricing.js';
import { formatTokens } from '../core/quantity.js';
import { TOKENS_PER_USER_SCALE, tokensPerUserText } from '../core/stages.js';
import { observedSpendText } from './observed.js';
import { agree, counted } from './words.js';

/** The one place where assumptions are put into words, for tables and JSON notes alike. */
export function describeAssumption(assumption: Assumption): string {
  const workloads = 'workloads' in assumption && assumption.workloads !== undefined ? `${assumption.workloads.join(', ')}: ` : '';
  return workloads + describeOne(assumption);
}

function describeOne(assumption: Assumption): string {
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
    case 'token-mix': {
      const cached = assumption.cachedShare === null ? '' : `, ${sharePercent(assumption.cachedShare)} of input read from cache`;
      const written = assumption.cacheWriteShare === null ? '' : `, ${sharePercent(assumption.cacheWriteShare)} written to it`;
      return `${sharePercent(assumption.inputShare)} of tokens are input${cached}${written}; each kind at the model's price for it`;
    }
    case 'output-price-for-unpublished':
      return `${assumption.model} publishes no ${assumption.keys.map((key) => key.replace('_', '-')).join(' or ')} price, so those tokens are priced at its output price`;
    case 'token-split-rounded':
      return 'token shares rounded to whole tokens';
    case 'routing-mix':
      return `routing mix: ${assumption.parts.map((part) => `${formatDecimal(part.percent, MIX_PERCENT_SCALE)}% ${part.name}`).join(', ')}`;
    case 'request-rates':
      return `${formatTokens(assumption.tokensPerRequest)} tokens per request, requests spread over a 30-day month, peak ${formatDecimal(assumption.peakFactor, RATE_SCALE)}× the average`;
    case 'unpublished-left-out':
      return `left out for want of a published price: ${assumption.models.join(', ')}`;
    case 'growth':
      return `traffic grows ${assumption.text}${assumption.yearly ? ' (by the 12th root of the yearly factor each month)' : ''}; monthly tokens rounded to whole tokens`;
    case 'highest-time-of-day-price':
      return `${assumption.model} has prices for some hours of the day (${assumption.hours.join(', ')} UTC): with no time of day it is priced at the highest, ${assumption.took === null ? 'its all-day price' : `that of ${assumption.took}`} (an upper bound)`;
    case 'context-tier':
      return `prompts are over ${formatTokens(assumption.above)} tokens, so ${assumption.model} is priced at its long-context rates`;
    case 'observed-usage': {
      const basis =
        'month' in assumption.basis ? `its last full month, ${assumption.basis.month}` : `its ${assumption.basis.days} days scaled to 30`;
      return `built from ${counted(assumption.records, 'usage record')} of ${counted(assumption.sources, 'file')} (${assumption.first ?? '—'} to ${assumption.last ?? '—'}): their token mix, and ${formatTokens(assumption.monthlyTokens)} tokens a month (${basis})`;
    }
    case 'observed-spend':
      return observedSpendText(assumption.observed);
    case 'non-token-charges':
      return `${assumption.charges.map((charge) => `${someNames(charge.models)} also ${agree(charge.models, 'charges', 'charge')} for ${UNIT_PRICES[charge.price].unit}`).join('; ')}: such charges are not included (tokens alone do not count them)`;
    case 'days-per-month':
      return `a month is ${assumption.days} days (for requests given per day)`;
  }
}

/** Names said in a note: a whole catalog compared has dozens of models with a price per web search. */
const NAMES_SAID = 5;

function someNames(names: readonly string[]): string {
  return names.length <= NAMES_SAID ? names.join(', ') : `${names.slice(0, NAMES_SAID).join(', ')} and ${names.length - NAMES_SAID} more`;
}

/** 750000 ppm → "75%". */
function sharePercent(share: bigint): string {
  return `${formatDecimal(share, SHARE_SCALE - 2)}%`;
}
