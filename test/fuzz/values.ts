import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import type { Random } from './random';

/** An enum value: a bare name in a literal, a string in the variables. */
export class EnumLiteral {
  constructor(readonly name: string) {}
}

/** An argument value, as it is written inline or sent in the variables. */
export type Value = null | boolean | number | string | EnumLiteral | Value[] | { [field: string]: Value };

/** UUIDs of the scene by what they name ("customer", "processor", ...), as an argument's name says it. */
export type IdPool = Readonly<Record<string, readonly string[]>>;

/** What a value is made from: the ids worth naming, and a source of strings no other value of the run has. */
export interface ValueContext {
  rng: Random;
  /** UUIDs to name: the scene's entities this kind of operation may name, besides random ones. */
  ids: IdPool;
  /** A number no other call of this run returns. */
  serial(): number;
}

/**
 * Every string a run sends is its own (`c<case>n<k>x`; none is part of another), so that a value one case
 * stored as someone's personal data is never what another case sends or reads as something else.
 */
export function valueContext(rng: Random, ids: IdPool, caseIndex: number): ValueContext {
  let count = 0;
  return { rng, ids, serial: () => caseIndex * 10_000 + (count += 1) };
}

const unique = (context: ValueContext) => {
  const serial = context.serial();
  return `c${Math.floor(serial / 10_000)}n${serial % 10_000}x`;
};

export function printLiteral(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof EnumLiteral) return value.name;
  // JSON's string escapes are GraphQL's too (\u0000 included), and JSON.stringify never leaves a raw newline.
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(printLiteral).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([field, item]) => `${field}: ${printLiteral(item)}`)
    .join(', ')}}`;
}

export function toJson(value: Value): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, toJson(item)]));
  }
  return value;
}

const DATA_CATEGORY_KEYS = [
  'contact',
  'contact.email',
  'contact.phone',
  'identity',
  'identity.name',
  'identity.date_of_birth',
  'location',
  'location.address',
  'no.such.category',
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Strings whose argument or field name says what a valid one looks like. */
function namedString(name: string, context: ValueContext): string | undefined {
  const { rng } = context;
  switch (name) {
    case 'service':
      return rng.pick(['default', 'print-archive', 'no-such-service']);
    case 'categories':
    case 'permittedCategories':
      return rng.pick(DATA_CATEGORY_KEYS);
    case 'code':
      return String(rng.int(0, 999_999)).padStart(6, '0');
    case 'amount':
      return rng.pick(['15.00', '0.01', '1000']);
    case 'currency':
      return rng.pick(['AZN', 'EUR', 'USD']);
    case 'policyVersion':
      return rng.pick(['2024-01', '2025-06']);
    case 'postalCode':
      return `AZ${rng.int(1000, 9999)}`; // the seeded ones are AZ0xxx
    case 'after':
      return Buffer.from(`${rng.int(0, 99)}|${rng.uuid()}`).toString('base64url');
    case 'anchor':
    case 'document':
      return rng.pick(['{ purposes { code } }', '{"origin":"allprint.az/privacy-hub/audit-log","treeSize":1}', 'not json']);
    default:
      return undefined;
  }
}

/**
 * Mostly an id of the scene, of the kind the name says (`customerId`, or `customer` for the `id` of a field that
 * returns a Customer), else of any kind; sometimes a random one.
 */
function sceneId(name: string, { rng, ids }: ValueContext): string | undefined {
  const named = ids[name.replace(/Id$/, '').toLowerCase()];
  const any = Object.values(ids).flat();
  if (named && named.length > 0 && rng.chance(0.8)) return rng.pick(named);
  return any.length > 0 && rng.chance(0.6) ? rng.pick(any) : undefined;
}

function validInt(name: string, rng: Random): number {
  switch (name) {
    case 'first':
      return rng.int(1, 100);
    case 'ttlSeconds':
      return rng.int(60, 604_800);
    case 'days':
      return rng.int(1, 60);
    default:
      return rng.int(0, 20);
  }
}

function validDateTime(name: string, rng: Random): string {
  if (name === 'from' || name === 'to') return `${rng.int(2024, 2026)}-${pad(rng.int(1, 12))}-01T00:00:00.000Z`;
  const year = name === 'expiresAt' ? rng.int(2030, 2032) : rng.int(2024, 2026);
  return `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:00.000Z`;
}

function validScalar(scalar: string, name: string, context: ValueContext): Value {
  const { rng } = context;
  switch (scalar) {
    case 'Int':
      return validInt(name, rng);
    case 'SafeInt':
      return rng.int(0, 10);
    case 'Float':
      return rng.int(0, 1000) / 10;
    case 'Boolean':
      return rng.chance(0.5);
    case 'ID':
    case 'UUID':
      return sceneId(name, context) ?? rng.uuid();
    case 'EmailAddress':
      return `fz.${unique(context)}@fuzz.example`;
    case 'PhoneNumber':
      // UK mobile numbers: valid E.164, and none is a seeded customer's (those are +994).
      return `+447${String(context.serial() % 1e9).padStart(9, '0')}`;
    case 'LocalDate':
      return `${rng.int(1950, 2005)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    case 'DateTime':
      return validDateTime(name, rng);
    case 'CountryCode':
      return rng.pick(['AZ', 'GE', 'TR', 'DE', 'US']);
    case 'JSONObject':
      return rng.chance(0.5) ? {} : { note: `fuzz ${unique(context)}` };
    default:
      return namedString(name, context) ?? `fuzz ${unique(context)}`;
  }
}

