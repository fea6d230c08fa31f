import type { Messages } from './messages';

/**
 * Dates as the language writes them, in the browser's time zone: Intl gives the parts, the messages the month's
 * name and the order. Not Intl's own Azerbaijani pattern: Chromium's locale data lacks it and writes "2026 M12 3".
 */
function partsOf(iso: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

export function formatDate(iso: string, messages: Messages): string {
  const { year, month, day } = partsOf(iso);
  return messages.dates.day(Number(day), messages.dates.months[Number(month) - 1], year);
}

export function formatDateTime(iso: string, messages: Messages): string {
  const { hour, minute } = partsOf(iso);
  return messages.dates.moment(formatDate(iso, messages), `${hour}:${minute}`);
}
