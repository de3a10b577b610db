import type { UsageRecord } from '../../core/usage.js';
import {
  BadRecord,
  checkedRecord,
  countsAt,
  givenField,
  isObject,
  type LineFormat,
  modelName,
  objectAt,
  serviceTier,
  type TimeWindow,
  text,
  timeOf,
  tokens,
} from '../usage-format.js';

/**
 * Anthropic Messages API responses, one JSON a line. Anthropic's `input_tokens` leaves out cache reads
 * and writes: all input is `input_tokens` + `cache_read_input_tokens` + `cache_creation_input_tokens`,
 * and the writes split into 5-minute and 1-hour ones by `cache_creation` (without it, all are
 * 5-minute writes, the API's default). Web searches are `server_tool_use.web_search_requests`, thinking
 * tokens (among the output) `output_tokens_details.thinking_tokens`.
 */
export const anthropicFormat: LineFormat = {
  kind: 'lines',
  name: 'anthropic',
  detect: (value) => {
    const usage = value.usage;
    return (
      isObject(usage) &&
      'input_tokens' in usage &&
      ('cache_read_input_tokens' in usage || 'cache_creation_input_tokens' in usage || value.type === 'message')
    );
  },
  open: (_, times) => ({
    line(value, emit) {
      if (!isObject(value) || !isObject(value.usage)) return 'no usage';
      const timeField = givenField(value, 'created_at', 'timestamp');
      emit(anthropicRecord(value, objectAt(value, 'usage'), { model: value.model, time: value[timeField], timeField }, times));
      return undefined;
    },
    end: () => 0,
  }),
};

/** A Messages API usage object as a record; Claude Code's lines carry the same object. */
export function anthropicRecord(
  value: Record<string, unknown>,
  usage: Record<string, unknown>,
  fields: {
    readonly model: unknown;
    readonly time: unknown;
    readonly timeField: string;
    readonly session?: string;
    readonly project?: string;
  },
  times: TimeWindow,
): UsageRecord {
  const uncached = tokens(usage.input_tokens, 'usage.input_tokens');
  const read = tokens(usage.cache_read_input_tokens, 'usage.cache_read_input_tokens');
  const written = tokens(usage.cache_creation_input_tokens, 'usage.cache_creation_input_tokens');
  const creation = objectAt(usage, 'cache_creation');
  const write5m = tokens(creation.ephemeral_5m_input_tokens, 'usage.cache_creation.ephemeral_5m_input_tokens');
  const write1h = tokens(creation.ephemeral_1h_input_tokens, 'usage.cache_creation.ephemeral_1h_input_tokens');
  const split = write5m + write1h > 0;
  if (split && write5m + write1h !== written) {
    throw new BadRecord(
      'tokens',
      `usage.cache_creation: ${write5m} + ${write1h} tokens of 5-minute and 1-hour writes are not the ${written} of cache_creation_input_tokens`,
    );
  }
  const time = timeOf(fields.time, fields.timeField, times);
  const tier = serviceTier(usage.service_tier ?? value.service_tier);
  // Server tools' use is in every usage object that had any: a usage without it ran no web search.
  const webSearches = tokens(
    countsAt(usage, 'server_tool_use', 'usage.server_tool_use').web_search_requests,
    'usage.server_tool_use.web_search_requests',
  );
  const reasoning = tokens(objectAt(usage, 'output_tokens_details').thinking_tokens, 'usage.output_tokens_details.thinking_tokens');
  return checkedRecord({
    model: modelName(fields.model),
    ...(time === undefined ? {} : { time }),
    requests: 1,
    inputTokens: uncached + read + written,
    cachedInputTokens: read,
    cacheWriteTokens: split ? write5m : written,
    cacheWrite1hTokens: split ? write1h : 0,
    outputTokens: tokens(usage.output_tokens, 'usage.output_tokens'),
    ...(reasoning === 0 ? {} : { reasoningTokens: reasoning }),
    webSearches,
    ...(tier === undefined ? {} : { serviceTier: tier }),
    perRequest: true,
    ...(fields.session === undefined ? {} : { session: fields.session }),
    ...(fields.project === undefined ? {} : { project: fields.project }),
    ...(text(value.user) === undefined ? {} : { user: text(value.user) }),
  });
}