/** A value the type accepts (a server may still refuse it on meaning: an unknown id, a window off a month). */
export function validValue(type: GraphQLInputType, name: string, context: ValueContext, depth = 0): Value {
  const { rng } = context;
  // An explicit null is valid where the type is nullable; for `after` it is also the only value sure to be (a
  // cursor is opaque, and a made-up one is refused).
  if (!isNonNullType(type) && rng.chance(name === 'after' ? 0.7 : 0.1)) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    return Array.from({ length: rng.int(depth > 2 ? 0 : 1, 3) }, () => validValue(inner.ofType, name, context, depth + 1));
  }
  if (isEnumType(inner)) return new EnumLiteral(rng.pick(inner.getValues()).name);
  if (isInputObjectType(inner)) {
    const object: Record<string, Value> = {};
    for (const field of Object.values(inner.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (required || rng.chance(depth > 2 ? 0.15 : 0.3)) object[field.name] = validValue(field.type, field.name, context, depth + 1);
    }
    return object;
  }
  if (isScalarType(inner)) return validScalar(inner.name, name, context);
  return null;
}

const CONTROL_CHARACTERS = 'a\u0000b\u0007c\u001b[31md\u007f\r\n\t\u200b\u202e\ufeff';

/** Strings no field should take, or should take only with care. */
function hostileString(rng: Random): string {
  switch (rng.int(0, 7)) {
    case 0:
      return 'x'.repeat(rng.int(10_000, 200_000));
    case 1:
      return 'ə'.repeat(rng.int(5_000, 60_000));
    case 2:
      return CONTROL_CHARACTERS;
    case 3:
      return '\u0000';
    case 4:
      return "'; DROP TABLE customer; --";
    case 5:
      return '\ud800 lone surrogate';
    case 6:
      return '';
    default:
      return '   ';
  }
}

