/**
 * The shipped catalog against genai-prices' August lists (../shared/reference-prices/genai-prices), from
 * which its history starts: the prices of every model on every date that matters before the refresh
 * from `@pydantic/genai-prices` 0.1.8 (2026-09-23; from then on that data rules, which
 * genai-prices-calc.test.ts checks), at the edges of every time-of-day window; the names the lists'
 * match rules claim (resolved as genai-prices resolves them, with and without the provider), and every
 * model name of the usage samples. The oracle is genai-prices' own lookup, reimplemented over the raw
 * provider files (genai-prices-oracle.ts). Where gacost answers otherwise, the difference is counted by
 * kind: one the test explains (a curated correction, a change the 0.1.8 data dates before the refresh,
 * a name the 0.1.8 package resolves as gacost does, …), or `different`, which fails.
 *
 * The built-in catalog is read from pricing/catalog.yaml (the in-process CLI's built-in one is the
 * frozen test catalog) once, and names are resolved in-process with gacost's ModelIndex.
 *
 * GACOST_INTEROP_REPORT=FILE writes what the tests found (counts and every difference) to FILE as JSON.
 */

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { calcPrice, findProvider, waitForUpdate } from '@pydantic/genai-prices';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import {
  type ContextTier,
  contextTiersOf,
  lookupPrices,
  type Model,
  PRICE_KEYS,
  type PriceSet,
  providerKeyOf,
  providerNamed,
} from '../../src/core/catalog.js';
import { nameForms } from '../../src/core/match-rules.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { isGacostError } from '../../src/errors.js';
import { importGenaiPrices } from '../../src/import/import-genai-prices.js';
import { InputFiles, loadCatalogFile } from '../../src/read-files.js';
import { AS_OF, ROOT } from '../support/gacost.js';
import {
  type Clause,
  clauseMatches,
  clauseTexts,
  decimal,
  entryAt,
  type GenaiModel,
  GenaiPrices,
  type GenaiProvider,
  gacostId,
  loadGenaiPrices,
  type Pick,
  type PriceEntry,
  type Prices,
  secondOfDay,
  type Tier,
} from './genai-prices-oracle.js';

const GENAI = join(ROOT, '../shared/reference-prices/genai-prices');
const SAMPLES = join(ROOT, '../shared/usage-samples');

const catalog = loadCatalogFile('pricing/catalog.yaml', undefined, ROOT, new InputFiles());
const index = new ModelIndex(catalog, { asOf: AS_OF, tier: null });
const byId = new Map(catalog.models.map((model) => [model.id as string, model]));
const genai = new GenaiPrices(loadGenaiPrices(GENAI));
/** The same lists read with every clause in lower case: what genai-prices would pick if it compared names in any case, as gacost does. */
const genaiAnyCase = new GenaiPrices(genai.providers.map(lowerCaseRules));
const referenceIds = new Set(genai.providers.flatMap((provider) => provider.models.map((model) => `${provider.key}/${model.id}`)));

// ----- the 0.1.8 data: what genai-prices answers now -----

/**
 * The day `@pydantic/genai-prices` 0.1.8's data applies from (an undated change in it takes effect then:
 * src/import/import-history.ts). Before it the catalog's history is the August lists'; from it on the
 * 0.1.8 data rules, which genai-prices-calc.test.ts checks.
 */
const REFRESHED = '2026-09-23';

const data = (await waitForUpdate()) ?? [];
/** The 0.1.8 data as the importer reads it. */
const importedModels = new Map(
  importGenaiPrices(JSON.stringify(data), 'data.json', { checked: REFRESHED }).models.map((model) => [model.id.toLowerCase(), model]),
);

/** Whether the importer prices the model of the 0.1.8 data. */
function packagePrices(providerId: string, modelId: string): boolean {
  const model = importedModels.get(`${providerKeyOf(providerId)}/${modelId}`.toLowerCase());
  return model !== undefined && model.prices !== 'unpublished';
}

