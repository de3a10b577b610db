import {
  BadRecord,
  checkedRecord,
  type DocumentFormat,
  type DocumentSink,
  isObject,
  modelName,
  serviceTier,
  text,
  timeOf,
  tokens,
} from '../usage-format.js';

const COMPLETIONS = 'organization.usage.completions.result';

/**
 * Pages of OpenAI's organization Usage API for completions (`/v1/organization/usage/completions`):
 * a page (`{object: "page", data: [buckets]}`), several (a JSON array, or one a line), a bucket or a
 * result alone. Each result is a sum over its bucket (from `start_time`): `num_model_requests`
 * requests, grouped by what the query grouped by (`model`, `project_id`, `api_key_id`, `user_id`,
 * `batch`, `service_tier`; null where it did not).
 *
 * The API changed what `input_tokens` counts on 2026-07-15. Results that carry `input_uncached_tokens`
 * or `input_cache_write_tokens` are of the current shape: `input_tokens` is all input (text, audio
 * and images, cached reads and cache writes included), `input_cached_tokens` the reads,
 * `input_cache_write_tokens` the writes, and `output_tokens` all output. Results without them are of
 * the shape before: `input_tokens` and `output_tokens` counted text only (cached text included),
 * beside `input_audio_tokens` and `output_audio_tokens`, which are added to them.
 */
export const openaiUsageFormat: DocumentFormat = {
  kind: 'document',
  name: 'openai-usage',
  detect: (value) => results(value).some((result) => result.object === COMPLETIONS),
  refuse: (value) => {
    const objects = new Set(results(value).map((result) => text(result.object)));
    if (objects.has('organization.costs.result')) {
      return "OpenAI Costs API results: amounts in USD, no tokens (gacost reads the Usage API's /v1/organization/usage/completions pages)";
    }
    const other = [...objects].find((object) => object?.startsWith('organization.usage.'));
    return other === undefined ? undefined : `OpenAI Usage API results of ${other} (gacost reads completions usage only)`;
  },
  records: (value, sink) => {
    for (const { bucket, at } of buckets(value)) {
      const list = Array.isArray(bucket.results) ? bucket.results : [bucket];
      for (const [index, result] of list.entries()) {
        const where = bucket === result ? at : [...at, 'results', index];
        if (!isObject(result) || result.object !== COMPLETIONS) {
          sink.skip(`results that are not completions usage`);
          continue;
        }
        // The bucket's time, read with each of its results: a bad one is each result's.
        sink.record(where, () => readResult(result, timeOf(bucket.start_time, 'start_time', sink.times), sink));
      }
    }
  },
};

function readResult(result: Record<string, unknown>, time: string | undefined, sink: DocumentSink): void {
  const current = 'input_uncached_tokens' in result || 'input_cache_write_tokens' in result;
  const input = tokens(result.input_tokens, 'input_tokens') + (current ? 0 : tokens(result.input_audio_tokens, 'input_audio_tokens'));
  const output = tokens(result.output_tokens, 'output_tokens') + (current ? 0 : tokens(result.output_audio_tokens, 'output_audio_tokens'));
  if (result.model === null || result.model === undefined) {
    throw new BadRecord('model', 'model: null (the page is not grouped by model: ask the Usage API with group_by=model)');
  }
  const tier = result.batch === true ? 'batch' : serviceTier(result.service_tier);
  const project = text(result.project_id);
  const key = text(result.api_key_id);
  const user = text(result.user_id);
  sink.emit(
    checkedRecord({
      model: modelName(result.model),
      provider: 'openai',
      ...(time === undefined ? {} : { time }),
      requests: tokens(result.num_model_requests, 'num_model_requests'),
      inputTokens: input,
      cachedInputTokens: tokens(result.input_cached_tokens, 'input_cached_tokens'),
      cacheWriteTokens: tokens(result.input_cache_write_tokens, 'input_cache_write_tokens'),
      cacheWrite1hTokens: 0,
      outputTokens: output,
      ...(tier === undefined ? {} : { serviceTier: tier }),
      perRequest: false,
      ...(project === undefined ? {} : { project }),
      ...(key === undefined ? {} : { key }),
      ...(user === undefined ? {} : { user }),
    }),
  );
}

/** Pages, arrays of them and their data nest a few deep; deeper is no page (and would overflow the stack). */
const MAX_PAGE_DEPTH = 16;

/** The buckets of a document (a page, pages, a bucket, or a result alone as a bucket of itself), with their paths. */
function buckets(value: unknown): { bucket: Record<string, unknown>; at: (string | number)[] }[] {
  const found: { bucket: Record<string, unknown>; at: (string | number)[] }[] = [];
  const visit = (node: unknown, at: (string | number)[]) => {
    if (at.length > MAX_PAGE_DEPTH) return;
    if (Array.isArray(node)) for (const [index, child] of node.entries()) visit(child, [...at, index]);
    else if (!isObject(node)) return;
    else if (Array.isArray(node.data)) for (const [index, child] of node.data.entries()) visit(child, [...at, 'data', index]);
    else if (Array.isArray(node.results) || typeof node.object === 'string') found.push({ bucket: node, at });
  };
  visit(value, []);
  return found;
}

function results(value: unknown): Record<string, unknown>[] {
  return buckets(value).flatMap(({ bucket }) => (Array.isArray(bucket.results) ? bucket.results.filter(isObject) : [bucket]));
}
