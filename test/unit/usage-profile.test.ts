import { describe, expect, it } from 'vitest';
import { ProfileCollector, profileText } from '../../src/core/usage-profile.js';
import { usageRecord } from '../support/usage-record.js';

const record = usageRecord;

describe('usage profile', () => {
  it('measures the token mix, request sizes and rates from the records, exactly to 6 places', () => {
    const collector = new ProfileCollector();
    collector.add(
      record({ time: '2026-03-01T10:00:10.000Z', inputTokens: 900, cachedInputTokens: 300, cacheWriteTokens: 100, outputTokens: 100 }),
    );
    collector.add(record({ time: '2026-03-01T10:00:50.000Z', inputTokens: 200, outputTokens: 100 }));
    collector.add(record({ time: '2026-03-01T10:02:00.000Z', inputTokens: 1, outputTokens: 2 }));
    const profile = collector.profile();
    expect(profileText(profile.inputShare.value as bigint)).toBe('0.844973'); // 1101 / 1303
    expect(profileText(profile.cachedShare.value as bigint)).toBe('0.27248'); // 300 / 1101, half away from zero
    expect(profileText(profile.cacheWriteShare.value as bigint)).toBe('0.090827');
    expect(profile.tokensPerRequest.value).toEqual({ mean: 434n, p50: 300n, p95: 1000n });
    // 3 requests over 3 clock minutes (10:00 to 10:02); 2 in the busiest.
    expect(profile.requestsPerMinute.value).toEqual({ average: 1_000_000n, peak: 2_000_000n });
  });

  it("never throws on record times that are not ISO (a library caller's records): such months are never full", () => {
    const collector = new ProfileCollector();
    for (const time of ['+055840-11-12T00:00:00.000Z', 'soon', '2026-01-01T00:00:00.000Z', '2026-01-31T00:00:00.000Z'])
      collector.add(record({ time, outputTokens: 1 }));
    const profile = collector.profile();
    expect(profile.months.map((month) => [month.month, month.full])).toEqual([
      ['+055840', false],
      ['2026-01', true],
      ['soon', false],
    ]);
    expect(profile.requestsPerMinute).toMatchObject({ value: null });
  });

  it('measures growth between the first and last full months, and says why it cannot otherwise', () => {
    const collector = new ProfileCollector();
    for (const [day, tokens] of [
      ['2026-01-01', 100],
      ['2026-01-31', 0],
      ['2026-02-15', 121],
      ['2026-03-10', 146],
      ['2026-03-31', 0.41],
      ['2026-04-02', 5],
    ] as const) {
      collector.add(record({ time: `${day}T00:00:00.000Z`, outputTokens: Math.round(tokens) }));
    }
    const profile = collector.profile();
    expect(profile.months.map((month) => [month.month, month.full, month.tokens])).toEqual([
      ['2026-01', true, 100n],
      ['2026-02', true, 121n],
      ['2026-03', true, 146n],
      ['2026-04', false, 5n],
    ]);
    // (146 / 100)^(1/2) − 1 = 20.830460…%
    expect(profileText(profile.growth.value?.monthlyPct as bigint)).toBe('20.83046');
    const one = new ProfileCollector();
    one.add(record({ time: '2026-01-05T00:00:00.000Z', outputTokens: 1, perRequest: false }));
    expect(one.profile()).toMatchObject({
      growth: { value: null, reason: expect.stringContaining('growth needs two') },
      tokensPerRequest: { value: null, reason: 'no source gives usage per request' },
    });
    expect(new ProfileCollector().profile().inputShare).toEqual({ value: null, reason: 'no tokens' });
  });
});
