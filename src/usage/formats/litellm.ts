import type { UsageRecord } from '../../core/usage.js';
import { headerNames } from '../csv.js';
import {
  BadRecord,
  type CsvFormat,
  checkedRecord,
  columnsOf,
  costOf,
  type DocumentFormat,
  isObject,
  type LineFormat,
  modelName,
  objectAt,
  type TimeWindow,
  text,
  timeCell,
  timeOf,
  tokens,
  tokensText,
} from '../usage-format.js';

/**
 * LiteLLM spend logs: rows of the proxy's `LiteLLM_SpendLogs` table, as `/spend/logs` gives them (a
 * JSON array, or `{data: [...]}`), as JSON lines, or exported as CSV; and the StandardLoggingPayload
 * its logging callbacks write (`response_cost` for `spend`). One row is one call: `prompt_tokens`
 * (all input, cached included: LiteLLM counts as OpenAI does), `completion_tokens` (reasoning
 * included), the cache split from `metadata.usage_object` (`prompt_tokens_details.cached_tokens` or
 * `cache_read_input_tokens`; `cache_creation_input_tokens`), `model` (or `model_group`),
 * `custom_llm_provider`, `startTime`, `spend` as the reported cost, `api_key`, `user`, `team_id`
 * (the project), `session_id`. Failed calls and answers from LiteLLM's own cache (no provider call)
 * hold no usage and are counted as skipped.
 */
const isRow = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && ('spend' in value || 'response_cost' in value) && ('prompt_tokens' in value || 'completion_tokens' in value);

/** The columns of a CSV export that litellmRecord reads, each by the names it goes by (in lower case). */
const READ_COLUMNS = {
  model: ['model'],
  model_group: ['model_group'],
  prompt_tokens: ['prompt_tokens'],
  completion_tokens: ['completion_tokens'],
  spend: ['spend', 'response_cost'],
  starttime: ['starttime'],
  status: ['status'],
  cache_hit: ['cache_hit'],
  metadata: ['metadata'],
  response: ['response'],
  custom_llm_provider: ['custom_llm_provider'],
  api_key: ['api_key'],
  team_id: ['team_id'],
  user: ['user'],
  session_id: ['session_id'],
};

/** A row's record, or why it holds none; `cells`: a CSV row's, where every value is text (a number of seconds too). */
function litellmRecord(row: Record<string, unknown>, times: TimeWindow, cells: boolean): UsageRecord | string {
  const get = (key: string): unknown => row[key] ?? row[key.toLowerCase()];
  const count = (key: string, value: unknown = get(key)) => (typeof value === 'string' ? tokensText(value, key) : tokens(value, key));
  if (text(get('status'))?.toLowerCase() === 'failure') return 'failed calls (status failure)';
  const cacheHit = get('cache_hit');
  if (cacheHit === true || (typeof cacheHit === 'string' && cacheHit.toLowerCase() === 'true'))
    return "answers from LiteLLM's cache (no provider call)";
  const metadata = objectOf(get('metadata'));
  const usage = isObject(metadata.usage_object) ? metadata.usage_object : objectAt(objectOf(get('response')), 'usage');
  const details = objectAt(usage, 'prompt_tokens_details');
  const input = count('prompt_tokens', get('prompt_tokens') ?? usage.prompt_tokens);
  const output = count('completion_tokens', get('completion_tokens') ?? usage.completion_tokens);
  const cached = details.cached_tokens ?? usage.cache_read_input_tokens;
  const written = usage.cache_creation_input_tokens ?? details.cache_creation_tokens;
  const spendField = get('spend') === undefined || get('spend') === null ? 'response_cost' : 'spend';
  const cost = costOf(get(spendField), spendField);
  const start = get('startTime');
  const time = cells && typeof start === 'string' ? timeCell(start, 'startTime', times) : timeOf(start, 'startTime', times);
  const reasoning = count('completion_tokens_details.reasoning_tokens', objectAt(usage, 'completion_tokens_details').reasoning_tokens);
  if (reasoning > output) throw new BadRecord('cache', `reasoning tokens (${reasoning}) exceed all output (${output} tokens)`);
  const provider = text(get('custom_llm_provider'));
  const key = text(get('api_key')) ?? text(metadata.user_api_key_hash) ?? text(metadata.user_api_key);
  const project = text(get('team_id')) ?? text(metadata.user_api_key_team_id);
  const user = text(get('user')) ?? text(metadata.user_api_key_user_id);
  const session = text(get('session_id'));
  return checkedRecord({
    model: modelName(text(get('model')) ?? get('model_group'), 'model'),
    ...(provider === undefined ? {} : { provider }),
    ...(time === undefined ? {} : { time }),
    requests: 1,
    inputTokens: input,
    cachedInputTokens: tokens(cached, 'metadata.usage_object.prompt_tokens_details.cached_tokens'),
    cacheWriteTokens: tokens(written, 'metadata.usage_object.cache_creation_input_tokens'),
    cacheWrite1hTokens: 0,
    outputTokens: output,
    ...(reasoning === 0 ? {} : { reasoningTokens: reasoning }),
    ...(cost === undefined ? {} : { reportedCost: cost }),
    perRequest: true,
    ...(project === undefined ? {} : { project }),
    ...(key === undefined ? {} : { key }),
    ...(user === undefined ? {} : { user }),
    ...(session === undefined ? {} : { session }),
  });
}

