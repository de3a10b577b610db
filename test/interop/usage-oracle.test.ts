/**
 * `gacost usage` against genai-prices' own usage dataset (../shared/usage-samples/genai-prices-dataset/
 * usages.json): 1,577 recorded response bodies, each with the price genai-prices computes for it, per
 * provider that could serve it, as of 2025-11-06 12:00 UTC. For each (body shape, provider) pair of the
 * issue, the bodies of that shape that genai-prices prices as that provider are written as JSON lines, each
 * stamped with that moment (so that time-of-day prices apply as they did for genai-prices), and priced by
 * the built CLI with the shipped catalog; per catalog model, gacost's cost must be exactly the sum of
 * genai-prices' total_price (input_price + output_price where it gives no total; the total adds non-token
 * charges such as web searches) of the records gacost put in that row (compared as decimals read from the
 * JSON text, never as floats), and nothing genai-prices prices may be unpriced. Two kinds of exception,
 * counted per pair, where a row must instead equal the package's calcPrice (@pydantic/genai-prices, the
 * data the catalog now follows) of its records: cached tokens a body reports in a field genai-prices'
 * extractor does not read (Mistral's num_cached_tokens), which gacost prices at the cache-read price; and
 * prices the newer data gives that date differently from the list the dataset was priced with.
 *
 * GACOST_USAGE_ORACLE_REPORT=FILE writes the agreement per pair (records, models, exact matches) and every
 * disagreement, with each record of a disagreeing row priced alone, to FILE as JSON.
 */

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, scratchDir } from '../support/gacost.js';

const DATASET = join(ROOT, '../shared/usage-samples/genai-prices-dataset/usages.json');
const GENAI = join(ROOT, '../shared/reference-prices/genai-prices');
const AS_OF = '2025-11-06';
/** The moment genai-prices priced the dataset at, written on each record as its time. */
const PRICED_AT = `${AS_OF}T12:00:00Z`;

interface Extractor {
  readonly provider_id: string;
  readonly api_flavor: string;
  readonly input_price?: string;
  readonly output_price?: string;
  readonly total_price?: string;
}
interface Entry {
  readonly body: Record<string, unknown>;
  readonly extracted: readonly { readonly extractors: readonly Extractor[]; readonly usage: Record<string, unknown> }[];
  readonly model?: string;
}

type Shape = 'anthropic-messages' | 'openai-chat' | 'openai-responses' | 'gemini';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body's shape, by its keys: which API answered it. */
function shapeOf(body: Record<string, unknown>): Shape | undefined {
  if (isObject(body.usageMetadata)) return 'gemini';
  const usage = body.usage;
  if (!isObject(usage)) return undefined;
  if ('input_tokens' in usage && ('cache_creation_input_tokens' in usage || 'cache_read_input_tokens' in usage || body.type === 'message'))
    return 'anthropic-messages';
  if ('prompt_tokens' in usage) return 'openai-chat';
  if ('input_tokens' in usage && 'output_tokens' in usage && 'input_tokens_details' in usage) return 'openai-responses';
  return undefined;
}

interface Pair {
  readonly name: string;
  readonly shape: Shape;
  /** gacost usage --from. */
  readonly from: 'anthropic' | 'openai' | 'gemini';
  /** genai-prices' provider id and api_flavor of the extractor; gacost's --provider is the same id. */
  readonly provider: string;
  readonly flavor: string;
  /** The rows of each kind of exception (see PairResult.exceptions). */
  readonly exceptions?: Partial<Record<ExceptionKind, number>>;
}

const PAIRS: readonly Pair[] = [
  { name: 'Anthropic Messages as anthropic', shape: 'anthropic-messages', from: 'anthropic', provider: 'anthropic', flavor: 'default' },
  { name: 'Anthropic Messages as aws', shape: 'anthropic-messages', from: 'anthropic', provider: 'aws', flavor: 'anthropic' },
  { name: 'OpenAI chat as openai', shape: 'openai-chat', from: 'openai', provider: 'openai', flavor: 'chat' },
  { name: 'OpenAI Responses as openai', shape: 'openai-responses', from: 'openai', provider: 'openai', flavor: 'responses' },
  { name: 'Gemini as google', shape: 'gemini', from: 'gemini', provider: 'google', flavor: 'default' },
  { name: 'chat as groq', shape: 'openai-chat', from: 'openai', provider: 'groq', flavor: 'default' },
  {
    name: 'chat as mistral',
    shape: 'openai-chat',
    from: 'openai',
    provider: 'mistral',
    flavor: 'default',
    exceptions: { 'unread-cached-tokens': 1, 'newer-data': 1 },
  },
  { name: 'chat as deepseek', shape: 'openai-chat', from: 'openai', provider: 'deepseek', flavor: 'chat' },
];

