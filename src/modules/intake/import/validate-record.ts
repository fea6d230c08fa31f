// The API's input classes are loaded here outside the server: their type-graphql decorators read design types with it.
import 'reflect-metadata';
import { validateSync, type ValidationError } from 'class-validator';
import type { GraphQLScalarType } from 'graphql';
import { Locale } from '../../../common/locale';
import { UUID_PATTERN } from '../../../common/patterns';
import { CountryCodeScalar, EmailAddressScalar, LocalDateScalar, PhoneNumberScalar } from '../../../common/scalars';
import { ScalarRefusal } from '../../../common/scalars/string-scalar';
import { ARGUMENT_VALIDATION } from '../../../common/validators';
import { isPurposeCode, type PurposeCode } from '../../../policy/purposes';
import { AddressInput } from '../../customers/customer.input';
import { ConsentEvidenceInput, RegisterCustomerInput, SignUpChannel, SignUpConsentInput } from '../registration.input';
import type { SourceRecord, UnreadableRecord } from './import-record';

/** A customer row ready to write, every value checked. */
export interface ImportRow {
  line: number;
  externalRef: string;
  email: string;
  phone: string | null;
  fullName: string;
  dateOfBirth: string | null;
  locale: Locale;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  consents: ImportConsent[];
}

export interface ImportConsent {
  purpose: PurposeCode;
  processorId: string | null;
  grantedAt: Date;
  policyVersion: string;
  evidence: ImportEvidence | null;
}

export interface ImportEvidence {
  policyVersion: string;
  language: Locale;
  channel: string;
  shownAt: string;
}

/** What the importer knows of each processor, loaded once: consents may name only a usable recipient. */
export interface KnownProcessor {
  active: boolean;
  purposes: ReadonlySet<string>;
}

export type Checked = { ok: true; row: ImportRow } | { ok: false; line: number; reason: string };

/** Sign-up's channels, and the import's own for evidence that names none. */
const IMPORT_CHANNEL = 'IMPORT';
const CHANNELS: ReadonlySet<string> = new Set([...Object.values(SignUpChannel), IMPORT_CHANNEL]);
const LOCALES: ReadonlySet<string> = new Set(Object.values(Locale));

class RowProblem extends Error {}

const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
};

function required(fields: Record<string, unknown>, name: string): string {
  const value = text(fields[name]);
  if (value === null) throw new RowProblem(`${name} is missing`);
  return value;
}

/** A value read by the scalar the API reads it with, and refused for what the scalar says, under the record's name for it. */
function scalarValue(scalar: GraphQLScalarType<string, string>, name: string, value: string): string {
  try {
    return scalar.parseValue(value);
  } catch (error) {
    if (error instanceof ScalarRefusal) throw new RowProblem(`${name} ${error.problem}`);
    throw error;
  }
}

const optionalScalarValue = (scalar: GraphQLScalarType<string, string>, name: string, value: string | null): string | null =>
  value === null ? null : scalarValue(scalar, name, value);

function localeOf(value: string, message: string): Locale {
  const lowerCase = value.toLowerCase();
  if (!LOCALES.has(lowerCase)) throw new RowProblem(message);
  return lowerCase as Locale;
}

/** The first check failed, in class-validator's words, which name the property ("street must be shorter than ..."). */
function firstFailure(errors: readonly ValidationError[]): string | null {
  for (const error of errors) {
    const failure = Object.values(error.constraints ?? {})[0] ?? firstFailure(error.children ?? []);
    if (failure !== null) return failure;
  }
  return null;
}

/** Runs the API's checks of an input class on it, as type-graphql runs them on an argument. */
function refuseInvalid(input: object, context = ''): void {
  const failure = firstFailure(validateSync(input, ARGUMENT_VALIDATION));
  if (failure !== null) throw new RowProblem(`${context}${failure}`);
}

/** The evidence as sign-up takes it; its channel is left out, since IMPORT is not one of sign-up's and the enum is its only check. */
function evidenceInput({ policyVersion, language, shownAt }: ImportEvidence): ConsentEvidenceInput {
  return Object.assign(new ConsentEvidenceInput(), { policyVersion, language, shownAt: new Date(shownAt) });
}

/** Consents come as a JSON array (JSON Lines) or as `PURPOSE|processorId|grantedAt` entries split by `;` (CSV). */
function consentEntries(fields: Record<string, unknown>): Array<Record<string, unknown>> {
  const raw = fields.consents;
  if (raw === undefined || raw === null || raw === '') return [];
  if (Array.isArray(raw)) return raw as Array<Record<string, unknown>>;
  if (typeof raw !== 'string') throw new RowProblem('consents must be a list');
  const evidence = {
    policyVersion: fields.consentPolicyVersion,
    language: fields.consentLanguage,
    channel: fields.consentChannel,
    shownAt: fields.consentShownAt,
  };
  return raw.split(';').map((entry) => {
    const [purpose, processorId, grantedAt] = entry.split('|');
    return { purpose, processorId, grantedAt, evidence };
  });
}