/** The catalog id of the model calcPrice of the 0.1.8 package picks for the name (of its provider, or of a fallback provider), or none. */
function packagePick(name: string, providerId?: string): string | undefined {
  const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, name, {
    ...(providerId === undefined ? {} : { providerId }),
    timestamp: new Date(`${REFRESHED}T12:00:00Z`),
  });
  if (result === null) return undefined;
  const owners = [result.provider.id, ...(result.provider.fallback_model_providers ?? [])];
  const owner = owners.map((id) => data.find((provider) => provider.id === id)).find((provider) => provider?.models.includes(result.model));
  if (owner === undefined) throw new Error(`${result.model.id}: not a model of ${owners.join(' or ')}`);
  return `${providerKeyOf(owner.id)}/${result.model.id}`;
}

/** The 0.1.8 package's provider of a provider name, as a catalog key. */
function packageProvider(name: string): string | undefined {
  const provider = findProvider({ providerId: name });
  return provider === undefined ? undefined : providerKeyOf(provider.id);
}

const report: Record<string, unknown> = {};
afterAll(() => {
  const out = process.env.GACOST_INTEROP_REPORT;
  if (out) writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
});

// ----- gacost's answers -----

type Answer = { kind: 'model'; id: string; provider: string; via: string } | { kind: 'unknown-model' | 'ambiguous-model'; reason: string };

function gacostAnswer(name: string, provider?: string): Answer {
  try {
    const { model, via } = index.match(name, provider);
    return { kind: 'model', id: model.id, provider: model.provider, via };
  } catch (error) {
    if (!isGacostError(error) || (error.code !== 'unknown-model' && error.code !== 'ambiguous-model')) throw error;
    return { kind: error.code, reason: error.message };
  }
}

const show = (answer: Answer) => (answer.kind === 'model' ? `${answer.id} (${answer.via})` : answer.kind);
const showPick = (pick: Pick | undefined) => (pick === undefined ? 'none' : gacostId(pick));

function lowerCaseRules(provider: GenaiProvider): GenaiProvider {
  const lower = (clause: Clause | undefined): Clause | undefined => {
    if (clause === undefined) return undefined;
    if ('or' in clause) return { or: clause.or.map((part) => lower(part) as Clause) };
    if ('and' in clause) return { and: clause.and.map((part) => lower(part) as Clause) };
    const [[test, text]] = Object.entries(clause) as [[string, string]];
    return { [test]: test === 'regex' ? text : text.toLowerCase() } as Clause;
  };
  return {
    ...provider,
    providerMatch: lower(provider.providerMatch),
    modelMatch: lower(provider.modelMatch),
    models: provider.models.map((model) => ({ ...model, match: lower(model.match) })),
  };
}

/**
 * How gacost's answer compares with genai-prices' for one name: the same model (or neither has one),
 * or a difference of a known kind, or `different` (a bug in one of them, which the tests refuse).
 */
function compare(
  name: string,
  provider: string | undefined,
  pick: Pick | undefined,
  answer: Answer,
  anyCasePick: Pick | undefined,
): string {
  const picked = pick === undefined ? undefined : gacostId(pick);
  if (answer.kind === 'model' && answer.id === picked) return 'same';
  if (answer.kind !== 'model' && picked === undefined) return 'neither';
  if (answer.kind === 'model' && answer.provider === 'global-api') return 'gacost: a hand-written Global API model';
  if (picked !== undefined && !byId.has(picked)) return 'genai-prices: a model the importer skipped';
  // genai-prices compares names in lower case to clause texts as written: capitals never match.
  const anyCase = anyCasePick === undefined ? undefined : gacostId(anyCasePick);
  if ((answer.kind === 'model' ? answer.id : undefined) === anyCase) return 'case: genai-prices ignores a clause with capitals';
  if (picked === undefined && answer.kind === 'model') {
    // genai-prices looks in one provider only: the one named, else the one whose model_match claims the name.
    const genaiProvider = provider === undefined ? genai.providerByModel(name.toLowerCase()) : genai.providerById(provider);
    if (
      genaiProvider !== undefined &&
      genaiProvider.key !== answer.provider &&
      !genaiProvider.fallbacks.map(providerKeyOf).includes(answer.provider)
    ) {
      return `genai-prices: none (${genaiProvider.id} claims the name); gacost: another provider's model`;
    }
    if (answer.via === 'id') return 'genai-prices: none; gacost: a catalog id (provider/id)';
    return provider === undefined ? 'genai-prices: none; gacost: a model' : 'genai-prices: none; gacost: the name without its prefix';
  }
  if (picked === undefined) return 'genai-prices: none; gacost: ambiguous';
  if (answer.kind === 'ambiguous-model') return 'gacost: ambiguous';
  if (answer.kind === 'unknown-model') return 'gacost: unknown';
  return 'different';
}

