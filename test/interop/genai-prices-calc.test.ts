/**
 * The built-in catalog against `calcPrice` of `@pydantic/genai-prices`, the package whose data the catalog
 * is refreshed from: every model of the package's data priced by gacost's own usage pricing (priceUsage,
 * exact femto-USD) and by calcPrice (floats) for several usages on several dates, and every model id and
 * literal name of the data's match rules resolved as a log's model name with its provider given.
 *
 * genai-prices-truth.test.ts compares the catalog with the raw provider lists of ../shared; this one with
 * the package, by what each charges. A difference is refused unless it is of a kind explained below: a
 * curated correction, a price the importer refuses (with its reason), a per-call fee calcPrice charges on
 * every call, or the catalog's history (a refresh keeps every past price, and models the data dropped).
 *
 * The catalog is read from pricing/catalog.yaml (the in-process CLI's built-in one is the frozen test
 * catalog). GACOST_INTEROP_REPORT=FILE writes what the tests found (counts by kind, examples) to FILE as JSON.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  calcPrice,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice,
  type Provider,
  type Usage,
  waitForUpdate,
} from '@pydantic/genai-prices';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { allContextTiers, type Model, providerKeyOf } from '../../src/core/catalog.js';
import { MONEY_SCALE } from '../../src/core/money.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { contextThresholds, dayBoundaries, type MediaTokens, UsageAggregate, type UsageRecord } from '../../src/core/usage.js';
import { priceUsage } from '../../src/core/usage-pricing.js';
import { importGenaiPrices } from '../../src/import/import-genai-prices.js';
import { InputFiles, loadCatalogFile } from '../../src/read-files.js';
import { ROOT } from '../support/gacost.js';

const catalog = loadCatalogFile('pricing/catalog.yaml', undefined, ROOT, new InputFiles());
const byId = new Map(catalog.models.map((model) => [model.id.toLowerCase(), model]));
const thresholds = contextThresholds(catalog);
const boundaries = dayBoundaries(catalog);
const data = (await waitForUpdate()) ?? [];
/** Ids of the data's models, as the catalog writes them (lower case). */
const dataIds = new Set(
  data.flatMap((provider) => provider.models.map((model) => `${providerKeyOf(provider.id)}/${model.id}`.toLowerCase())),
);
/** What the importer makes of the same data: the ids it imports, and why it leaves the rest out. */
const imported = importGenaiPrices(JSON.stringify(data), 'data.json', { checked: '2026-09-23' });
const importedIds = new Set(imported.models.map((model) => model.id.toLowerCase()));

/** Two prices equal but for float noise: calcPrice sums binary floats, gacost exact decimals. */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * The curated corrections (pricing/corrections.yaml, which a refresh never writes): models whose prices
 * in the catalog are the provider's own page, not the data's, by id, with their note.
 * test/unit/catalog-corrections.test.ts retires a correction the data has caught up with.
 */
const corrections = loadCatalog(readFileSync(join(ROOT, 'pricing/corrections.yaml'), 'utf8'), 'pricing/corrections.yaml', undefined, {
  included: true,
});
const CORRECTIONS = new Map([
  ...(corrections.corrections ?? []).map((correction): [string, string] => [correction.model, correction.note]),
  ...corrections.models.map((model): [string, string] => [model.id, model.notes ?? 'written by hand']),
]);

/** Price keys of the data that gacost's usage pricing cannot count from a record (the logs carry no such count), or that a tariff prices per call. */
const NOT_BY_THE_TOKEN = [
  'web_searches_kcount',
  'storage_searches_kcount',
  'requests_kcount',
  'input_document_kpages',
  'input_annotated_document_kpages',
  'input_text_messages_kcount',
  'audio_hours',
  'input_audio_hours',
];

const report: Record<string, unknown> = {};
afterAll(() => {
  const out = process.env.GACOST_INTEROP_REPORT;
  if (out) writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
});

// ----- usages -----

/** A usage in gacost's terms (UsageRecord: input includes cache reads and writes; output includes reasoning). */
interface Tokens {
  readonly input: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly cacheWrite1h?: number;
  readonly output: number;
  /** Reasoning tokens among the output: a count gacost's records do not carry. */
  readonly reasoning?: number;
  readonly media?: Partial<MediaTokens>;
}

