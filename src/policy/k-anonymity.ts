/**
 * Aggregates never identify a person: a count of 1 to k-1 people is suppressed (0 says nobody, which is safe).
 * Each count is of one month's cell only (see stats-window.ts), so this check on the cell is the whole check.
 */
export const DEFAULT_K = 10;

export type Suppressed = { value: number; suppressed: false } | { value: null; suppressed: true; reason: string };

export function suppressSmall(count: number, k: number): Suppressed {
  if (count === 0 || count >= k) return { value: count, suppressed: false };
  return { value: null, suppressed: true, reason: `fewer than ${k} people` };
}

/**
 * A count of the people in a group who share something (`part` of `whole`), published only when the group, those
 * sharing it and those not sharing it are each 0 or at least k: "9 of 10" says as much of the tenth as "1 of 10".
 */
export function suppressPartOf(part: number, whole: number, k: number): Suppressed {
  if (suppressSmall(whole, k).suppressed) return { value: null, suppressed: true, reason: `fewer than ${k} people in the group` };
  if (suppressSmall(whole - part, k).suppressed) return { value: null, suppressed: true, reason: `fewer than ${k} people outside it` };
  return suppressSmall(part, k);
}
