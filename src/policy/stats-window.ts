/**
 * Which windows of months the analysts' aggregates may be asked for.
 *
 * Issue 13 (class 2) chose to publish only figures that cannot be differenced, not differentially private noise:
 * every figure counts what happened in ONE calendar month (UTC) in one fixed cell, never a sum over the window or a
 * stock carried from month to month, so the difference of any two answers is a set of whole published cells, each
 * checked on its own (k-anonymity.ts). That holds only if a published month never changes, hence only months that
 * are over, and settled, may be asked.
 */

/** At most two years of months per query keeps each answer small. */
export const MAX_STATS_MONTHS = 24;

/**
 * How long after its end a month may first be asked. Rows are dated by the writing instance's clock and commit a
 * moment later, so a row dated 23:59:59 on a month's last day may become visible after midnight; the request pool's
 * timeouts end such a transaction within seconds (statement 10 s, idle in transaction 30 s) and an hour also covers
 * clock drift between instances. Asked earlier, the month's figures could still grow.
 */
export const MONTH_SETTLING_MS = 60 * 60 * 1000;

export function isMonthStart(date: Date): boolean {
  return (
    date.getUTCDate() === 1 &&
    date.getUTCHours() === 0 &&
    date.getUTCMinutes() === 0 &&
    date.getUTCSeconds() === 0 &&
    date.getUTCMilliseconds() === 0
  );
}

export function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

/** The first instant of the UTC month `count` months after the one `date` falls in. */
export function monthStartAfter(date: Date, count: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1));
}

/** The first month that may not be asked yet at `now`: the current month, or the one before while it settles. */
export function firstUnsettledMonth(now: Date): Date {
  return monthStartAfter(new Date(now.getTime() - MONTH_SETTLING_MS), 0);
}

/** A month as the aggregates name it: YYYY-MM. */
export function monthLabel(monthStart: Date): string {
  return monthStart.toISOString().slice(0, 7);
}
