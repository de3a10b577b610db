import { divideRounded, parseDecimal } from './decimal.js';

const SLA_SCALE = 6;
const HUNDRED = 100n * 10n ** BigInt(SLA_SCALE);

/** Allowed downtime of an uptime SLA over `minutes`, scaled by 10^places, rounded half away from zero. */
function allowedDowntime(uptimePercent: number, minutes: bigint, places: number): bigint {
  const uptime = parseDecimal(String(uptimePercent), SLA_SCALE);
  if (uptime === undefined) throw new Error(`uptime ${uptimePercent} is not a plain decimal`);
  return divideRounded((HUNDRED - uptime) * minutes * 10n ** BigInt(places), HUNDRED);
}

/** Hours a year (365.25 days), to 2 decimal places: 99.9 → 877n (8.77 h). */
export function downtimeHoursPerYear(uptimePercent: number): bigint {
  return allowedDowntime(uptimePercent, 8766n, 2);
}

/** Minutes in a 30-day month, to 1 decimal place: 99.9 → 432n (43.2 min). */
export function downtimeMinutesPerMonth(uptimePercent: number): bigint {
  return allowedDowntime(uptimePercent, 30n * 24n * 60n, 1);
}