interface UsageCase {
  readonly name: string;
  readonly tokens: Tokens;
  /** Whether the case tells anything of a model with these price keys (every key of every dated price). */
  readonly applies: (keys: ReadonlySet<string>, tiered: boolean) => boolean;
}

const IN_AND_OUT: Tokens = { input: 123_457, output: 9_876 };
const WITH_CACHE: Tokens = { input: 180_000, cacheRead: 60_000, cacheWrite: 30_000, output: 4_321 };
const PROMPTS = [200_000, 250_000, 300_000, 600_000];
const USAGES: readonly UsageCase[] = [
  { name: 'input and output', tokens: IN_AND_OUT, applies: () => true },
  { name: 'cache reads and writes', tokens: WITH_CACHE, applies: () => true },
  {
    name: '1-hour cache writes',
    tokens: { input: 100_000, cacheRead: 10_000, cacheWrite: 20_000, cacheWrite1h: 15_000, output: 2_000 },
    applies: (keys) => keys.has('cache_write_1h_mtok'),
  },
  // Context tiers start above 128K, 199,999, 200K, 271,999, 272K or 512K prompt tokens.
  ...PROMPTS.map((prompt) => ({
    name: `a prompt of ${prompt}`,
    tokens: { input: prompt, cacheRead: prompt / 4, cacheWrite: prompt / 10, output: 5_000 },
    applies: (_keys: ReadonlySet<string>, tiered: boolean) => tiered,
  })),
  { name: 'reasoning', tokens: { input: 10_000, output: 20_000, reasoning: 15_000 }, applies: (keys) => keys.has('output_reasoning_mtok') },
  {
    name: 'audio, images and video',
    tokens: {
      input: 100_000,
      cacheRead: 30_000,
      output: 8_000,
      media: {
        inputAudioTokens: 20_000,
        cachedAudioTokens: 5_000,
        inputImageTokens: 10_000,
        cachedImageTokens: 2_000,
        inputVideoTokens: 3_000,
        outputAudioTokens: 1_000,
        outputImageTokens: 500,
        outputVideoTokens: 200,
      },
    },
    applies: (keys) => [...keys].some((key) => /audio|image|video/.test(key) && key.endsWith('_mtok')),
  },
];

/** The usage without output, for a model priced by its input alone (embeddings): gacost refuses output it has no price for. */
function inputOnly(tokens: Tokens): Tokens {
  const { outputAudioTokens: _audio, outputImageTokens: _image, outputVideoTokens: _video, ...media } = tokens.media ?? {};
  return { ...tokens, output: 0, reasoning: 0, ...(tokens.media === undefined ? {} : { media }) };
}

/** The usage as a model can be charged for it: no output where it has no output price. */
function tokensFor(model: ModelInfo, tokens: Tokens): Tokens {
  return priceSets(model).some((set) => set.prices.output_mtok !== undefined) ? tokens : inputOnly(tokens);
}

function genaiUsage(tokens: Tokens): Usage {
  const media = tokens.media ?? {};
  return {
    input_tokens: tokens.input,
    cache_read_tokens: tokens.cacheRead ?? 0,
    // genai-prices' cache writes include the 1-hour ones; gacost counts them apart.
    cache_write_tokens: (tokens.cacheWrite ?? 0) + (tokens.cacheWrite1h ?? 0),
    cache_write_1h_tokens: tokens.cacheWrite1h ?? 0,
    output_tokens: tokens.output,
    output_reasoning_tokens: tokens.reasoning ?? 0,
    input_audio_tokens: media.inputAudioTokens ?? 0,
    cache_audio_read_tokens: media.cachedAudioTokens ?? 0,
    input_image_tokens: media.inputImageTokens ?? 0,
    cache_image_read_tokens: media.cachedImageTokens ?? 0,
    input_video_tokens: media.inputVideoTokens ?? 0,
    output_audio_tokens: media.outputAudioTokens ?? 0,
    output_image_tokens: media.outputImageTokens ?? 0,
    output_video_tokens: media.outputVideoTokens ?? 0,
  };
}

function gacostRecord(model: string, provider: string | undefined, time: string, session: string, tokens: Tokens): UsageRecord {
  return {
    model,
    ...(provider === undefined ? {} : { provider }),
    time,
    requests: 1,
    inputTokens: tokens.input,
    cachedInputTokens: tokens.cacheRead ?? 0,
    cacheWriteTokens: tokens.cacheWrite ?? 0,
    cacheWrite1hTokens: tokens.cacheWrite1h ?? 0,
    outputTokens: tokens.output,
    ...(tokens.reasoning === undefined ? {} : { reasoningTokens: tokens.reasoning }),
    ...(tokens.media === undefined ? {} : { media: tokens.media }),
    perRequest: true,
    session,
  };
}

