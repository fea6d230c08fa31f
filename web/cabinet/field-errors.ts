import type { ApiError } from '../client';
import { ApiFailure, failureText } from './api';
import type { Messages } from './messages';

/** class-validator's failure of one property, as the API's BAD_USER_INPUT carries them (never the value sent). */
interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function failuresByPath(list: readonly ValidationFailure[], prefix: string, into: Map<string, string>): void {
  for (const { property, constraints, children } of list) {
    const path = `${prefix}${property}`;
    const messages = Object.values(constraints ?? {});
    if (messages.length > 0) into.set(path, messages.join(' '));
    failuresByPath(children ?? [], `${path}.`, into);
  }
}

/**
 * The API's message for each field of an input it refused, keyed by the field's path inside the input ("email",
 * "address.street"). The API refuses a field in one of three ways: a rule of the input class
 * (`extensions.validationErrors`, class-validator's tree of properties); a literal its scalar does not accept
 * (`extensions.argumentPath`, e.g. "input.phone"); a variable's value its scalar does not accept (the message names
 * the path: `has an invalid value at "input.phone"`), which is how this app sends its inputs.
 */
export function fieldErrors(errors: readonly ApiError[], inputPath: string): Map<string, string> {
  const byField = new Map<string, string>();
  const below = (path: string) => (path.startsWith(`${inputPath}.`) ? path.slice(inputPath.length + 1) : undefined);
  for (const error of errors) {
    if (error.extensions.code !== 'BAD_USER_INPUT') continue;
    const validation = error.extensions.validationErrors as ValidationFailure[] | undefined;
    if (validation) failuresByPath(validation, '', byField);
    const argumentPath = error.extensions.argumentPath;
    const named = typeof argumentPath === 'string' ? argumentPath : /at "([^"]+)"/.exec(error.message)?.[1];
    const field = named === undefined ? undefined : below(named);
    if (field !== undefined) byField.set(field, error.message);
  }
  return byField;
}

/**
 * What a form shows when the API refused its input: the message per field, and the form's status line, which points
 * at the marked fields when there are some (each says why beside it) and is the failure itself otherwise.
 */
export function formRefusal(error: unknown, inputPath: string, messages: Messages): { errors: Map<string, string>; status: string } {
  const errors = error instanceof ApiFailure ? fieldErrors(error.errors, inputPath) : new Map<string, string>();
  return { errors, status: errors.size > 0 ? messages.fieldErrors.checkFields : failureText(error) };
}
