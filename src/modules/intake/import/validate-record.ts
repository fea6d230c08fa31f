import { CountryCodeScalar, EmailAddressScalar, PhoneNumberScalar } from '../../../common/scalars';
import { isPurposeCode, type PurposeCode } from '../../../policy/purposes';
import type { SourceRecord, UnreadableRecord } from './import-record';

/** A customer row ready to write, every value checked. */
export interface ImportRow {
  line: number;
  externalRef: string;
  email: string;
  phone: string | null;
  fullName: string;
  dateOfBirth: string | null;
  locale: 'az' | 'en';
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
  evidence: { policyVersion: string; language: string; channel: string; shownAt: string } | null;
}

/** What the importer knows of each processor, loaded once: consents may name only a usable recipient. */
export interface KnownProcessor {
  active: boolean;
  purposes: ReadonlySet<string>;
}

export type Checked = { ok: true; row: ImportRow } | { ok: false; line: number; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/;
const CHANNELS = new Set(['WEB', 'MOBILE_APP', 'IN_STORE', 'CALL_CENTER', 'IMPORT']);

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

function accepted<T>(scalar: { parseValue: (value: unknown) => unknown }, value: string, message: string): T {
  try {
    return scalar.parseValue(value) as T;
  } catch {
    throw new RowProblem(message);
  }
}

function pastDate(value: string | null, name: string): string | null {
  if (value === null) return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (!LOCAL_DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new RowProblem(`${name} is not a date (YYYY-MM-DD)`);
  }
  if (value <= '1900-01-01' || value >= new Date().toISOString().slice(0, 10)) throw new RowProblem(`${name} is not in the past`);
  return value;
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

function checkConsent(entry: Record<string, unknown>, processors: ReadonlyMap<string, KnownProcessor>): ImportConsent {
  const purpose = text(entry.purpose);
  if (!isPurposeCode(purpose)) throw new RowProblem(`unknown purpose "${purpose ?? ''}"`);
  const processorId = text(entry.processorId)?.toLowerCase() ?? null;
  if (processorId !== null) {
    const processor = UUID.test(processorId) ? processors.get(processorId) : undefined;
    if (!processor) throw new RowProblem(`unknown processor "${processorId}"`);
    if (!processor.active) throw new RowProblem(`processor ${processorId} is not active`);
    if (!processor.purposes.has(purpose)) throw new RowProblem(`processor ${processorId} may not be used for ${purpose}`);
  }
  const grantedAt = new Date(String(text(entry.grantedAt) ?? ''));
  if (Number.isNaN(grantedAt.getTime())) throw new RowProblem('consent grantedAt is not a date-time');
  if (grantedAt.getTime() > Date.now()) throw new RowProblem('consent grantedAt is in the future');
  const given = (entry.evidence ?? {}) as Record<string, unknown>;
  const policyVersion = text(given.policyVersion);
  if (policyVersion === null) throw new RowProblem('consent evidence: policyVersion is missing');
  const language = text(given.language)?.toLowerCase() ?? null;
  if (language !== 'az' && language !== 'en') throw new RowProblem('consent evidence: language must be az or en');
  const channel = text(given.channel)?.toUpperCase() ?? 'IMPORT';
  if (!CHANNELS.has(channel)) throw new RowProblem(`consent evidence: unknown channel "${channel}"`);
  const shownAt = text(given.shownAt);
  const shown = shownAt === null ? grantedAt : new Date(shownAt);
  if (Number.isNaN(shown.getTime())) throw new RowProblem('consent evidence: shownAt is not a date-time');
  return {
    purpose,
    processorId,
    grantedAt,
    policyVersion,
    evidence: { policyVersion, language, channel, shownAt: shown.toISOString() },
  };
}

/** A record as read, checked: one the reader could not make out is refused with the reader's reason. */
export function checkReadRecord(record: SourceRecord | UnreadableRecord, processors: ReadonlyMap<string, KnownProcessor>): Checked {
  return 'problem' in record ? { ok: false, line: record.line, reason: record.problem } : checkRecord(record, processors);
}

/** Checks one record completely; the first problem found is the reason it is rejected. */
export function checkRecord(record: SourceRecord, processors: ReadonlyMap<string, KnownProcessor>): Checked {
  const { fields, line } = record;
  try {
    const externalRef = required(fields, 'externalRef');
    if (externalRef.length > 200) throw new RowProblem('externalRef is longer than 200 characters');
    const email = accepted<string>(EmailAddressScalar, required(fields, 'email'), 'invalid email');
    const givenPhone = text(fields.phone);
    const phone = givenPhone === null ? null : accepted<string>(PhoneNumberScalar, givenPhone, 'phone is not in E.164 form');
    const fullName = required(fields, 'fullName');
    if (fullName.length > 200) throw new RowProblem('fullName is longer than 200 characters');
    const address = (typeof fields.address === 'object' && fields.address !== null ? fields.address : fields) as Record<string, unknown>;
    const givenCountry = text(address.country);
    // The scalar reads either case and answers in capitals, as the API stores it.
    const country = givenCountry === null ? null : accepted<string>(CountryCodeScalar, givenCountry, `unknown country "${givenCountry}"`);
    const postalCode = text(address.postalCode);
    if (postalCode !== null && !POSTAL_CODE.test(postalCode)) throw new RowProblem('postalCode is malformed');
    const locale = (text(fields.locale) ?? 'az').toLowerCase();
    if (locale !== 'az' && locale !== 'en') throw new RowProblem('locale must be az or en');
    const consents = consentEntries(fields).map((entry) => checkConsent(entry, processors));
    const targets = new Set(consents.map((consent) => `${consent.purpose}|${consent.processorId ?? ''}`));
    if (targets.size !== consents.length) throw new RowProblem('the same consent (purpose and recipient) appears twice');
    return {
      ok: true,
      row: {
        line,
        externalRef,
        email,
        phone,
        fullName,
        dateOfBirth: pastDate(text(fields.dateOfBirth), 'dateOfBirth'),
        locale,
        street: text(address.street),
        city: text(address.city),
        postalCode,
        country,
        consents,
      },
    };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, line, reason: error.message };
    throw error;
  }
}
