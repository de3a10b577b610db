import type { UsageRecord } from '../../core/usage.js';
import { headerNames } from '../csv.js';
import { type CsvFormat, checkedRecord, columnsOf, costCell, modelName, serviceTier, text, timeCell, tokensText } from '../usage-format.js';

/** The columns a plain CSV may have, each with the names it goes by (in lower case; spaces and hyphens read as `_`). */
const COLUMNS = {
  model: ['model'],
  provider: ['provider'],
  time: ['timestamp', 'time', 'date', 'datetime', 'created_at'],
  requests: ['requests', 'num_requests'],
  input: ['input_tokens', 'prompt_tokens'],
  cached: ['cached_input_tokens', 'cache_read_tokens', 'cached_tokens'],
  write: ['cache_write_tokens', 'cache_write_5m_tokens'],
  write1h: ['cache_write_1h_tokens'],
  output: ['output_tokens', 'completion_tokens'],
  reasoning: ['reasoning_tokens'],
  searches: ['web_searches', 'web_search_requests'],
  tier: ['service_tier'],
  cost: ['cost', 'cost_usd'],
  project: ['project', 'project_id'],
  key: ['key', 'api_key', 'api_key_id'],
  user: ['user', 'user_id'],
  session: ['session', 'session_id'],
} as const;

type Column = keyof typeof COLUMNS;

const normal = (names: readonly string[]) => headerNames(names).map((name) => name.replace(/[\s-]+/g, '_'));

/**
 * A plain CSV, one row per request or per sum of requests, with a header naming at least `model`
 * and `input_tokens` or `output_tokens`. `input_tokens` is all input (cache reads and writes
 * included), `output_tokens` all output (reasoning included; `reasoning_tokens` among it), and
 * `web_searches` the searches the provider ran. Empty cells are 0 (or none); a row
 * with `requests` above 1 is a sum (priced without context tiers).
 */
export const csvFormat: CsvFormat = {
  kind: 'csv',
  name: 'csv',
  detect: (header) => {
    const names = normal(header);
    return (
      names.includes('model') && (COLUMNS.input.some((name) => names.includes(name)) || COLUMNS.output.some((name) => names.includes(name)))
    );
  },
  open: (header, times) => {
    const index = columnsOf(header, normal(header), COLUMNS);
    const title = (column: Column) => (index[column] === undefined ? COLUMNS[column][0] : (header[index[column]] ?? '').trim());
    return (row, emit) => {
      const cell = (column: Column) => (index[column] === undefined ? undefined : row[index[column]]);
      const count = (column: Column) => tokensText(cell(column), title(column));
      const requestsCell = cell('requests')?.trim();
      const requests = requestsCell === undefined || requestsCell === '' ? 1 : count('requests');
      const time = timeCell(cell('time'), title('time'), times);
      const tier = serviceTier(cell('tier'));
      const cost = costCell(cell('cost'), title('cost'));
      const groups = Object.fromEntries(
        (['provider', 'project', 'key', 'user', 'session'] as const).flatMap((column) =>
          text(cell(column)) === undefined ? [] : [[column, (cell(column) as string).trim()]],
        ),
      );
      const record: UsageRecord = {
        model: modelName(cell('model')?.trim(), title('model')),
        ...groups,
        ...(time === undefined ? {} : { time }),
        requests,
        inputTokens: count('input'),
        cachedInputTokens: count('cached'),
        cacheWriteTokens: count('write'),
        cacheWrite1hTokens: count('write1h'),
        outputTokens: count('output'),
        ...(index.reasoning === undefined ? {} : { reasoningTokens: count('reasoning') }),
        // A file without the column cannot say how many searches its rows ran.
        ...(index.searches === undefined ? {} : { webSearches: count('searches') }),
        ...(tier === undefined ? {} : { serviceTier: tier }),
        ...(cost === undefined ? {} : { reportedCost: cost }),
        perRequest: requests === 1,
      };
      emit(checkedRecord(record));
      return undefined;
    };
  },
};