/**
 * A difference from the August lists that the test does not otherwise explain, put to the 0.1.8 package
 * (calcPrice, which resolves names as gacost does: in any case, with the data's fallbacks): where it picks
 * what gacost answers (the same model, or none where gacost knows none), the data changed and gacost
 * follows it; anything else is `different`.
 */
function judged(answer: Answer, name: string, providerId: string | undefined): string {
  const pick = packagePick(name, providerId)?.toLowerCase();
  const gacost = answer.kind === 'model' ? answer.id.toLowerCase() : answer.kind === 'unknown-model' ? undefined : answer.kind;
  if (pick === gacost) return RESOLVED_SO;
  // The package finds nothing for `accounts/fireworks/models/deepseek-r1-0528` of Azure, and gacost's model for the name without that prefix.
  const unprefixed = nameForms(name.toLowerCase(), (prefix) => providerNamed(catalog, prefix)).filter(
    (form) => form.provider === undefined,
  );
  if (pick === undefined && unprefixed.some((form) => packagePick(form.name, providerId)?.toLowerCase() === gacost))
    return 'genai-prices: none; gacost: the name without its prefix';
  return 'different';
}
const RESOLVED_SO = 'the 0.1.8 data resolves it so';

function tally(rows: readonly { outcome: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
  return counts;
}

// ----- 1. prices -----

function normalised(prices: Partial<PriceSet>): Prices {
  const out: Prices = {};
  for (const key of PRICE_KEYS) {
    const value = prices[key];
    if (value !== undefined) out[key] = decimal(value);
  }
  return out;
}

function normalisedTiers(tiers: readonly ContextTier[]): Tier[] {
  return tiers
    .map(({ above, ...prices }) => ({ above: decimal(above), ...normalised(prices) }))
    .sort((a, b) => Number(a.above) - Number(b.above));
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** Why the importer leaves a list's model out, as it counts it; undefined when it imports it. */
function skippedBecause(model: GenaiModel, earlierIds: Set<string>, provider: GenaiProvider): string | undefined {
  const id = `${provider.key}/${model.id}`.toLowerCase();
  if (earlierIds.has(id)) return 'models with the id of an earlier model (case-insensitive)';
  earlierIds.add(id);
  const usable = model.entries.filter((entry) => !entry.conditional);
  if (usable.length === 0) return 'models whose only prices are conditional';
  if (usable[0]?.hours !== undefined) return 'models whose first price has hours';
  if (usable.some((entry) => !entry.tokenPriced) && !usable.every((entry) => !entry.tokenPriced)) {
    return 'models with a dated price that has no token price';
  }
  return undefined;
}

/** Each window's first second and the one before it, and its end and the second before: where a time-of-day price starts and stops. */
function edgeSeconds(windows: readonly (string | undefined)[]): number[] {
  const seconds = new Set<number>();
  for (const hours of windows) {
    for (const edge of hours === undefined ? [] : hours.split('-').map(secondOfDay)) seconds.add(edge).add((edge + 86_399) % 86_400);
  }
  return [...seconds].sort((a, b) => a - b);
}

/** Catalog ids the curated corrections change (pricing/corrections.yaml, which a refresh never writes). */
const correctionsFile = loadCatalog(readFileSync(join(ROOT, 'pricing/corrections.yaml'), 'utf8'), 'pricing/corrections.yaml', undefined, {
  included: true,
});
const CORRECTED = new Set([
  ...(correctionsFile.corrections ?? []).map((correction) => correction.model.toLowerCase()),
  ...correctionsFile.models.map((model) => model.id.toLowerCase()),
]);

describe("the built-in prices are genai-prices' on every date before the refresh", () => {
  it('has every model of every list, priced as the list prices it, at every hour', () => {
    expect(genai.providers.length).toBe(19);
    const skipped: { id: string; reason: string }[] = [];
    const rows: { id: string; date: string; second: number | null; outcome: string; genaiPrices?: unknown; gacost?: unknown }[] = [];
    let checkedModels = 0;
    let unpublishedModels = 0;
    for (const provider of genai.providers) {
      const earlierIds = new Set<string>();
      for (const model of provider.models) {
        const id = `${provider.key}/${model.id}`;
        const reason = skippedBecause(model, earlierIds, provider);
        const gacost = byId.get(id);
        if (reason !== undefined) {
          skipped.push({ id, reason });
          // The first model of an id keeps it.
          if (!reason.includes('earlier model')) expect(gacost, id).toBeUndefined();
          continue;
        }
        expect(gacost, `${id} is missing`).toBeDefined();
        if (gacost === undefined) continue;
        checkedModels++;
        const usable = model.entries.filter((entry) => !entry.conditional);
        // No price at all, or an output price of 0 anywhere: never a free model.
        const unpublished = usable.every((entry) => !entry.tokenPriced) || usable.some((entry) => entry.zeroOutput);
        if (unpublished) {
          unpublishedModels++;
          // A model the lists do not price that the 0.1.8 data prices has its new prices from the beginning (mergeHistory).
          const outcome =
            gacost.prices === 'unpublished'
              ? 'unpublished in both'
              : packagePrices(provider.id, model.id)
                ? 'unpublished in the lists; priced by the 0.1.8 data'
                : 'different';
          rows.push({ id, date: '-', second: null, outcome });
          continue;
        }
        const listStarts = usable.flatMap((entry) => (entry.startDate === null ? [] : [entry.startDate]));
        // The catalog's own dates too: a change the 0.1.8 data dates before the refresh.
        const starts = [
          ...listStarts,
          ...(gacost.prices === 'unpublished' ? [] : gacost.prices.flatMap((entry) => (entry.from === null ? [] : [entry.from]))),
        ];
        const dates = [...new Set(['1970-01-01', ...starts, ...starts.map(dayBefore), dayBefore(REFRESHED)])]
          .filter((date) => date < REFRESHED)
          .sort();
        const seconds = [
          ...new Set([
            null,
            ...edgeSeconds(model.entries.map((entry) => entry.hours)),
            ...edgeSeconds(gacost.prices === 'unpublished' ? [] : gacost.prices.map((entry) => entry.hours)),
          ]),
        ];
        for (const date of dates) {
          for (const second of seconds) {
            const expected = entryAt(model, date, second);
            const found = lookupPrices(gacost, date, second);
            const got =
              found.kind === 'priced'
                ? { ...normalised(found.prices), tiers: normalisedTiers(contextTiersOf(gacost, found.prices)) }
                : found.kind;
            const want =
              expected === undefined
                ? 'none'
                : { ...expected.entry.prices, tiers: [...expected.entry.tiers].sort((a, b) => Number(a.above) - Number(b.above)) };
            let outcome: string;
            if (isDeepStrictEqual(got, want)) outcome = 'same';
            // Before its first start date genai-prices prices a model with its first dated entry; gacost has no price yet.
            else if (expected?.byFallback && found.kind === 'not-yet')
              outcome = 'before the first start date: genai-prices the first price, gacost none';
            else if (CORRECTED.has(id.toLowerCase())) outcome = 'a curated correction (pricing/corrections.yaml)';
            else if (datedByThePackage(gacost, date, listStarts))
              outcome = 'the 0.1.8 data dates a change before the refresh (the lists did not have it)';
            else if (expected?.entry.hours !== undefined && windowBeforeItsPrice(model, expected.entry, date))
              outcome = 'genai-prices: a window before the dated price it follows; gacost: the price in force';
            else outcome = 'different';
            rows.push({ id, date, second, outcome, ...(outcome === 'same' ? {} : { genaiPrices: want, gacost: got }) });
          }
        }
      }
    }
    // What the lists have that the catalog does not: models the importer counts as skipped, by reason.
    expect(referenceIds.size + skipped.filter((entry) => entry.reason.includes('earlier model')).length).toBe(
      genai.providers.reduce((sum, provider) => sum + provider.models.length, 0),
    );
    const differing = rows.filter((row) => row.outcome !== 'same' && row.outcome !== 'unpublished in both');
    report.prices = {
      listModels: genai.providers.reduce((sum, provider) => sum + provider.models.length, 0),
      checkedModels,
      unpublishedModels,
      checked: rows.length,
      outcomes: tally(rows),
      skipped,
      differing,
    };
    expect(rows.filter((row) => row.outcome === 'different')).toEqual([]);
  });
});

/**
 * Whether the catalog's all-day price in force on the date is one the 0.1.8 data gives a date of its own
 * before the refresh, a date the lists have not: a change published after them (the importer takes the
 * data's dated prices on their dates, mergeHistory), with the time-of-day prices that refine it.
 */
function datedByThePackage(model: Model, date: string, listStarts: readonly string[]): boolean {
  const found = lookupPrices(model, date);
  const fresh = importedModels.get(model.id.toLowerCase())?.prices;
  if (found.kind !== 'priced' || found.prices.from === null || listStarts.includes(found.prices.from) || !Array.isArray(fresh))
    return false;
  const { from, ...prices } = found.prices;
  return fresh.some(
    ({ from: freshFrom, hours, context_tiers: _tiers, ...freshPrices }) =>
      freshFrom === from && hours === undefined && isDeepStrictEqual(normalised(freshPrices), normalised(prices)),
  );
}

/** Whether a window follows, in the list, a dated all-day price not yet in force on the date: genai-prices applies it anyway. */
function windowBeforeItsPrice(model: GenaiModel, window: PriceEntry, date: string): boolean {
  const at = model.entries.indexOf(window);
  const before = model.entries
    .slice(0, at)
    .filter((entry) => entry.hours === undefined)
    .at(-1);
  return before?.startDate != null && before.startDate > date;
}

// ----- 2. match rules -----

/** Every model id of the lists, every equals text of a rule, every starts_with text alone and with a date after it. */
function ruleNames(): string[] {
  const names = new Set<string>();
  for (const provider of genai.providers) {
    for (const { test, text } of clauseTexts(provider.modelMatch)) {
      if (test === 'equals') names.add(text);
      if (test === 'starts_with') names.add(text).add(`${text}-2025-01-01`);
    }
    for (const model of provider.models) {
      names.add(model.id);
      for (const { test, text } of clauseTexts(model.match)) {
        if (test === 'equals') names.add(text);
        if (test === 'starts_with') names.add(text).add(`${text}-2025-01-01`);
      }
    }
  }
  return [...names];
}

describe('names resolve as genai-prices resolves them', () => {
  const names = ruleNames();
  // Named by provider, gacost answers as genai-prices does, but where genai-prices cannot see a clause
  // written with capitals, or finds nothing for a name gacost reads without its prefix or as its own id.
  const EXPLAINED = [
    'case: genai-prices ignores a clause with capitals',
    'genai-prices: none; gacost: the name without its prefix',
    'genai-prices: none; gacost: a catalog id (provider/id)',
  ];

  it('with the provider: the model genai-prices picks of that provider (or its fallbacks), or none in both', { timeout: 60_000 }, () => {
    const rows: { name: string; provider: string; genai: string; gacost: string; outcome: string; august?: string }[] = [];
    for (const provider of genai.providers) {
      for (const name of names) {
        const pick = genai.find(name, provider.id);
        const answer = gacostAnswer(name, provider.key);
        const august = compare(name, provider.id, pick, answer, genaiAnyCase.find(name, provider.id));
        const outcome = ['same', 'neither', ...EXPLAINED].includes(august) ? august : judged(answer, name, provider.id);
        rows.push({
          name,
          provider: provider.id,
          genai: showPick(pick),
          gacost: show(answer),
          outcome,
          ...(outcome === august ? {} : { august }),
        });
      }
    }
    const differing = rows.filter((row) => row.outcome !== 'same' && row.outcome !== 'neither');
    report.withProvider = {
      names: names.length,
      pairs: rows.length,
      outcomes: tally(rows),
      resolvedSo: tally(differing.flatMap((row) => (row.august === undefined ? [] : [{ outcome: row.august }]))),
      differing,
    };
    expect(differing.filter((row) => !EXPLAINED.includes(row.outcome) && row.outcome !== RESOLVED_SO)).toEqual([]);
  });

  it('without the provider: never a different model of the lists than genai-prices picks', () => {
    const rows: { name: string; genai: string; gacost: string; outcome: string; august?: string; claimedBy?: string[] }[] = [];
    for (const name of names) {
      const pick = genai.find(name);
      const answer = gacostAnswer(name);
      const august = compare(name, undefined, pick, answer, genaiAnyCase.find(name));
      // Where both pick a model of the lists, it is the same one.
      const otherListModel =
        pick !== undefined &&
        referenceIds.has(gacostId(pick)) &&
        answer.kind === 'model' &&
        referenceIds.has(answer.id) &&
        august !== 'same' &&
        !august.startsWith('case');
      const outcome = august === 'different' || otherListModel ? judged(answer, name, undefined) : august;
      const claimedBy = genai.providersByModel(name.toLowerCase()).map((provider) => provider.id);
      rows.push({
        name,
        genai: showPick(pick),
        gacost: show(answer),
        outcome,
        ...(outcome === august ? {} : { august }),
        ...(claimedBy.length > 1 ? { claimedBy } : {}),
      });
    }
    report.withoutProvider = {
      names: names.length,
      outcomes: tally(rows),
      resolvedSo: rows.filter((row) => row.outcome === RESOLVED_SO),
      differing: rows.filter((row) => row.outcome !== 'same' && row.outcome !== 'neither'),
      // Names two providers' model_match claim: genai-prices' provider order decides them.
      orderDependent: rows.filter((row) => row.claimedBy !== undefined),
    };
    expect(rows.filter((row) => row.outcome === 'different')).toEqual([]);
  });
});

// ----- 3. usage samples -----

const MODEL_KEYS = new Set(['model', 'modelVersion', 'model_permaslug', 'model_map_key']);

/** Every model-like string field of a JSON value, JSON text inside strings included (LiteLLM's metadata). */
function modelFields(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/^\s*[[{]/.test(value)) {
      try {
        modelFields(JSON.parse(value), found);
      } catch {
        // Not JSON after all.
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value) modelFields(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) {
      if (MODEL_KEYS.has(key) && typeof field === 'string' && field.trim() !== '' && field !== '<synthetic>') found.push(field);
      else modelFields(field, found);
    }
  }
  return found;
}

/** The provider a recorded cassette's path names: models/<p>/…, models/cassettes/test_<p>/…, providers/cassettes/test_<p>/…. */
function providerOfCassette(file: unknown): string | undefined {
  if (typeof file !== 'string') return undefined;
  return /^models\/(?!cassettes\/)([^/]+)\//.exec(file)?.[1] ?? /^(?:models|providers)\/cassettes\/test_([^/]+)\//.exec(file)?.[1];
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : /\.jsonl?$/.test(entry) ? [path] : [];
    });
}

/** Every (model name, provider it was served by, if the sample tells) of the samples. */
function sampleNames(): { name: string; provider: string | undefined; source: string }[] {
  const found: { name: string; provider: string | undefined; source: string }[] = [];
  for (const path of filesUnder(SAMPLES)) {
    const source = relative(SAMPLES, path);
    const text = readFileSync(path, 'utf8');
    const records: unknown[] = path.endsWith('.jsonl')
      ? text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line))
      : [JSON.parse(text)];
    if (source.startsWith('genai-prices-dataset/')) {
      for (const record of records.flat() as { model?: string; body: unknown; extracted: { extractors: { provider_id: string }[] }[] }[]) {
        const names = new Set(modelFields(record.body));
        if (record.model !== undefined) names.add(record.model);
        const providers = new Set(record.extracted.flatMap((extracted) => extracted.extractors.map((extractor) => extractor.provider_id)));
        for (const name of names) for (const provider of providers) found.push({ name, provider, source });
      }
      continue;
    }
    const folder = source.split('/')[0];
    for (const record of records) {
      const fixed =
        folder === 'claude-code-jsonl'
          ? source.includes('codex-session')
            ? 'openai' // Codex CLI
            : 'anthropic'
          : folder === 'openai-org-usage-costs'
            ? 'openai'
            : folder === 'litellm-spend-logs'
              ? String((record as { custom_llm_provider?: unknown }).custom_llm_provider ?? '') || undefined
              : undefined;
      const provider = folder === 'openrouter' ? undefined : (fixed ?? providerOfCassette((record as { file?: unknown }).file));
      for (const name of modelFields(record)) found.push({ name, provider, source });
    }
  }
  return found;
}