const BAD_SCALARS: Record<string, Value[]> = {
  Int: [2_147_483_648, -2_147_483_649, 1.5, -1, 0, 1e10, 2 ** 53 + 2, '12'],
  SafeInt: [2 ** 53, -(2 ** 53), 1e300, 0.5, -1, '1'],
  Float: [1e308, -1e308, '1.5'],
  Boolean: ['true', 1, 0],
  UUID: [
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    '',
    'ffffffff-ffff-ffff-ffff-ffffffffffff0',
    "1' OR '1'='1",
    '123e4567-e89b-12d3-a456-42661417400\u0000',
    'G23e4567-e89b-12d3-a456-426614174000',
  ],
  ID: [{ id: 1 } as Value, [1], 1.5],
  EmailAddress: [
    'no-at-sign',
    'a@',
    '@example.az',
    'a b@example.az',
    'a@b',
    `${'x'.repeat(300)}@example.az`,
    'a@example.az\u0000',
    'ə@ə.az',
    'a@example..az',
  ],
  // The last: digits then a letter, the input on which a backtracking phone pattern takes exponential time.
  PhoneNumber: [
    '12345',
    '+0123456789',
    '+99450123456789012345',
    '+994 50 123 45 67',
    '+99450abcdefg',
    '+',
    '+1',
    `+${'9'.repeat(5000)}`,
    '0501234567',
    '+994501234567\u0000',
    `+${'1'.repeat(31)}x`,
  ],
  LocalDate: [
    '2024-02-30',
    '1899-12-31',
    '1900-01-01',
    '2999-01-01',
    '12/03/2020',
    '2020-1-1',
    '0000-00-00',
    '2020-01-01T00:00:00Z',
    '+275760-09-13',
  ],
  DateTime: [
    '2024-13-01T00:00:00Z',
    'yesterday',
    '2020-01-01',
    '+275760-09-13T00:00:00.001Z',
    '2020-01-01T25:00:00Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2020-02-30T00:00:00Z',
  ],
  CountryCode: ['az', 'XX', 'AZE', 'a', '12', 'Az'],
  JSONObject: ['not an object', [1, 2], 5],
};

/** A value of another JSON type than the one expected. */
function wrongType(rng: Random, expected: string): Value {
  const candidates: Value[] = [42, 'a string', true, [1, 2], { nested: 'object' }, -0.5];
  return rng.pick(candidates.filter((candidate) => typeof candidate !== expected));
}

function invalidScalar(scalar: string, rng: Random): Value {
  const bad = BAD_SCALARS[scalar];
  switch (rng.int(0, 3)) {
    case 0:
      return wrongType(rng, scalar === 'Int' || scalar === 'Float' || scalar === 'SafeInt' ? 'number' : 'string');
    case 1:
      return hostileString(rng);
    default:
      return bad ? rng.pick(bad) : hostileString(rng);
  }
}

/**
 * A value the argument should refuse: a wrong type, an out-of-range number, a hostile string, a malformed
 * email/phone/UUID/date, a lowercase country, an unknown enum value, a missing or unknown input field, a huge list.
 * Inside an input object usually one field is bad and the others valid, so that the bad one is what gets refused.
 */
export function invalidValue(type: GraphQLInputType, name: string, context: ValueContext, depth = 0): Value {
  const { rng } = context;
  if (isNonNullType(type)) return rng.chance(0.15) ? null : invalidValue(type.ofType, name, context, depth);
  if (isListType(type)) {
    if (rng.chance(0.3)) return Array.from({ length: rng.int(500, 3000) }, () => validValue(type.ofType, name, context, depth + 1));
    if (rng.chance(0.3)) return [[validValue(type.ofType, name, context, depth + 1)]];
    return [invalidValue(type.ofType, name, context, depth + 1)];
  }
  if (isEnumType(type)) {
    const real = rng.pick(type.getValues()).name;
    return rng.pick<Value>([new EnumLiteral('NO_SUCH_VALUE'), new EnumLiteral(real.toLowerCase()), real, real.toLowerCase(), 7]);
  }
  if (isInputObjectType(type)) {
    const object = validValue(type, name, context, depth) as Record<string, Value>;
    const fields = Object.values(type.getFields());
    const roll = rng.int(0, 9);
    if (roll === 0) return { ...object, noSuchField: 'x' };
    if (roll === 1) {
      const required = fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
      if (required.length > 0) delete object[rng.pick(required).name];
      return object;
    }
    if (roll === 2) return wrongType(rng, 'object');
    const field = rng.pick(fields);
    return { ...object, [field.name]: invalidValue(field.type, field.name, context, depth + 1) };
  }
  if (isScalarType(type)) return invalidScalar(getNamedType(type).name, rng);
  return null;
}
