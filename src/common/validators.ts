import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A `YYYY-MM-DD` date strictly before today (UTC) and not before `earliest`. */
export function IsPastLocalDate(earliest: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastLocalDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value >= earliest && value < new Date().toISOString().slice(0, 10),
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
