import type { Messages } from './messages';

/** A value longer than its bound, as a scalar (`PhoneNumber must be …`) or the bound on every string argument says it. */
const TOO_LONG = / must be at most (\d+) characters\.$/;
/** One of the API's own scalars refusing a value by its form: `… PhoneNumber must be in E.164 form: … .` (never the value). */
const SCALAR_FORM = /(?:^|: )([A-Z][A-Za-z]*) must be /;

/**
 * What the customer reads beside a refused field: the refusal in their language where the API says what it wants
 * (a scalar's form, a length), else the API's own message (in English).
 */
export function fieldMessage(apiMessage: string, messages: Messages): string {
  const length = TOO_LONG.exec(apiMessage);
  if (length) return messages.fieldErrors.tooLong(Number(length[1]));
  const scalar = SCALAR_FORM.exec(apiMessage)?.[1];
  return (scalar === undefined ? undefined : messages.fieldErrors.forms[scalar]) ?? apiMessage;
}
