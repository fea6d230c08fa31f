/**
 * Aggregates never identify a person: a count of 1 to k-1 people is suppressed (0 says nobody, which is safe).
 * Windows are whole calendar months, and each month is published on its own, never summed over a range, so that
 * two queries cannot differ by one person: the difference of two allowed windows is itself a published, checked month.
 */
export const DEFAULT_K = 10;

export type Suppressed = { value: number; suppressed: false } | { value: null; suppressed: true; reason: string };

export function suppressSmall(count: number, k: number): Suppressed {
  if (count === 0 || count >= k) return { value: count, suppressed: false };
  return { value: null, suppressed: true, reason: `fewer than ${k} people` };
}

export function isMonthStart(date: Date): boolean {
  return (
    date.getUTCDate() === 1 &&
    date.getUTCHours() === 0 &&
    date.getUTCMinutes() === 0 &&
    date.getUTCSeconds() === 0 &&
    date.getUTCMilliseconds() === 0
  );
}

/** At most two years of months per query keeps each answer small. */
export const MAX_STATS_MONTHS = 24;

export function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}