// ----- exact decimals -----

const SCALE = 40;
/** Decimal text (Python's Decimal writes small values as 7E-7) as units of 10^-40. */
function units(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const shift = SCALE + Number(exponent) - fraction.length;
  if (shift < 0) throw new Error(`more than ${SCALE} decimal places: ${text}`);
  const value = BigInt(whole + fraction) * 10n ** BigInt(shift);
  return sign === '-' ? -value : value;
}
function decimalText(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}${fraction ? `.${fraction}` : ''}`;
}

// ----- the dataset -----

interface Sample {
  /** Position in usages.json. */
  readonly index: number;
  readonly file: string;
  /** The model name the reader sees. */
  readonly model: string;
  /** The line gacost reads: the body, its model name where the body keeps it only beside it. */
  readonly line: Record<string, unknown>;
  /** genai-prices' total_price, else input_price + output_price. */
  readonly price: bigint;
  readonly genaiUsage: Record<string, unknown>;
}

const dataset: Entry[] | undefined = existsSync(DATASET) ? (JSON.parse(readFileSync(DATASET, 'utf8')) as Entry[]) : undefined;

function samplesOf(pair: Pair): Sample[] {
  const samples: Sample[] = [];
  for (const [index, entry] of (dataset ?? []).entries()) {
    if (shapeOf(entry.body) !== pair.shape) continue;
    const found = entry.extracted
      .flatMap((extracted) => extracted.extractors.map((extractor) => ({ extractor, usage: extracted.usage })))
      .filter(({ extractor }) => extractor.provider_id === pair.provider && extractor.api_flavor === pair.flavor);
    const priced = found.filter(({ extractor }) => extractor.input_price !== undefined && extractor.output_price !== undefined);
    if (priced.length === 0) continue;
    expect(priced.length, `record ${index}: one ${pair.provider} ${pair.flavor} price`).toBe(1);
    const { extractor, usage } = priced[0]!;
    const { file, ...body } = entry.body;
    const named = pair.shape === 'gemini' ? (body.modelVersion ?? body.model) : body.model;
    const model = typeof named === 'string' ? named : entry.model;
    if (model === undefined) throw new Error(`record ${index} (${String(file)}) names no model`);
    const line =
      pair.shape === 'gemini' ? { ...body, modelVersion: model, createTime: PRICED_AT } : { ...body, model, created_at: PRICED_AT };
    const price =
      extractor.total_price === undefined ? units(extractor.input_price!) + units(extractor.output_price!) : units(extractor.total_price);
    samples.push({ index, file: String(file), model, line, price, genaiUsage: usage });
  }
  return samples;
}

/**
 * Why a row may differ from the dataset's price yet be right: gacost prices cached tokens genai-prices'
 * extractor does not read, or the newer data prices the date otherwise (e.g. Ministral 8B Latest's
 * output at 0.1 before 2025-12-02, where the dataset's list had 1).
 */
type ExceptionKind = 'unread-cached-tokens' | 'newer-data';

/**
 * Cached tokens a body reports that genai-prices' extractor counts as uncached input (Mistral's
 * num_cached_tokens); gacost reads them, and prices them at the cache-read price where the model has one.
 */
function unreadCached(sample: Sample): number {
  const usage = sample.line.usage;
  if (!isObject(usage) || typeof usage.num_cached_tokens !== 'number' || sample.genaiUsage.cache_read_tokens !== undefined) return 0;
  return usage.num_cached_tokens;
}

/** The package's calcPrice of a record with those tokens as cache reads (a float: compared within float noise). */
function priceWithCacheReads(pair: Pair, sample: Sample): number {
  const usage = { ...sample.genaiUsage, cache_read_tokens: unreadCached(sample) } as Record<string, number>;
  return calcPrice(usage, sample.model, { providerId: pair.provider, timestamp: new Date(PRICED_AT) })?.total_price ?? Number.NaN;
}

// ----- gacost -----

interface Row {
  readonly model: string;
  readonly logModels: readonly string[];
  readonly records: number;
  /** cost_usd as its JSON text. */
  readonly cost: string;
  readonly tokens: Record<string, number>;
}
interface Outcome {
  readonly rows: Row[];
  readonly unpriced: { name: string; code: string; reason: string }[];
}

/** The built CLI with the shipped catalog (no GACOST_CATALOG: its built-in one). */
function runCli(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        resolve({ exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** The rows' cost_usd values as the JSON text writes them, in order. */
function rowCostTexts(stdout: string): string[] {
  const start = stdout.indexOf('"rows": [');
  const end = stdout.indexOf('"repriced": [', start);
  if (start < 0 || end < 0) throw new Error('no rows in the JSON output');
  // A row's own cost_usd is the one reported_cost_usd follows (its provenance entries have theirs too).
  return [...stdout.slice(start, end).matchAll(/"cost_usd": (-?\d+(?:\.\d+)?),\s*"reported_cost_usd"/g)].map((match) => match[1]!);
}

async function usage(pair: Pair, lines: readonly Record<string, unknown>[]): Promise<Outcome> {
  const file = join(scratchDir(), `${pair.provider}-${pair.shape}.jsonl`);
  writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const run = await runCli(['usage', file, '--from', pair.from, '--provider', pair.provider, '--as-of', AS_OF, '--format', 'json']);
  if (run.exitCode !== 0) throw new Error(`gacost usage exited ${run.exitCode}: ${run.stderr}`);
  const json = JSON.parse(run.stdout) as { rows: Record<string, unknown>[]; unpriced: { name: string; code: string; reason: string }[] };
  const costs = rowCostTexts(run.stdout);
  expect(costs.length).toBe(json.rows.length);
  const rows = json.rows.map((row, position): Row => {
    expect(Number(costs[position])).toBe(row.cost_usd);
    return {
      model: String(row.model),
      logModels: row.log_models as string[],
      records: Number(row.records),
      cost: costs[position]!,
      tokens: Object.fromEntries(
        Object.entries(row).filter(([key, value]) => key.endsWith('_tokens') && typeof value === 'number'),
      ) as Record<string, number>,
    };
  });
  return { rows, unpriced: json.unpriced.map(({ name, code, reason }) => ({ name, code, reason })) };
}

// ----- the comparison -----

interface RecordDifference {
  readonly cause: string;
  readonly index: number;
  readonly file: string;
  readonly logModel: string;
  readonly gacostModel: string;
  readonly gacost: string;
  readonly genai: string;
  readonly gacostTokens: Record<string, number>;
  readonly genaiUsage: Record<string, unknown>;
  readonly usage: unknown;
}

interface RowResult {
  readonly model: string;
  readonly logModels: readonly string[];
  readonly records: number;
  readonly gacost: string;
  /** genai-prices' input_price + output_price summed. */
  readonly genai: string;
}

interface PairResult {
  readonly records: number;
  readonly models: number;
  /** Rows where gacost gives exactly genai-prices' sum. */
  readonly exact: number;
  readonly rows: RowResult[];
  /** Rows that differ from genai-prices' sum, but for the exceptions below. */
  readonly differing: RowResult[];
  /** Rows that differ from the dataset but equal the package's calcPrice, by kind: how many, and one. */
  readonly exceptions: Partial<Record<ExceptionKind, { readonly rows: number; readonly records: number; readonly example: RowResult }>>;
  readonly unpriced: Outcome['unpriced'];
  /** With GACOST_USAGE_ORACLE_REPORT: each record of a differing row (or unpriced) priced alone. */
  readonly records_differing: RecordDifference[];
}

/** Each record of a differing row priced alone, to name the records that differ. */
async function recordDifferences(pair: Pair, samples: readonly Sample[]): Promise<RecordDifference[]> {
  const found: RecordDifference[] = [];
  for (const sample of samples) {
    const { rows } = await usage(pair, [sample.line]);
    const row = rows[0];
    if (row !== undefined && units(row.cost) === sample.price) continue;
    found.push({
      cause: row === undefined ? 'unpriced' : 'differing',
      index: sample.index,
      file: sample.file,
      logModel: sample.model,
      gacostModel: row?.model ?? 'unpriced',
      gacost: row?.cost ?? 'unpriced',
      genai: decimalText(sample.price),
      gacostTokens: row?.tokens ?? {},
      genaiUsage: sample.genaiUsage,
      usage: sample.line.usage ?? sample.line.usageMetadata,
    });
  }
  return found;
}

async function compare(pair: Pair): Promise<PairResult> {
  const samples = samplesOf(pair);
  const outcome = await usage(
    pair,
    samples.map((sample) => sample.line),
  );
  const byLogModel = new Map<string, Sample[]>();
  for (const sample of samples) byLogModel.set(sample.model, [...(byLogModel.get(sample.model) ?? []), sample]);
  const rows = outcome.rows.map((row) => {
    const members = row.logModels.flatMap((name) => byLogModel.get(name) ?? []);
    expect({ model: row.model, records: members.length }).toEqual({ model: row.model, records: row.records });
    const sum = (value: (sample: Sample) => bigint) => decimalText(members.reduce((total, sample) => total + value(sample), 0n));
    return {
      model: row.model,
      logModels: row.logModels,
      records: row.records,
      gacost: decimalText(units(row.cost)),
      genai: sum((sample) => sample.price),
      members,
    };
  });
  // Every record read, each in one row or unpriced.
  expect(
    rows.reduce((sum, row) => sum + row.records, 0) +
      outcome.unpriced.reduce((sum, entry) => sum + (byLogModel.get(entry.name)?.length ?? 0), 0),
  ).toBe(samples.length);
  const withoutMembers = ({ members: _members, ...row }: (typeof rows)[number]): RowResult => row;
  const unequal = rows.filter((row) => units(row.gacost) !== units(row.genai));
  const byPackage = unequal.filter((row) => {
    const expected = row.members.reduce((total, sample) => total + priceWithCacheReads(pair, sample), 0);
    return Math.abs(Number(row.gacost) - expected) <= 1e-9 * expected;
  });
  const differing = unequal.filter((row) => !byPackage.includes(row));
  const exceptions: PairResult['exceptions'] = {};
  for (const row of byPackage) {
    const kind: ExceptionKind = row.members.some((sample) => unreadCached(sample) > 0) ? 'unread-cached-tokens' : 'newer-data';
    const seen = exceptions[kind];
    exceptions[kind] = {
      rows: (seen?.rows ?? 0) + 1,
      records: (seen?.records ?? 0) + row.records,
      example: seen?.example ?? withoutMembers(row),
    };
  }
  const unpricedSamples = outcome.unpriced.flatMap((entry) => byLogModel.get(entry.name) ?? []);
  const records_differing = process.env.GACOST_USAGE_ORACLE_REPORT
    ? await recordDifferences(pair, [...differing.flatMap((row) => row.members), ...unpricedSamples])
    : [];
  return {
    records: samples.length,
    models: rows.length,
    exact: rows.length - differing.length,
    rows: rows.map(withoutMembers),
    differing: differing.map(withoutMembers),
    exceptions,
    unpriced: outcome.unpriced,
    records_differing,
  };
}

const report: Record<string, unknown> = {};
afterAll(() => {
  const out = process.env.GACOST_USAGE_ORACLE_REPORT;
  if (out) writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
});

describe.skipIf(dataset === undefined || !existsSync(GENAI))("gacost usage prices genai-prices' usage dataset as genai-prices does", () => {
  for (const pair of PAIRS) {
    it(`${pair.name}: per model, exactly genai-prices' price, nothing it prices left unpriced`, { timeout: 600_000 }, async () => {
      const result = await compare(pair);
      report[pair.name] = result;
      expect(result.records).toBeGreaterThan(0);
      expect(result.unpriced).toEqual([]);
      expect(result.differing).toEqual([]);
      expect(Object.fromEntries(Object.entries(result.exceptions).map(([kind, found]) => [kind, found.rows]))).toEqual(
        pair.exceptions ?? {},
      );
    });
  }
});
