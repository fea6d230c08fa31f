import { ValidateBy, type ValidationOptions, type ValidatorOptions } from 'class-validator';

/**
 * The options type-graphql validates an input argument with: the schema's `forbidUnknownValues: false`, and the
 * `skipMissingProperties` type-graphql sets itself (an omitted or null field meets only IsDefined). The bulk import
 * validates its records as inputs with the same, so that they meet the same checks.
 */
export const ARGUMENT_VALIDATION: ValidatorOptions = { forbidUnknownValues: false, skipMissingProperties: true };

/** A `YYYY-MM-DD` date strictly before today (UTC) and not before `earliest`. */
export function IsPastLocalDate(earliest: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastLocalDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value >= earliest && value < new Date().toISOString().slice(0, 10),
        defaultMessage: () => `$property must be a date in the past, not before ${earliest}`,
      },
    },
    options,
  );
}

/** Rejects strings that are empty or only whitespace. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => '$property must not be blank',
      },
    },
    options,
  );
}
