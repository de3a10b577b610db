import type { UsageRecord } from '../../core/usage.js';
import {
  BadRecord,
  checkedRecord,
  costOf,
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
 * OpenAI-compatible responses, one JSON a line: whole responses or `{model, usage}` objects. Chat
 * Completions count `prompt_tokens` (cached included) and `completion_tokens` (reasoning included);
 * the Responses API `input_tokens` and `output_tokens` likewise. Variants: DeepSeek's
 * `prompt_cache_hit_tokens`, Mistral's and the HF router's top-level `cached_tokens` /
 * `num_cached_tokens`, `cache_write_tokens` (OpenRouter, some gateways), OpenRouter's `cost`, and
 * Gemini's compatible endpoint, whose `total_tokens` above prompt + completion is billed thinking output.
 * Reasoning tokens are `reasoning_tokens` of the output details; web searches, see webSearchesOf.
 */
export const openaiFormat: LineFormat = {
  kind: 'lines',
  name: 'openai',
  detect: (value) => {
    const usage = value.usage;
    return (
      isObject(usage) &&
      ('prompt_tokens' in usage ||
        ('input_tokens' in usage &&
          'output_tokens' in usage &&
          !('cache_creation_input_tokens' in usage) &&
          !('cache_read_input_tokens' in usage)))
    );
  },
  open: (_, times) => ({
    line(value, emit) {
      if (!isObject(value) || !isObject(value.usage)) return 'no usage';
      emit(openaiRecord(value, times));
      return undefined;
    },
    end: () => 0,
  }),
};

function openaiRecord(value: Record<string, unknown>, times: TimeWindow): UsageRecord {
  const usage = objectAt(value, 'usage');
  const chat = 'prompt_tokens' in usage || 'completion_tokens' in usage;
  const input = oneCount(usage, 'prompt_tokens', 'input_tokens');
  let output = oneCount(usage, 'completion_tokens', 'output_tokens');
  const details = objectAt(usage, chat ? 'prompt_tokens_details' : 'input_tokens_details');
  const cached = tokens(
    details.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cached_tokens ?? usage.num_cached_tokens,
    details.cached_tokens !== undefined ? 'usage.prompt_tokens_details.cached_tokens' : 'usage.cached_tokens',
  );
  const cacheWrite = tokens(details.cache_write_tokens ?? usage.cache_write_tokens, 'usage.cache_write_tokens');
  // Gemini's OpenAI-compatible endpoint bills thinking tokens it leaves out of completion_tokens.
  const total = usage.total_tokens;
  if (typeof total === 'number' && Number.isSafeInteger(total) && total > input + output) output = total - input;
  const outputDetails = chat ? 'completion_tokens_details' : 'output_tokens_details';
  // Perplexity gives reasoning tokens at the top of usage; OpenAI in the output details.
  const reasoning =
    agreedCount(
      'tokens',
      [objectAt(usage, outputDetails).reasoning_tokens, `usage.${outputDetails}.reasoning_tokens`],
      [usage.reasoning_tokens, 'usage.reasoning_tokens'],
    ) ?? 0;
  if (reasoning > output) throw new BadRecord('cache', `reasoning tokens (${reasoning}) exceed all output (${output} tokens)`);
  const webSearches = webSearchesOf(value, usage);
  const cost = usage.cost === undefined || usage.cost === null ? costOf(value.cost, 'cost') : costOf(usage.cost, 'usage.cost');
  const timeField = givenField(value, 'created_at', 'created');
  const time = timeOf(value[timeField], timeField, times);
  return checkedRecord({
    model: modelName(value.model),
    ...(text(value.provider) === undefined ? {} : { provider: text(value.provider) }),
    ...(time === undefined ? {} : { time }),
    requests: 1,
    inputTokens: input,
    cachedInputTokens: cached,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    outputTokens: output,
    media: {
      inputAudioTokens: tokens(details.audio_tokens, 'usage.prompt_tokens_details.audio_tokens'),
      outputAudioTokens: tokens(objectAt(usage, outputDetails).audio_tokens, `usage.${outputDetails}.audio_tokens`),
    },
    ...(reasoning === 0 ? {} : { reasoningTokens: reasoning }),
    ...(webSearches === undefined ? {} : { webSearches }),
    ...(serviceTier(value.service_tier) === undefined ? {} : { serviceTier: serviceTier(value.service_tier) }),
    // OpenRouter's cost is what the key was charged: none for a bring-your-own-key call.
    ...(cost === undefined || usage.is_byok === true ? {} : { reportedCost: cost }),
    perRequest: true,
    ...(text(value.user) === undefined ? {} : { user: text(value.user) }),
  });
}

/**
 * The web searches a response ran, where it can say: Perplexity's `usage.num_search_queries`, a
 * `usage.server_tool_use.web_search_requests` (Anthropic's usage object, as a proxy's `{model, usage}`
 * line may carry it), else a whole Responses API body's `web_search_call` output items (a
 * `{model, usage}` object without either, or a Chat Completions response, cannot carry them: undefined).
 */
function webSearchesOf(value: Record<string, unknown>, usage: Record<string, unknown>): number | undefined {
  const calls = Array.isArray(value.output)
    ? value.output.filter((item) => isObject(item) && item.type === 'web_search_call').length
    : undefined;
  return agreedCount(
    'web searches',
    [usage.num_search_queries, 'usage.num_search_queries'],
    [countsAt(usage, 'server_tool_use', 'usage.server_tool_use').web_search_requests, 'usage.server_tool_use.web_search_requests'],
    [calls, 'the web_search_call items of output'],
  );
}

/**
 * A count under its Chat Completions name or its Responses name. A record that gives both with
 * different values contradicts itself (10 or 1000 input tokens?): a bad record, as a CSV header
 * naming both is, rather than one read and the other dropped without a word.
 */
function oneCount(usage: Record<string, unknown>, chatName: string, responsesName: string): number {
  return agreedCount('tokens', [usage[chatName], `usage.${chatName}`], [usage[responsesName], `usage.${responsesName}`]) ?? 0;
}

/**
 * One count a record gives under several names (the first given), or undefined where it gives none. Names
 * that disagree make the record contradict itself: a bad record, rather than one read and the other
 * dropped without a word.
 */
function agreedCount(what: string, ...given: readonly (readonly [unknown, string])[]): number | undefined {
  const counts = given
    .filter(([value]) => value !== undefined && value !== null)
    .map(([value, field]) => [tokens(value, field), field] as const);
  const [first, ...others] = counts;
  const other = others.find(([count]) => count !== first?.[0]);
  if (first !== undefined && other !== undefined)
    throw new BadRecord('twice', `${first[1]} (${first[0]}) and ${other[1]} (${other[0]}) both count the same ${what}: which is it?`);
  return first?.[0];
}
