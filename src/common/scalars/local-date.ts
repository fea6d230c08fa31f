import { boundedStringScalar } from './string-scalar';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/** A date that exists in the calendar: Date rolls 2001-02-30 over to March, so it must print back unchanged. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** graphql-scalars' LocalDate named the refused value in its errors (a date of birth is personal data). */
export const LocalDateScalar = boundedStringScalar({
  name: 'LocalDate',
  description: 'A calendar date with no time zone, `YYYY-MM-DD`, e.g. `2020-01-01`.',
  maxLength: 10,
  expected: 'a calendar date in the form YYYY-MM-DD',
  read: (value) => (YYYY_MM_DD.test(value) && isCalendarDate(value) ? value : null),
});
