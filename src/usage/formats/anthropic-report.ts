import {
  BadRecord,
  checkedRecord,
  type DocumentFormat,
  isObject,
  modelName,
  objectAt,
  serviceTier,
  text,
  timeOf,
  tokens,
} from '../usage-format.js';

const TOKEN_FIELDS = ['uncached_input_tokens', 'cache_read_input_tokens', 'output_tokens'] as const;

/**
 * Pages of Anthropic's Admin API usage report for messages (`/v1/organizations/usage_report/messages`):
 * `{data: [{starting_at, ending_at, results: [...]}], has_more, next_page}`, several pages as a JSON
 * array or one a line. Each result is a sum over its bucket: `uncached_input_tokens` leaves out cache
 * reads (`cache_read_input_tokens`) and writes (`cache_creation.ephemeral_5m_input_tokens` and
 * `ephemeral_1h_input_tokens`), so all input is their sum. The grouping fields are null where the
 * query did not group by them: `model`, `workspace_id` (the project), `api_key_id` (the key),
 * `service_tier`. Web searches are `server_tool_use.web_search_requests`. The report gives no request count.
 */
export const anthropicReportFormat: DocumentFormat = {
  kind: 'document',
  name: 'anthropic',
  detect: (value) =>
    buckets(value).some(
      ({ bucket }) =>
        Array.isArray(bucket.results) && bucket.results.some((result) => isObject(result) && 'uncached_input_tokens' in result),
    ),
  refuse: (value) =>
    buckets(value).some(
      ({ bucket }) =>
        Array.isArray(bucket.results) && bucket.results.some((result) => isObject(result) && 'amount' in result && 'currency' in result),
    )
      ? 'an Anthropic cost report: amounts in USD, no tokens (gacost reads the usage report, /v1/organizations/usage_report/messages)'
      : undefined,
  records: (value, sink) => {
    let longContext = false;
    for (const { bucket, at } of buckets(value)) {
      const list = Array.isArray(bucket.results) ? bucket.results : [];
      for (const [index, result] of list.entries()) {
        if (!isObject(result) || !TOKEN_FIELDS.some((field) => field in result)) {
          sink.skip('results without token counts');
          continue;
        }
        sink.record([...at, 'results', index], () => {
          // The bucket's time, read with each of its results: a bad one is each result's.
          const time = timeOf(bucket.starting_at, 'starting_at', sink.times);
          const uncached = tokens(result.uncached_input_tokens, 'uncached_input_tokens');
          const read = tokens(result.cache_read_input_tokens, 'cache_read_input_tokens');
          const creation = objectAt(result, 'cache_creation');
          // The schema has also given the writes at the top level.
          const write5m = tokens(
            creation.ephemeral_5m_input_tokens ?? result.cache_creation_5m_input_tokens,
            'cache_creation.ephemeral_5m_input_tokens',
          );
          const write1h = tokens(
            creation.ephemeral_1h_input_tokens ?? result.cache_creation_1h_input_tokens,
            'cache_creation.ephemeral_1h_input_tokens',
          );
          if (result.model === null || result.model === undefined) {
            throw new BadRecord('model', 'model: null (the report is not grouped by model: ask it with group_by[]=model)');
          }
          const tier = serviceTier(result.service_tier);
          const searches = objectAt(result, 'server_tool_use').web_search_requests;
          const project = text(result.workspace_id);
          const key = text(result.api_key_id);
          if (text(result.context_window) !== undefined && result.context_window !== '0-200k') longContext = true;
          sink.emit(
            checkedRecord({
              model: modelName(result.model),
              provider: 'anthropic',
              ...(time === undefined ? {} : { time }),
              requests: 0,
              inputTokens: uncached + read + write5m + write1h,
              cachedInputTokens: read,
              cacheWriteTokens: write5m,
              cacheWrite1hTokens: write1h,
              outputTokens: tokens(result.output_tokens, 'output_tokens'),
              ...(searches === undefined ? {} : { webSearches: tokens(searches, 'server_tool_use.web_search_requests') }),
              ...(tier === undefined ? {} : { serviceTier: tier }),
              perRequest: false,
              ...(project === undefined ? {} : { project }),
              ...(key === undefined ? {} : { key }),
            }),
          );
        });
      }
    }
    sink.note("Anthropic's usage report counts no requests: its records show 0 requests");
    if (longContext) {
      sink.note(
        "Anthropic's usage report gives sums, not prompts: its results of the 200k-1M context window are priced at the model's base prices, not its long-context ones",
      );
    }
  },
};

/** The buckets of a report page, or of pages in an array, with their paths. */
function buckets(value: unknown): { bucket: Record<string, unknown>; at: (string | number)[] }[] {
  const pages = Array.isArray(value)
    ? value.map((page, index) => ({ page, at: [index] as (string | number)[] }))
    : [{ page: value, at: [] as (string | number)[] }];
  return pages.flatMap(({ page, at }) =>
    isObject(page) && Array.isArray(page.data)
      ? page.data.flatMap((bucket, index) => (isObject(bucket) ? [{ bucket, at: [...at, 'data', index] }] : []))
      : [],
  );
}
