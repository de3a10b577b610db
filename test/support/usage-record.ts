import type { UsageRecord } from '../../src/core/usage.js';

/** A usage record of one request with no tokens, but those given. */
export const usageRecord = (fields: Partial<UsageRecord>): UsageRecord => ({
  model: 'm',
  requests: 1,
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  perRequest: true,
  ...fields,
});