/** An object, or the object a JSON string holds (the table keeps metadata as JSON text); otherwise empty. */
function objectOf(value: unknown): Record<string, unknown> {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export const litellmLines: LineFormat = {
  kind: 'lines',
  name: 'litellm',
  detect: isRow,
  open: (_, times) => ({
    line(value, emit) {
      if (!isRow(value)) return 'lines that are not spend-log rows';
      const record = litellmRecord(value, times, false);
      if (typeof record === 'string') return record;
      emit(record);
      return undefined;
    },
    end: () => 0,
  }),
};

/** The rows of a document: an array of them, `{data: [...]}`, or one row. */
function rowsOf(value: unknown): { rows: unknown[]; at: (string | number)[] } {
  if (Array.isArray(value)) return { rows: value, at: [] };
  if (isObject(value) && Array.isArray(value.data)) return { rows: value.data, at: ['data'] };
  return { rows: [value], at: [] };
}

export const litellmDocument: DocumentFormat = {
  kind: 'document',
  name: 'litellm',
  detect: (value) => {
    const { rows } = rowsOf(value);
    return rows.length > 0 && isRow(rows[0]);
  },
  records: (value, sink) => {
    const { rows, at } = rowsOf(value);
    const single = !Array.isArray(value) && at.length === 0;
    for (const [index, row] of rows.entries()) {
      if (!isRow(row)) {
        sink.skip('entries that are not spend-log rows');
        continue;
      }
      sink.record(single ? [] : [...at, index], () => {
        const record = litellmRecord(row, sink.times, false);
        if (typeof record === 'string') sink.skip(record);
        else sink.emit(record);
      });
    }
  },
};

export const litellmCsv: CsvFormat = {
  kind: 'csv',
  name: 'litellm',
  detect: (header) =>
    header.includes('spend') && header.includes('model') && (header.includes('prompt_tokens') || header.includes('completion_tokens')),
  open: (header, times) => {
    const names = header.map((name) => name.replace(/^\uFEFF/, '').trim());
    const lower = headerNames(header);
    columnsOf(header, lower, READ_COLUMNS);
    return (row, emit) => {
      const object: Record<string, unknown> = {};
      for (const [at, cell] of row.entries()) {
        object[names[at] as string] = cell;
        object[lower[at] as string] = cell;
      }
      const record = litellmRecord(object, times, true);
      if (typeof record === 'string') return record;
      emit(record);
      return undefined;
    };
  },
};
