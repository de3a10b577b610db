import { divideRounded, parseDecimal } from './decimal.js';

const HOURS_PER_YEAR = 8766n; // 365.25 days
const SLA_SCALE = 6;

/** Allowed downtime of an uptime SLA in hours a year, to 2 decimal places: 99.9 → 877n (8.77 h). */
export function downtimeHoursPerYear(uptimePercent: number): bigint {
  const uptime = parseDecimal(String(uptimePercent), SLA_SCALE);
  if (uptime === undefined) throw new Error(`uptime ${uptimePercent} is not a plain decimal`);
  const hundred = 100n * 10n ** BigInt(SLA_SCALE);
  return divideRounded((hundred - uptime) * HOURS_PER_YEAR * 100n, hundred);
}
