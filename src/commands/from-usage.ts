import type { Assumption } from '../core/assumptions.js';
import { divideRounded, formatDecimal } from '../core/decimal.js';
import { parseGrowth, type Growth } from '../core/growth.js';
import type { Accounting, Share } from '../core/pricing.js';
import { PROFILE_SCALE, ProfileCollector, type UsageProfile } from '../core/usage-profile.js';
import { UsageTally } from '../core/usage.js';
import { GacostError } from '../errors.js';
import { usageStdin, type CommandContext, type CommandHost } from './context.js';

/** What `--from-usage` gives a projection in place of the assumptions. */
export interface ObservedUsage {
  readonly profile: UsageProfile;
  /** The observed token mix (and mean request size, for context tiers). */
  readonly accounting: Accounting;
  readonly monthlyTokens: bigint;
  /** The measured monthly growth, or why there is none. */
  readonly growth: Growth | { readonly reason: string };
  readonly assumption: Assumption;
}

/**
 * Reads usage logs (as `gacost usage` does) into a profile: the token mix prices every candidate, and
 * a month of tokens is the last full calendar month's, else the records' tokens scaled from the days
 * they span to 30.
 */
export async function observedUsage(files: readonly string[], context: CommandContext, host: CommandHost): Promise<ObservedUsage> {
  const collector = new ProfileCollector();
  const { readUsage } = await import('../usage/read-usage.js');
  const read = await readUsage(files, {
    from: undefined,
    skipBad: false,
    cwd: context.cwd,
    stdin: usageStdin(host),
    // Every record goes to the collector (the tally's own sums are not used).
    tally: new UsageTally({ thresholds: [], groups: [], since: undefined, until: undefined, asOf: context.prices.asOf }, (record) => collector.add(record)),
  });
  const profile = collector.profile();
  if (profile.records === 0) throw new GacostError('invalid-usage', `--from-usage: ${files.join(', ')} hold no usage records`);
  if (profile.inputShare.value === null) throw new GacostError('invalid-usage', `--from-usage: the records hold ${profile.inputShare.reason}`);
  const lastFull = profile.months.filter((month) => month.full).at(-1);
  let monthlyTokens: bigint;
  let basis: { month: string } | { days: number };
  if (lastFull !== undefined) {
    monthlyTokens = lastFull.tokens;
    basis = { month: lastFull.month };
  } else {
    if (profile.first === null || profile.last === null) {
      throw new GacostError('invalid-usage', '--from-usage: no record carries a time, so a month of tokens cannot be measured; give the tokens (--tokens, --start)');
    }
    const days = (Date.parse(profile.last) - Date.parse(profile.first)) / 86_400_000 + 1;
    const tokens = profile.months.reduce((sum, month) => sum + month.tokens, 0n);
    monthlyTokens = divideRounded(tokens * 30n, BigInt(days));
    basis = { days };
  }
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
    growth: growth === null ? { reason: profile.growth.reason ?? 'not measured' } : parseGrowth(`${formatDecimal(growth.monthlyPct, PROFILE_SCALE)}%/mo`, 'the measured growth'),
    assumption: { code: 'observed-usage', records: profile.records, sources: read.sources.length, first: profile.first, last: profile.last, monthlyTokens, basis },
  };
}

/** --from-usage takes the place of the token-mix flags. */
export function refuseMixFlags(flags: { readonly inputShare?: string; readonly cachedShare?: string }): void {
  if (flags.inputShare !== undefined || flags.cachedShare !== undefined) {
    throw new GacostError('conflicting-options', '--from-usage measures the token mix: give it or --input-share/--cached-share, not both');
  }
}