describe("the usage samples' model names", () => {
  it('resolve to the model genai-prices picks, or to none with a reason', () => {
    const samples = sampleNames();
    const pairs = new Map<string, { name: string; provider: string | undefined; sources: Set<string> }>();
    for (const sample of samples) {
      const key = `${sample.name}\u0000${sample.provider ?? ''}`;
      const pair = pairs.get(key) ?? { name: sample.name, provider: sample.provider, sources: new Set() };
      pair.sources.add(sample.source.split('/')[0] ?? sample.source);
      pairs.set(key, pair);
    }
    const rows: { name: string; provider: string; genai: string; gacost: string; outcome: string; august?: string; reason?: string }[] = [];
    const providerNames: { provider: string; genai: string; gacost: string; outcome: string }[] = [];
    const seen = new Set<string>();
    for (const { name, provider } of pairs.values()) {
      // A provider neither catalog has (OpenRouter, Ollama, Z.ai, …) tells nothing: the name alone.
      const genaiProvider = provider === undefined ? undefined : genai.providerById(provider);
      const gacostProvider = provider === undefined ? undefined : providerNamed(catalog, provider);
      if (provider !== undefined && (genaiProvider?.key ?? 'none') !== (gacostProvider ?? 'none')) {
        // A provider new in the 0.1.8 data (OpenRouter, Hugging Face's routers, Modal, …), or one whose provider_match changed.
        const outcome = packageProvider(provider) === gacostProvider ? 'the 0.1.8 data names it so' : 'different';
        providerNames.push({ provider, genai: genaiProvider?.id ?? 'none', gacost: gacostProvider ?? 'none', outcome });
      }
      const key = `${name}\u0000${gacostProvider ?? ''}\u0000${genaiProvider?.id ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pick = genai.find(name, genaiProvider?.id);
      const answer = gacostAnswer(name, gacostProvider);
      let reason: string | undefined;
      if (answer.kind === 'model') {
        try {
          index.priced(byId.get(answer.id) as Model);
        } catch (error) {
          if (!isGacostError(error)) throw error;
          reason = error.code;
        }
      }
      const august = compare(name, genaiProvider?.id, pick, answer, genaiAnyCase.find(name, genaiProvider?.id));
      // The question gacost answered, put to the package: the name with the provider gacost read, or alone.
      const outcome = august === 'different' ? judged(answer, name, gacostProvider === undefined ? undefined : provider) : august;
      rows.push({
        name,
        provider: gacostProvider ?? '-',
        genai: showPick(pick),
        gacost: show(answer),
        outcome,
        ...(outcome === august ? {} : { august }),
        ...(reason === undefined ? {} : { reason }),
      });
    }
    const distinctNames = new Set(rows.map((row) => row.name));
    const resolvedNames = new Set(rows.filter((row) => !row.gacost.endsWith('-model')).map((row) => row.name));
    report.samples = {
      records: samples.length,
      distinctNames: distinctNames.size,
      pairs: rows.length,
      resolvedPairs: rows.filter((row) => !row.gacost.endsWith('-model')).length,
      resolvedNames: resolvedNames.size,
      pricedPairs: rows.filter((row) => !row.gacost.endsWith('-model') && row.reason === undefined).length,
      noPrice: rows.filter((row) => row.reason !== undefined),
      unknownPairs: rows.filter((row) => row.gacost === 'unknown-model').length,
      ambiguousPairs: rows.filter((row) => row.gacost === 'ambiguous-model').length,
      outcomes: tally(rows),
      differing: rows.filter((row) => row.outcome !== 'same' && row.outcome !== 'neither'),
      providerNames: {
        outcomes: tally(providerNames),
        differing: providerNames.filter((row) => row.outcome === 'different'),
        examples: providerNames.slice(0, 20),
      },
      // Names that resolve with no provider they were given, nor with none.
      neverResolved: [...distinctNames].filter((name) => !resolvedNames.has(name)).sort(),
      ambiguous: rows.filter((row) => row.gacost === 'ambiguous-model'),
      // Provider names that the provider_match of more than one list claims: genai-prices' provider order decides them.
      orderDependentProviders: [
        ...new Set(samples.flatMap((sample) => (sample.provider === undefined ? [] : [sample.provider.toLowerCase().trim()]))),
      ].filter(
        (provider) =>
          !genai.providers.some((candidate) => candidate.id === provider) &&
          genai.providers.filter((candidate) => candidate.providerMatch !== undefined && clauseMatches(candidate.providerMatch, provider))
            .length > 1,
      ),
    };
    // The samples' provider names mean the same provider to gacost and to genai-prices (the lists or the 0.1.8 data).
    expect(providerNames.filter((row) => row.outcome === 'different')).toEqual([]);
    expect(rows.filter((row) => row.outcome === 'different')).toEqual([]);
  });

  it("the oracle finds a model wherever genai-prices priced a record of the dataset (one of the 19 lists' providers)", () => {
    const records = JSON.parse(readFileSync(join(SAMPLES, 'genai-prices-dataset/usages.json'), 'utf8')) as {
      model?: string;
      extracted: { extractors: { provider_id: string; input_price?: string; output_price?: string }[] }[];
    }[];
    const ids = new Set(genai.providers.map((provider) => provider.id));
    const missed: string[] = [];
    let priced = 0;
    for (const record of records) {
      for (const extractor of record.extracted.flatMap((extracted) => extracted.extractors)) {
        if (record.model === undefined || !ids.has(extractor.provider_id)) continue;
        if (extractor.input_price === undefined && extractor.output_price === undefined) continue;
        priced++;
        if (genai.find(record.model, extractor.provider_id) === undefined) missed.push(`${record.model} of ${extractor.provider_id}`);
      }
    }
    expect(priced).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  });
});
