import { DuckDBInstance } from '@duckdb/node-api';

/** A row of the `usage` table the exported SQL view prices (input tokens include cache reads and writes). */
export interface UsageRow {
  /** UTC, `YYYY-MM-DD HH:MM:SS`. */
  readonly ts: string;
  readonly provider: string | null;
  readonly model: string;
  readonly input: number;
  readonly cached: number;
  readonly write: number;
  readonly output: number;
}

/** What a pricing says per catalog model (cost as decimal text) and which log names it could not price. */
export interface Totals {
  readonly costs: Record<string, string>;
  /** Unpriced log names, with their records. */
  readonly unpriced: Record<string, number>;
}

/** Decimal text without trailing zeros: "2.500000" → "2.5", "3.000" → "3". */
export function decimalText(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The same rows as a plain CSV that `gacost usage` reads (one request a row). */
export function usageCsv(rows: readonly UsageRow[]): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = rows.map((row) =>
    [row.ts.replace(' ', 'T'), row.provider ?? '', quote(row.model), row.input, row.cached, row.write, row.output].join(','),
  );
  return `timestamp,provider,model,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens\n${lines.join('\n')}\n`;
}

/** `gacost usage --by model --format json` read with each cost_usd kept as its decimal text (JSON.parse would round it). */
export function gacostTotals(json: string): Totals {
  const report = JSON.parse(json.replace(/"cost_usd": (-?[0-9.eE+-]+)/g, '"cost_usd": "$1"')) as {
    rows: { model: string; cost_usd: string }[];
    unpriced: { name: string; records: number }[];
  };
  const costs: Record<string, string> = {};
  for (const row of report.rows) costs[row.model] = decimalText(row.cost_usd);
  const unpriced: Record<string, number> = {};
  for (const entry of report.unpriced) unpriced[entry.name] = entry.records;
  return { costs, unpriced };
}

/** The view's totals: cost_usd summed per model_id, and the rows it could not price per log name. */
export const TOTALS_SQL = {
  costs:
    'SELECT model_id, CAST(sum(cost_usd) AS VARCHAR) AS cost FROM gacost_priced_usage WHERE cost_usd IS NOT NULL GROUP BY model_id ORDER BY model_id',
  unpriced: 'SELECT model, count(*) AS records FROM gacost_priced_usage WHERE cost_usd IS NULL GROUP BY model ORDER BY model',
};

/** Loads the rows into DuckDB's `usage`, runs the exported script, and sums the view. */
export async function duckdbTotals(script: string, rows: readonly UsageRow[]): Promise<Totals> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      'CREATE TABLE usage (ts TIMESTAMP, provider VARCHAR, model VARCHAR, input_tokens BIGINT, cached_input_tokens BIGINT, cache_write_tokens BIGINT, output_tokens BIGINT)',
    );
    if (rows.length > 0) await connection.run(`INSERT INTO usage VALUES ${rows.map(usageValues).join(', ')}`);
    await connection.run(script);
    const costs: Record<string, string> = {};
    for (const row of (await connection.runAndReadAll(TOTALS_SQL.costs)).getRowObjectsJson())
      costs[String(row.model_id)] = decimalText(String(row.cost));
    const unpriced: Record<string, number> = {};
    for (const row of (await connection.runAndReadAll(TOTALS_SQL.unpriced)).getRowObjectsJson())
      unpriced[String(row.model)] = Number(row.records);
    return { costs, unpriced };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sqlText = (text: string | null) => (text === null ? 'NULL' : `'${text.replaceAll("'", "''")}'`);

/** A row as SQL values, in the usage table's column order. */
function usageValues(row: UsageRow): string {
  return `(TIMESTAMP ${sqlText(row.ts)}, ${sqlText(row.provider)}, ${sqlText(row.model)}, ${row.input}, ${row.cached}, ${row.write}, ${row.output})`;
}