/** A consent as given, its evidence checked by sign-up's rules; whom it names is checked once the record's profile is. */
function readConsent(entry: Record<string, unknown>): ImportConsent {
  const purpose = text(entry.purpose);
  if (!isPurposeCode(purpose)) throw new RowProblem(`unknown purpose "${purpose ?? ''}"`);
  const processorId = text(entry.processorId)?.toLowerCase() ?? null;
  const grantedAt = new Date(String(text(entry.grantedAt) ?? ''));
  if (Number.isNaN(grantedAt.getTime())) throw new RowProblem('consent grantedAt is not a date-time');
  if (grantedAt.getTime() > Date.now()) throw new RowProblem('consent grantedAt is in the future');
  const given = (entry.evidence ?? {}) as Record<string, unknown>;
  const policyVersion = text(given.policyVersion);
  if (policyVersion === null) throw new RowProblem('consent evidence: policyVersion is missing');
  const language = localeOf(text(given.language) ?? '', 'consent evidence: language must be az or en');
  const channel = text(given.channel)?.toUpperCase() ?? IMPORT_CHANNEL;
  if (!CHANNELS.has(channel)) throw new RowProblem(`consent evidence: unknown channel "${channel}"`);
  const shownAt = text(given.shownAt);
  const shown = shownAt === null ? grantedAt : new Date(shownAt);
  if (Number.isNaN(shown.getTime())) throw new RowProblem('consent evidence: shownAt is not a date-time');
  const evidence = { policyVersion, language, channel, shownAt: shown.toISOString() };
  refuseInvalid(evidenceInput(evidence), 'consent evidence: ');
  return { purpose, processorId, grantedAt, policyVersion, evidence };
}

function checkRecipient({ purpose, processorId }: ImportConsent, processors: ReadonlyMap<string, KnownProcessor>): void {
  if (processorId === null) return;
  const processor = UUID_PATTERN.test(processorId) ? processors.get(processorId) : undefined;
  if (!processor) throw new RowProblem(`unknown processor "${processorId}"`);
  if (!processor.active) throw new RowProblem(`processor ${processorId} is not active`);
  if (!processor.purposes.has(purpose)) throw new RowProblem(`processor ${processorId} may not be used for ${purpose}`);
}

/**
 * The record as sign-up's input. Sign-up takes one evidence for all its consents, a record one per consent, each
 * checked as it is read: the first stands for them all here.
 */
function registrationInput(row: ImportRow): RegisterCustomerInput {
  const { externalRef, email, phone, fullName, dateOfBirth, locale, street, city, postalCode, country, consents } = row;
  return Object.assign(new RegisterCustomerInput(), {
    externalRef,
    email,
    phone,
    fullName,
    dateOfBirth,
    locale,
    address: Object.assign(new AddressInput(), { street, city, postalCode, country }),
    consents: consents.map(({ purpose, processorId }) => Object.assign(new SignUpConsentInput(), { purpose, processorId })),
    evidence: consents[0]?.evidence ? evidenceInput(consents[0].evidence) : null,
  });
}

/** A record as read, checked: one the reader could not make out is refused with the reader's reason. */
export function checkReadRecord(record: SourceRecord | UnreadableRecord, processors: ReadonlyMap<string, KnownProcessor>): Checked {
  return 'problem' in record ? { ok: false, line: record.line, reason: record.problem } : checkRecord(record, processors);
}

/**
 * Checks one record completely, as sign-up checks its input: first each value's form (the same scalars), then the
 * record as a RegisterCustomerInput (the same class-validator checks), then the recipients of its consents. The first
 * problem found is the reason it is rejected.
 */
export function checkRecord(record: SourceRecord, processors: ReadonlyMap<string, KnownProcessor>): Checked {
  const { fields, line } = record;
  try {
    const address = (typeof fields.address === 'object' && fields.address !== null ? fields.address : fields) as Record<string, unknown>;
    const row: ImportRow = {
      line,
      externalRef: required(fields, 'externalRef'),
      email: scalarValue(EmailAddressScalar, 'email', required(fields, 'email')),
      phone: optionalScalarValue(PhoneNumberScalar, 'phone', text(fields.phone)),
      fullName: required(fields, 'fullName'),
      dateOfBirth: optionalScalarValue(LocalDateScalar, 'dateOfBirth', text(fields.dateOfBirth)),
      locale: localeOf(text(fields.locale) ?? Locale.AZ, 'locale must be az or en'),
      street: text(address.street),
      city: text(address.city),
      postalCode: text(address.postalCode),
      // The scalar reads either case and answers in capitals, as the API stores it.
      country: optionalScalarValue(CountryCodeScalar, 'country', text(address.country)),
      consents: consentEntries(fields).map(readConsent),
    };
    refuseInvalid(registrationInput(row));
    for (const consent of row.consents) checkRecipient(consent, processors);
    return { ok: true, row };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, line, reason: error.message };
    throw error;
  }
}
