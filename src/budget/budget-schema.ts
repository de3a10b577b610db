import * as z from 'zod';
import { USD_TEXT } from '../core/budget-check.js';
import { parseShare } from '../core/pricing.js';
import { parseTokens } from '../core/quantity.js';
import { isGacostError } from '../errors.js';

/**
 * A string or number that `parse` accepts: its refusal is the issue, with the file's position. A number
 * is parsed by the loader from its text in the file (2^63 − 1 is not the double YAML reads it as).
 */
const parsedBy = (expected: string, parse: (text: string) => unknown) =>
  z.union([z.string(), z.number()], { error: expected }).superRefine((value, context) => {
    if (typeof value === 'number') return;
    try {
      parse(value);
    } catch (error) {
      if (!isGacostError(error)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  });
const quantity = parsedBy('expected a token quantity such as 500M or 4K', (text) => parseTokens(text, 'quantity'));
const usd = z.union(
  [
    z.number().positive('a budget must be more than 0'),
    z.string().regex(USD_TEXT, 'expected an amount in USD such as 200, 199.99 or "$1,250.50" (commas only between groups of three digits)'),
  ],
  { error: 'expected an amount in USD such as 200' },
);
const share = parsedBy('expected a share such as 75% or 0.75', (text) => parseShare(text, 'share'));
const percent = z.string({ error: 'expected a percentage such as 80%' }).regex(/^\d+(\.\d+)?%$/, 'expected a percentage such as 80%');

const selectorField = z.string({ error: 'expected text' }).min(1, 'must not be empty');
/** Which records of `gacost check --usage` are the workload's: every field given must match. */
const usageSelector = z
  .strictObject({
    model: selectorField
      .describe('a model of the catalog (id or alias): records whose model resolves to it, dated names included')
      .optional(),
    provider: selectorField.describe('a provider of the catalog: records of its models').optional(),
    project: selectorField.optional(),
    key: selectorField.optional(),
    user: selectorField.optional(),
    session: selectorField.optional(),
  })
  .refine((selector) => Object.values(selector).some((value) => value !== undefined), {
    message: 'a usage selector needs at least one of model, provider, project, key, user, session',
  });

const workloadSchema = z
  .strictObject({
    name: z.string().min(1, 'must not be empty'),
    model: z.string().min(1, 'must not be empty').optional(),
    mix: z.string().min(1, 'expected model=percent pairs such as deepseek-v4-flash=90,qwen3-32b=10').optional(),
    tokens: quantity.describe('tokens a month, to project; a workload checked only on actual usage (check --usage) needs none').optional(),
    requests: z
      .string({ error: 'expected N/day or N/month, such as 2000/day' })
      .regex(/^\d[\d_]*(\.\d+)?[kmbt]?\/(day|month)$/i, 'expected N/day or N/month, such as 2000/day')
      .optional(),
    tokens_per_request: quantity.optional(),
    input_share: share
      .describe('share of the tokens that are input, such as 75% (default: every token priced at the output price)')
      .optional(),
    cached_share: share.describe('share of the input tokens read from the prompt cache, such as 50%').optional(),
    cache_write_share: share.describe('share of the input tokens written to the prompt cache, such as 10%').optional(),
    budget: usd.optional(),
    usage: usageSelector.optional(),
  })
  .superRefine((workload, context) => {
    if ((workload.model === undefined) === (workload.mix === undefined)) {
      context.addIssue({ code: 'custom', message: 'a workload needs a model or a mix (model=percent,...), not both' });
    }
    if (workload.tokens !== undefined && workload.requests !== undefined) {
      context.addIssue({ code: 'custom', path: ['requests'], message: 'give tokens or requests, not both' });
    } else if (workload.requests !== undefined && workload.tokens_per_request === undefined) {
      context.addIssue({ code: 'custom', path: ['requests'], message: 'requests needs tokens_per_request' });
    } else if (workload.tokens_per_request !== undefined && workload.requests === undefined) {
      context.addIssue({ code: 'custom', path: ['tokens_per_request'], message: 'tokens_per_request goes with requests, not tokens' });
    }
  });

export const budgetFileSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1 (the only budget file version so far)' }),
  catalog: z.string().min(1, 'expected builtin or a path to a catalog file').optional(),
  budget: usd.optional(),
  warn_at: percent.optional(),
  fail_at: percent.optional(),
  days_per_month: z.int().min(1).max(31).optional(),
  workloads: z.array(workloadSchema).min(1, 'a budget file needs at least one workload'),
});
