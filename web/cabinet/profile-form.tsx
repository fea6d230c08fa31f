import { useId } from 'react';
import type { UpdateProfileInput } from '../client';
import type { Messages, ProfileField } from './messages';
import { fieldMessage } from './field-message';

export type ProfileValues = Record<ProfileField, string>;

const ADDRESS_FIELDS = ['street', 'city', 'postalCode', 'country'] as const satisfies readonly ProfileField[];
type AddressField = (typeof ADDRESS_FIELDS)[number];
const PERSON_FIELDS = ['fullName', 'email', 'phone', 'dateOfBirth'] as const satisfies readonly ProfileField[];

const isAddressField = (field: ProfileField): field is AddressField => (ADDRESS_FIELDS as readonly ProfileField[]).includes(field);

/** Where the API names a field of UpdateProfileInput: the address's fields are inside `address`. */
export function inputPathOf(field: ProfileField): string {
  return isAddressField(field) ? `address.${field}` : field;
}

const INPUT_TYPES: Partial<Record<ProfileField, 'email' | 'tel'>> = { email: 'email', phone: 'tel' };
const AUTOCOMPLETE: Record<ProfileField, string> = {
  fullName: 'name',
  email: 'email',
  phone: 'tel',
  dateOfBirth: 'bday',
  street: 'street-address',
  city: 'address-level2',
  postalCode: 'postal-code',
  country: 'country',
};

export const EMPTY_PROFILE: ProfileValues = {
  fullName: '',
  email: '',
  phone: '',
  dateOfBirth: '',
  street: '',
  city: '',
  postalCode: '',
  country: '',
};

/**
 * The input that changes what differs from `before`: a field left as it was is not sent (an unchanged email must not
 * start a confirmation), an emptied one is sent as null. The API takes the address as a whole, so a change to any of
 * its fields sends all four.
 */
export function changedInput(values: ProfileValues, before: ProfileValues): UpdateProfileInput {
  const changed = (field: ProfileField) => values[field] !== before[field];
  const value = (field: ProfileField) => (values[field].trim() === '' ? null : values[field].trim());
  const input: UpdateProfileInput = {};
  for (const field of PERSON_FIELDS) if (changed(field)) input[field] = value(field);
  if (ADDRESS_FIELDS.some(changed)) input.address = Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, value(field)]));
  return input;
}

interface Props {
  messages: Messages;
  values: ProfileValues;
  onChange: (values: ProfileValues) => void;
  /** The API's message per input path (see fieldErrors). */
  errors: ReadonlyMap<string, string>;
}

/** The profile's fields, each labelled, with the API's refusal of a field beside it and tied to it for assistive technology. */
export function ProfileFields({ messages, values, onChange, errors }: Props) {
  const prefix = useId();
  const field = (name: ProfileField) => {
    const id = `${prefix}-${name}`;
    const error = errors.get(inputPathOf(name));
    const hint = name === 'dateOfBirth' ? 'YYYY-MM-DD' : undefined;
    return (
      <div className="field" key={name}>
        <label htmlFor={id}>{messages.profile.fields[name]}</label>
        <input
          id={id}
          type={INPUT_TYPES[name] ?? 'text'}
          autoComplete={AUTOCOMPLETE[name]}
          placeholder={hint}
          value={values[name]}
          onChange={(event) => onChange({ ...values, [name]: event.target.value })}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={error === undefined ? undefined : `${id}-error`}
        />
        {error !== undefined && (
          <p id={`${id}-error`} className="field-error">
            {fieldMessage(error, messages)}
          </p>
        )}
      </div>
    );
  };
  return (
    <>
      {PERSON_FIELDS.map(field)}
      <fieldset>
        <legend>{messages.profile.address}</legend>
        {ADDRESS_FIELDS.map(field)}
      </fieldset>
    </>
  );
}