/** What gacost charges for each record (by its session), or why it refuses it (by its model name). */
function gacostCosts(
  records: readonly UsageRecord[],
  asOf: string,
): { costs: Map<string, { model: string; usd: number }>; refused: Map<string, { code: string; reason: string }> } {
  const aggregate = new UsageAggregate(thresholds.map(Number), ['session'], boundaries);
  for (const record of records) aggregate.add(record);
  const index = new ModelIndex(catalog, { asOf, tier: null });
  const result = priceUsage(aggregate, index, thresholds, { provider: undefined, asOf, by: ['model', 'session'], repricings: [] });
  const costs = new Map(
    [...result.rows].map((row) => [row.keys.session ?? '', { model: row.keys.model ?? '', usd: Number(row.cost) / 10 ** MONEY_SCALE }]),
  );
  return { costs, refused: new Map(result.unpriced.map((entry) => [entry.name, { code: entry.code, reason: entry.reason }])) };
}

/** calcPrice of one model of the data, whatever its match rule claims: the model alone, claiming its own id. */
function genaiCostOf(
  provider: Provider,
  model: ModelInfo,
  usage: Usage,
  timestamp: Date,
  prices?: (prices: ModelPrice) => ModelPrice,
): number | string {
  const strip = (set: ModelPrice) => (prices === undefined ? set : prices(set));
  const only: ModelInfo = {
    ...model,
    match: { equals: model.id },
    prices: Array.isArray(model.prices) ? model.prices.map((entry) => ({ ...entry, prices: strip(entry.prices) })) : strip(model.prices),
  };
  try {
    const result = calcPrice(usage, model.id, {
      provider: { ...provider, models: [only], fallback_model_providers: undefined },
      timestamp,
    });
    return result === null ? 'none' : result.total_price;
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

const withoutNonTokenPrices = (prices: ModelPrice): ModelPrice =>
  Object.fromEntries(Object.entries(prices).filter(([key]) => !NOT_BY_THE_TOKEN.includes(key)));

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function priceSets(model: ModelInfo): { start: string | null; timeOfDay: boolean; prices: ModelPrice }[] {
  const entries = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  return entries.map((entry) => ({
    start: entry.constraint?.type === 'start_date' ? entry.constraint.start_date : null,
    timeOfDay: entry.constraint?.type === 'time_of_date',
    prices: entry.prices,
  }));
}

/**
 * The first date of the catalog's prices from this data: a dated price the catalog has and the data does
 * not is where a refresh (which keeps every past price) put the data's newest one. Before it, the catalog
 * keeps the prices of the catalog it refreshed, whatever the data now says of those dates.
 */
function refreshedFrom(gacost: Model, model: ModelInfo): string | undefined {
  if (gacost.prices === 'unpublished') return undefined;
  const starts = new Set(priceSets(model).flatMap((set) => (set.start === null ? [] : [set.start])));
  return gacost.prices
    .flatMap((entry) => (entry.from === null || starts.has(entry.from) ? [] : [entry.from]))
    .sort()
    .at(-1);
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Counts by kind, with the first few examples of each. */
class Kinds {
  readonly counts: Record<string, number> = {};
  readonly examples: Record<string, unknown[]> = {};
  add(kind: string, example: unknown): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    const list = (this.examples[kind] ??= []);
    if (list.length < 8) list.push(example);
  }
  unexplained(explained: readonly string[]): Record<string, number> {
    return Object.fromEntries(Object.entries(this.counts).filter(([kind]) => !explained.some((prefix) => kind.startsWith(prefix))));
  }
}

/** A time of day outside every time-of-day window of the data (00:30–16:30, 01:00–04:00, 06:00–10:00 UTC). */
const ALL_DAY = 'T20:00:00Z';
/** Dates before and after the data's dated changes. */
const DATES = ['2026-03-01', '2026-08-20', '2026-09-23'];

// ----- 1. prices -----

describe('the catalog charges what calcPrice of @pydantic/genai-prices charges', () => {
  it('every model of the data, each usage, on every date that matters', { timeout: 120_000 }, () => {
    const kinds = new Kinds();
    const models = new Kinds();
    // Per date, the records to price and what calcPrice says of each.
    const byDate = new Map<
      string,
      {
        record: UsageRecord;
        id: string;
        usage: string;
        expected: number | string;
        tokenOnly: number | string;
        nonToken: string[];
        history: string | undefined;
      }[]
    >();
    for (const provider of data) {
      const key = providerKeyOf(provider.id);
      for (const model of provider.models) {
        const id = `${key}/${model.id}`;
        const sets = priceSets(model);
        const keys = new Set(sets.flatMap((set) => Object.keys(set.prices)));
        if (![...keys].some((key) => key.endsWith('_mtok'))) {
          models.add('priced by no token in the data (not compared)', id);
          continue;
        }
        const gacost = byId.get(id.toLowerCase());
        if (gacost === undefined) {
          if (importedIds.has(id.toLowerCase())) models.add('missing from the catalog, though the importer imports it', id);
          else models.add(`left out by the importer: ${importRefusal(model.id)}`, id);
          continue;
        }
        if (gacost.prices === 'unpublished') {
          models.add('unpublished in the catalog (the data prices it 0, or not by the token)', id);
          continue;
        }
        models.add('compared', id);
        // Long prompts where either side has context tiers (a correction may add some).
        const tiered =
          allContextTiers(gacost).length > 0 || sets.some((set) => Object.values(set.prices).some((price) => typeof price === 'object'));
        const starts = sets.flatMap((set) => (set.start === null ? [] : [set.start]));
        const dates = [...new Set([...DATES, ...starts, ...starts.map(dayBefore)])];
        const nonToken = [...keys].filter((key) => NOT_BY_THE_TOKEN.includes(key));
        const history = refreshedFrom(gacost, model);
        for (const date of dates) {
          const timestamp = new Date(`${date}${ALL_DAY}`);
          for (const usage of USAGES) {
            if (!usage.applies(keys, tiered)) continue;
            const tokens = tokensFor(model, usage.tokens);
            const genai = genaiUsage(tokens);
            const session = `${id}\u0000${usage.name}`;
            const expected = genaiCostOf(provider, model, genai, timestamp);
            const rows = byDate.get(date) ?? [];
            rows.push({
              record: gacostRecord(gacost.id, undefined, `${date}${ALL_DAY}`, session, tokens),
              id: gacost.id,
              usage: usage.name,
              expected,
              tokenOnly: nonToken.length === 0 ? expected : genaiCostOf(provider, model, genai, timestamp, withoutNonTokenPrices),
              nonToken,
              history: history !== undefined && date < history ? history : undefined,
            });
            byDate.set(date, rows);
          }
        }
      }
    }
    let compared = 0;
    for (const [date, rows] of byDate) {
      const { costs, refused } = gacostCosts(
        rows.map((row) => row.record),
        date,
      );
      for (const row of rows) {
        compared++;
        const example = { id: row.id, date, usage: row.usage };
        const found = costs.get(row.record.session ?? '');
        const refusal = refused.get(row.id);
        const correction = CORRECTIONS.get(row.id);
        if (typeof row.expected === 'string') {
          kinds.add(`calcPrice ${row.expected.startsWith('refused') ? 'refuses the usage' : 'finds no price'}`, {
            ...example,
            calcPrice: row.expected,
            gacost: found?.usd ?? refusal?.code,
          });
        } else if (found === undefined) {
          kinds.add(`gacost refuses: ${refusal?.code ?? 'no row'}`, { ...example, calcPrice: row.expected, reason: refusal?.reason });
        } else if (close(found.usd, row.expected)) {
          kinds.add('equal', example);
        } else if (correction !== undefined) {
          kinds.add(`a curated correction: ${correction}`, { ...example, calcPrice: row.expected, gacost: found.usd });
        } else if (typeof row.tokenOnly === 'number' && close(found.usd, row.tokenOnly)) {
          kinds.add(`a price not by the token that calcPrice charges on every call (${row.nonToken.join(', ')})`, {
            ...example,
            calcPrice: row.expected,
            tokens: row.tokenOnly,
            gacost: found.usd,
          });
        } else if (row.history !== undefined) {
          kinds.add(
            `the catalog's history: a date before the refresh's first price (${row.history}), priced as the refreshed catalog priced it`,
            { ...example, calcPrice: row.expected, gacost: found.usd },
          );
        } else {
          kinds.add(`different (${row.usage})`, { ...example, calcPrice: row.expected, gacost: found.usd });
        }
      }
    }
    report.prices = {
      dataModels: data.reduce((sum, provider) => sum + provider.models.length, 0),
      models: models.counts,
      modelExamples: models.examples,
      compared,
      outcomes: kinds.counts,
      examples: kinds.examples,
    };
    // Every token-priced model of the data is in the catalog, or the importer says why not.
    expect(models.unexplained(['priced by no token', 'left out by the importer', 'unpublished', 'compared'])).toEqual({});
    expect(
      kinds.unexplained([
        'equal',
        'a curated correction',
        'a price not by the token',
        "the catalog's history",
        'calcPrice refuses the usage',
      ]),
    ).toEqual({});
  });

  it('time-of-day prices: each window on both sides of its edges', () => {
    const kinds = new Kinds();
    for (const provider of data) {
      for (const model of provider.models) {
        const windows = (Array.isArray(model.prices) ? model.prices : []).flatMap((entry) =>
          entry.constraint?.type === 'time_of_date' ? [entry.constraint] : [],
        );
        if (windows.length === 0) continue;
        const id = `${providerKeyOf(provider.id)}/${model.id}`;
        const gacost = byId.get(id.toLowerCase());
        const history = gacost === undefined ? undefined : refreshedFrom(gacost, model);
        const times = windows
          .flatMap((window) => [window.start_time, window.end_time])
          .flatMap((edge) => [secondsOff(edge, -1), secondsOff(edge, 0)]);
        // The date of the dated price the windows follow in the data: gacost applies them from it, genai-prices on every date.
        const entries = Array.isArray(model.prices) ? model.prices : [];
        const firstWindow = entries.findIndex((entry) => entry.constraint?.type === 'time_of_date');
        const refinedFrom = entries
          .slice(0, firstWindow)
          .flatMap((entry) => (entry.constraint?.type === 'start_date' ? [entry.constraint.start_date] : []))
          .at(-1);
        for (const date of DATES) {
          const rows = times.map((time) => ({
            time,
            record: gacostRecord(id, undefined, `${date}T${time}`, `${id}\u0000${time}`, WITH_CACHE),
          }));
          const { costs, refused } = gacostCosts(
            rows.map((row) => row.record),
            date,
          );
          for (const row of rows) {
            const expected = genaiCostOf(provider, model, genaiUsage(WITH_CACHE), new Date(`${date}T${row.time}`));
            const found = costs.get(row.record.session ?? '')?.usd;
            const example = { id, date, time: row.time, calcPrice: expected, gacost: found ?? refused.get(id)?.code };
            const equal = typeof expected === 'number' && found !== undefined && close(found, expected);
            kinds.add(
              equal
                ? 'equal'
                : refinedFrom !== undefined && date < refinedFrom
                  ? `a window refines the dated price it follows (from ${refinedFrom}): gacost does not apply it before that date`
                  : history !== undefined && date < history
                    ? `the catalog's history: a date before the refresh's first price (${history})`
                    : 'different',
              example,
            );
          }
        }
      }
    }
    report.timeOfDay = { outcomes: kinds.counts, examples: kinds.examples };
    expect(kinds.counts.equal).toBeGreaterThan(0);
    expect(kinds.unexplained(['equal', "the catalog's history", 'a window refines the dated price it follows'])).toEqual({});
  });
});

/** A UTC time of day ("00:30:00Z") moved by some seconds, as HH:MM:SSZ. */
function secondsOff(time: string, seconds: number): string {
  const [hours = 0, minutes = 0, secs = 0] = time.replace(/Z$/, '').split(':').map(Number);
  const total = (hours * 3600 + minutes * 60 + secs + seconds + 86_400) % 86_400;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}Z`;
}

/** Why the importer leaves a model of the data out, as it says it. */
function importRefusal(modelId: string): string {
  const problem = imported.problems.find((text) => text.includes(`: ${modelId}: `));
  return problem === undefined
    ? 'no reason given'
    : problem.slice(problem.indexOf(`: ${modelId}: `) + modelId.length + 4).replace(/: [\d.e-]+ /, ': N ');
}

// ----- 2. names -----

/** The literal names of a match rule: its equals texts, and its starts_with texts taken as names. */
function literalNames(rule: MatchLogic | undefined): string[] {
  if (rule === undefined) return [];
  if ('or' in rule) return rule.or.flatMap(literalNames);
  if ('and' in rule) return [];
  if ('equals' in rule) return [rule.equals];
  if ('starts_with' in rule) return [rule.starts_with];
  return [];
}

describe('every model id and literal match name of the data resolves to its own model at its own prices', () => {
  it("as a log's model name with the provider given", { timeout: 120_000 }, () => {
    const kinds = new Kinds();
    const pairs = new Set<string>();
    for (const date of ['2026-03-01', '2026-09-23']) {
      const timestamp = new Date(`${date}${ALL_DAY}`);
      for (const provider of data) {
        const key = providerKeyOf(provider.id);
        const names = new Map<string, ModelInfo>();
        for (const model of provider.models) {
          for (const name of [model.id, ...literalNames(model.match)])
            if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), model);
        }
        const rows = [...names].map(([name, model]) => ({ name, model, tokens: tokensFor(model, IN_AND_OUT) }));
        const { costs, refused } = gacostCosts(
          rows.map((row) => gacostRecord(row.name, provider.id, `${date}${ALL_DAY}`, row.name, row.tokens)),
          date,
        );
        for (const { name, model, tokens } of rows) {
          pairs.add(`${key}\u0000${name}`);
          const own = `${key}/${model.id}`;
          const pick = calcPrice(genaiUsage(tokens), name, { providerId: provider.id, timestamp });
          const genaiModel = pick === null ? null : `${providerKeyOf(pick.provider.id)}/${pick.model.id}`;
          const found = costs.get(name);
          const example = {
            name,
            provider: provider.id,
            date,
            own,
            calcPrice: genaiModel,
            gacost: found?.model ?? refused.get(name)?.code,
          };
          if (found === undefined) {
            const refusal = refused.get(name);
            // A model gacost cannot price names itself in the reason.
            const whose = !byId.has(own.toLowerCase())
              ? ' (not in the catalog)'
              : refusal?.reason.includes(`model ${own} `)
                ? ' (its own model)'
                : '';
            kinds.add(`gacost: ${refusal?.code ?? 'no row'}${whose}`, { ...example, reason: refusal?.reason });
          } else if (found.model.toLowerCase() !== own.toLowerCase()) {
            const kind =
              found.model.toLowerCase() === genaiModel?.toLowerCase()
                ? 'another model, as calcPrice picks it (the data shadows it)'
                : !dataIds.has(found.model.toLowerCase()) && found.model.toLowerCase().endsWith(`/${name}`)
                  ? 'another model: one the data no longer has (a refresh keeps it) whose id the name is'
                  : 'another model than its own';
            kinds.add(kind, example);
          } else if (pick === null) {
            kinds.add('its own model; calcPrice finds none', example);
          } else if (close(found.usd, pick.total_price)) {
            kinds.add('its own model at its own prices', example);
          } else if (
            close(found.usd, Number(genaiCostOf(pick.provider, pick.model, genaiUsage(tokens), timestamp, withoutNonTokenPrices)))
          ) {
            kinds.add('its own model at its own token prices; calcPrice adds a price not by the token on every call', {
              ...example,
              calcPriceUsd: pick.total_price,
              gacostUsd: found.usd,
            });
          } else {
            const history = refreshedFrom(byId.get(own.toLowerCase()) as Model, model);
            const unpriced = !priceSets(model).some((set) => Object.keys(set.prices).some((key) => key.endsWith('_mtok')));
            const kind =
              history !== undefined && date < history
                ? "its own model at the catalog's history (before the refresh's first price)"
                : unpriced
                  ? 'its own model at the price the catalog kept: the data prices it by no token now'
                  : 'its own model at other prices';
            kinds.add(kind, { ...example, calcPriceUsd: pick.total_price, gacostUsd: found.usd });
          }
        }
      }
    }
    report.names = {
      pairs: pairs.size,
      lookups: Object.values(kinds.counts).reduce((sum, count) => sum + count, 0),
      outcomes: kinds.counts,
      examples: kinds.examples,
    };
    expect(
      kinds.unexplained([
        'its own model at its own',
        "its own model at the catalog's history",
        'another model, as calcPrice picks it',
        'another model: one the data no longer has',
        'its own model; calcPrice finds none',
        'its own model at the price the catalog kept',
        'gacost: no-published-price (its own model)',
        'gacost: unknown-model (not in the catalog)',
      ]),
    ).toEqual({});
  });
});
