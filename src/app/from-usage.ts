import type { Assumption } from '../core/assumptions.js';
import type { Candidate } from '../core/candidate.js';
import type { Catalog, Model } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { type Growth, parseGrowth } from '../core/growth.js';
import { providerKey } from '../core/model-list.js';
import { type ObservedSpend, observedSpend } from '../core/observed-spend.js';
import type { Accounting, Share } from '../core/pricing.js';
import { ModelIndex } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, UsageTally } from '../core/usage.js';
import type { Provenance } from '../core/usage-pricing.js';
import { priceUsage } from '../core/usage-pricing.js';
import { PROFILE_SCALE, ProfileCollector, type UsageProfile } from '../core/usage-profile.js';
import { GacostError } from '../errors.js';
import type { UsageFormatName } from '../usage/format-names.js';
import { type PriceOptions, pricesOf, type ReadIo, readIoOf, readUsageInto } from './options.js';

/** What `--from-usage` gives a projection in place of the assumptions. */
export interface ObservedUsage {
  readonly profile: UsageProfile;
  /** The observed token mix (and mean request size, for context tiers). */
  readonly accounting: Accounting;
  readonly monthlyTokens: bigint;
  /** The measured monthly growth, or why there is none. */
  readonly growth: Growth | { readonly reason: string };
  /** What the logs' own models cost for that month: the baseline, and forecast's first row. */
  readonly candidate: Candidate & { readonly kind: 'observed' };
  /** The logs read, and what their spend priced. */
  readonly assumptions: readonly Assumption[];
  /** How each log name of the month was priced (the CLI warns of those a match rule priced). */
  readonly provenance: readonly Provenance[];
}

/** How usage logs are read: as `--from`, `--provider` and `--skip-bad` say. */
export interface UsageReading {
  /** The format of every source (default: told by each file). */
  readonly from?: UsageFormatName;
  /** The provider of records that name none. */
  readonly provider?: string;
  /** Skip and count records gacost cannot read, rather than refusing them. */
  readonly skipBad?: boolean;
}

/**
 * Reads usage logs (as `gacost usage` does) into a profile and a month of observed spend. A month is
 * the last full calendar month, else the records' days scaled to 30. Its spend prices each record on
 * its own model at that model's prices of its day, as `gacost usage` does; the token mix prices the
 * what-ifs (--model, --mix, the models compare ranks).
 */
export async function fromUsage(
  files: readonly string[],
  catalog: Catalog,
  options: PriceOptions & UsageReading,
  readIo: ReadIo = {},
): Promise<ObservedUsage> {
  const io = readIoOf(readIo);
  const option = io.names('fromUsage');
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  const thresholds = contextThresholds(catalog);
  const collector = new ProfileCollector();
  const tally = new UsageTally(
    {
      thresholds: thresholds.map(Number),
      boundaries: dayBoundaries(catalog),
      groups: [],
      since: undefined,
      until: undefined,
      asOf: prices.asOf,
    },
    (record) => collector.add(record),
  );
  const provider = providerKey(catalog, options.provider);
  const read = await readUsageInto(files, options, io, tally);
  const profile = collector.profile();
  if (profile.records === 0) throw new GacostError('invalid-usage', `${option}: ${files.join(', ')} hold no usage records`);
  if (profile.inputShare.value === null) throw new GacostError('invalid-usage', `${option}: the records hold ${profile.inputShare.reason}`);
  const basis = measuredBasis(profile, option, `${io.names('tokens')}, ${io.names('start')}`);
  // The dated records of the month (or of the whole span, scaled to 30 days), priced as `usage --by model` prices them.
  const period = tally.aggregate.filter((bucket) => bucket.day !== undefined && ('days' in basis || bucket.day.startsWith(basis.month)));
  const models = new Map<string, Model>(catalog.models.map((model) => [model.id, model]));
  const priced = priceUsage(period, index, thresholds, { provider, asOf: prices.asOf, by: ['model'], repricings: [] });
  const spend = observedSpend(priced, (id) => models.get(id) as Model, basis);
  if (spend.records === 0) {
    const [first] = priced.unpriced;
    throw new GacostError(
      'unpriced-usage',
      `${option}: no record of ${observedPeriod(basis)} can be priced, so there is no observed spend to start from${first === undefined ? '' : ` (${first.name}: ${first.reason})`}`,
    );
  }
  const monthlyTokens = spend.tokens;
  // A profile's shares and a token mix's are both millionths (PROFILE_SCALE = SHARE_SCALE).
  const share = (value: bigint | null): Share | null => value as Share | null;
  const sizes = profile.tokensPerRequest.value;
  const growth = profile.growth.value;
  return {
    profile,
    accounting: {
      inputShare: share(profile.inputShare.value),
      cachedShare: share(profile.cachedShare.value ?? 0n),
      cacheWriteShare: share(profile.cacheWriteShare.value ?? 0n),
      ...(sizes === null ? {} : { tokensPerRequest: sizes.mean }),
    },
    monthlyTokens,
    growth:
      growth === null
        ? { reason: profile.growth.reason ?? 'not measured' }
        : parseGrowth(`${formatDecimal(growth.monthlyPct, PROFILE_SCALE)}%/mo`, 'the measured growth'),
    candidate: { kind: 'observed', observed: spend },
    assumptions: [
      {
        code: 'observed-usage',
        records: profile.records,
        sources: read.sources.length,
        first: profile.first,
        last: profile.last,
        monthlyTokens,
        basis,
      },
      { code: 'observed-spend', observed: spend },
    ],
    provenance: priced.provenance.entries,
  };
}

/**
 * The period a month of traffic is measured on: the last full calendar month of the records, else the
 * days they span (scaled to 30); `instead` says what to give when no record carries a time.
 */
export function measuredBasis(profile: UsageProfile, option: string, instead: string): ObservedSpend['basis'] {
  const lastFull = profile.months.filter((month) => month.full).at(-1);
  if (lastFull !== undefined) return { month: lastFull.month };
  if (profile.first === null || profile.last === null) {
    throw new GacostError(
      'invalid-usage',
      `${option}: no record carries a time, so a month of tokens cannot be measured; give the tokens (${instead})`,
    );
  }
  return { days: (Date.parse(profile.last) - Date.parse(profile.first)) / 86_400_000 + 1 };
}

/** The month observed spend is of, or the days of records that stand for one. */
export const observedPeriod = (basis: ObservedSpend['basis']): string =>
  'month' in basis ? basis.month : `the ${basis.days} days of records`;
