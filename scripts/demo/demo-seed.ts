import { az, base, en, Faker, generateMersenne53Randomizer } from '@faker-js/faker';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, SYSTEM_ACTORS } from '../../src/auth/actor';
import { Locale } from '../../src/common/locale';
import { ConsentSource, ConsentStatus } from '../../src/modules/consents/consent.enums';
import { ProcessorKind } from '../../src/modules/processors/processor.enums';
import { PrivacyRequestStatus, PrivacyRequestType, RefusalReason, VerificationMethod } from '../../src/modules/requests/privacy-request.enums';
import { CURRENT_POLICY_VERSION } from '../../src/policy/controller';
import { PURPOSES, type PurposeCode } from '../../src/policy/purposes';
import type { DataCategory } from '../../src/policy/data-categories';

/**
 * Demo data for local runs and the README: processors, customers with consents and their history, and a few
 * privacy requests. Everything derives from the seed and a fixed reference date, so one seed always gives the
 * same rows, ids included, and the README can name them.
 */

export interface DemoOptions {
  customers: number;
  seed: number;
  /** "Now" of the demo world. Fixed by default: a moving clock would make the same seed give different rows. */
  referenceDate?: Date;
}

export interface DemoCounts {
  customers: number;
  erasedCustomers: number;
  processors: number;
  processorPurposes: number;
  consents: number;
  withdrawnConsents: number;
  consentEvents: number;
  privacyRequests: number;
}

export interface ProcessorExample {
  id: string;
  name: string;
}

export interface CustomerExample {
  id: string;
  email: string | null;
}

export interface DemoExamples {
  trustedAffiliate: ProcessorExample;
  untrustedThirdParty: ProcessorExample;
  inactiveProcessor: ProcessorExample;
  /** First held customer in the default listing order (created_at, id). */
  firstCustomer: CustomerExample;
  /** First held customer with a granted consent naming the trusted affiliate. */
  consentingCustomer: CustomerExample | null;
  erasedCustomer: CustomerExample | null;
}

export type DemoSummary = { written: false; existingCustomers: number } | { written: true; counts: DemoCounts; examples: DemoExamples };

export const DEMO_REFERENCE_DATE = new Date('2026-11-01T09:00:00.000Z');
export const DEMO_ACTOR = SYSTEM_ACTORS.demoSeed;
/** The privacy officer the demo data says trusted its processors. */
export const DEMO_OFFICER = actorOf({ role: 'privacy_officer', subject: 'officer:demo' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const REQUEST_DEADLINE_DAYS = 30;
const INSERT_BATCH_ROWS = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Random sources

interface Fakers {
  /** Azerbaijani data, falling back to English where the az locale has no entry. */
  az: Faker;
  en: Faker;
}

/** Both locales draw from one randomizer, so the one seed fixes the whole sequence whichever locale is used. */
function createFakers(seed: number): Fakers {
  const randomizer = generateMersenne53Randomizer();
  const fakers = {
    az: new Faker({ locale: [az, en, base], randomizer }),
    en: new Faker({ locale: [en, base], randomizer }),
  };
  fakers.az.seed(seed);
  return fakers;
}

interface Weighted<T> {
  weight: number;
  value: T;
}

/** Distinct items, likelier the heavier; faker has weighted picks only with replacement. */
function pickWeightedDistinct<T>(f: Faker, items: readonly Weighted<T>[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const total = pool.reduce((sum, item) => sum + item.weight, 0);
    let remaining = f.number.int({ min: 0, max: total - 1 });
    const index = pool.findIndex((item) => (remaining -= item.weight) < 0);
    picked.push(pool[index].value);
    pool.splice(index, 1);
  }
  return picked;
}

/** An instant in [from, to]; `from` itself when the window is empty, so callers need not special-case short lives. */
function instantBetween(f: Faker, from: Date, to: Date): Date {
  const start = from.getTime();
  return new Date(f.number.int({ min: start, max: Math.max(start, to.getTime()) }));
}

const plus = (date: Date, ms: number): Date => new Date(date.getTime() + ms);
const latest = (a: Date, b: Date): Date => (a >= b ? a : b);
const earliest = (a: Date, b: Date): Date => (a <= b ? a : b);

// ---------------------------------------------------------------------------------------------------------------
// Processors

type ProcessorExampleKey = 'trustedAffiliate' | 'untrustedThirdParty' | 'inactiveProcessor';

interface ProcessorSpec {
  name: string;
  kind: ProcessorKind;
  country: string;
  agreement: boolean;
  trusted: boolean;
  active: boolean;
  purposes: readonly PurposeCode[];
  /** Data categories it may receive (a parent covers its children). */
  categories: readonly DataCategory[];
  example?: ProcessorExampleKey;
}

/**
 * Fixed rather than random so that every seed has the cases the README walks through: a trusted affiliate, an
 * untrusted third party and an inactive processor without an agreement. Names are invented.
 */
const PROCESSOR_SPECS: readonly ProcessorSpec[] = [
  {
    name: 'Allprint Çap Xidmətləri MMC',
    kind: ProcessorKind.AFFILIATE,
    country: 'AZ',
    agreement: true,
    trusted: true,
    active: true,
    purposes: ['PERSONALIZATION', 'SERVICE_PROTECTION_AND_IMPROVEMENT', 'TECHNICAL_SUPPORT', 'NEW_SERVICES'],
    categories: ['contact', 'identity.name'],
    example: 'trustedAffiliate',
  },
  {
    name: 'Allprint Georgia LLC',
    kind: ProcessorKind.AFFILIATE,
    country: 'GE',
    agreement: true,
    trusted: true,
    active: true,
    purposes: ['TECHNICAL_SUPPORT', 'SERVICE_PROTECTION_AND_IMPROVEMENT'],
    categories: ['contact', 'identity', 'location'],
  },
  {
    name: 'Allprint Labs OÜ',
    kind: ProcessorKind.AFFILIATE,
    country: 'EE',
    agreement: true,
    trusted: false,
    active: true,
    purposes: ['NEW_SERVICES'],
    categories: ['identity.date_of_birth', 'location'],
  },
  {
    name: 'Xəzər Analitika MMC',
    kind: ProcessorKind.THIRD_PARTY,
    country: 'AZ',
    agreement: true,
    trusted: true,
    active: true,
    purposes: ['SERVICE_PROTECTION_AND_IMPROVEMENT', 'RIGHTS_AND_PROPERTY_PROTECTION'],
    categories: ['contact.email', 'identity'],
  },
  {
    name: 'Brightline Ads Ltd',
    kind: ProcessorKind.THIRD_PARTY,
    country: 'GB',
    agreement: true,
    trusted: false,
    active: true,
    purposes: ['PERSONALIZATION'],
    categories: ['contact.email'],
    example: 'untrustedThirdParty',
  },
  {
    name: 'Nimbus Support GmbH',
    kind: ProcessorKind.THIRD_PARTY,
    country: 'DE',
    agreement: false,
    trusted: false,
    active: false,
    purposes: ['TECHNICAL_SUPPORT'],
    categories: ['contact'],
    example: 'inactiveProcessor',
  },
];

interface ProcessorRow {
  id: string;
  spec: ProcessorSpec;
  agreementAcceptedAt: Date | null;
  trustedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Processors predate the oldest customer, so no consent names a recipient that did not exist yet. */
function buildProcessor(f: Faker, spec: ProcessorSpec, now: Date): ProcessorRow {
  const createdAt = instantBetween(f, plus(now, -820 * DAY), plus(now, -760 * DAY));
  const agreementAcceptedAt = spec.agreement ? plus(createdAt, f.number.int({ min: 1, max: 20 }) * DAY) : null;
  const trustedAt = spec.trusted && agreementAcceptedAt ? plus(agreementAcceptedAt, f.number.int({ min: 1, max: 30 }) * DAY) : null;
  return {
    id: f.string.uuid(),
    spec,
    agreementAcceptedAt,
    trustedAt,
    createdAt,
    updatedAt: trustedAt ?? agreementAcceptedAt ?? createdAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Customers

interface CustomerRow {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  locale: Locale;
  erasedAt: Date | null;
  email: string | null;
  phone: string | null;
  fullName: string | null;
  dateOfBirth: string | null;
  addressStreet: string | null;
  addressCity: string | null;
  addressPostalCode: string | null;
  addressCountry: string | null;
}

interface Address {
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

const AZ_MOBILE_PREFIXES = ['50', '51', '55', '70', '77', '99', '10'];
const AZ_EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'mail.ru', 'box.az', 'mail.az', 'yahoo.com', 'outlook.com'];
const EN_EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com'];
/** Where the customers who live abroad live, with the calling code their phone numbers start with. */
const ABROAD = [
  { country: 'GB', callingCode: '44' },
  { country: 'DE', callingCode: '49' },
  { country: 'TR', callingCode: '90' },
  { country: 'GE', callingCode: '995' },
  { country: 'US', callingCode: '1' },
] as const;
/** Most customers live in the capital; an unweighted pick of faker's town list would spread them evenly. */
const AZ_CITY_WEIGHTS: readonly Weighted<string | null>[] = [
  { weight: 55, value: 'Bakı' },
  { weight: 8, value: 'Sumqayıt' },
  { weight: 7, value: 'Gəncə' },
  { weight: 30, value: null },
];

const LATIN_FOR: Record<string, string> = { ə: 'e', ş: 'sh', ç: 'ch', ğ: 'g', ı: 'i', ö: 'o', ü: 'u' };

/** Mail providers take ASCII local parts; Azerbaijani letters become their usual Latin spellings. */
function toAsciiLocalPart(name: string): string {
  const ascii = name
    .toLocaleLowerCase('az')
    .replace(/[əşçğıöü]/g, (letter) => LATIN_FOR[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[^a-z]/g, '');
  return ascii || 'user';
}

/** The customer's index as a suffix keeps addresses unique case-insensitively without a lookup. */
function emailFor(f: Faker, first: string, last: string, index: number, domains: readonly string[]): string {
  const [given, family] = [toAsciiLocalPart(first), toAsciiLocalPart(last)];
  const local = f.helpers.arrayElement([`${given}.${family}`, `${given}${family}`, `${given[0]}${family}`, `${given}_${family}`]);
  return `${local}${index + 1}@${f.helpers.arrayElement(domains)}`;
}

function azerbaijaniPhone(f: Faker): string {
  return `+994${f.helpers.arrayElement(AZ_MOBILE_PREFIXES)}${f.string.numeric({ length: 7 })}`;
}

function azerbaijaniAddress(f: Faker): Address {
  const city = f.helpers.weightedArrayElement(AZ_CITY_WEIGHTS) ?? f.location.city();
  const street = f.datatype.boolean({ probability: 0.6 })
    ? `${f.location.streetAddress()}, mənzil ${f.number.int({ min: 1, max: 180 })}`
    : f.location.streetAddress();
  return { street, city, postalCode: f.location.zipCode(), country: 'AZ' };
}

function foreignAddress(f: Faker, country: string): Address {
  return { street: f.location.streetAddress(), city: f.location.city(), postalCode: f.location.zipCode(), country };
}

interface Persona {
  locale: Locale;
  fullName: string;
  email: string;
  phone: string | null;
  address: Address | null;
}

function azerbaijaniPersona(fakers: Fakers, index: number): Persona {
  const f = fakers.az;
  const sex = f.person.sexType();
  const [first, last] = [f.person.firstName(sex), f.person.lastName(sex)];
  return {
    locale: f.datatype.boolean({ probability: 0.9 }) ? Locale.AZ : Locale.EN,
    fullName: `${first} ${last}`,
    email: emailFor(f, first, last, index, AZ_EMAIL_DOMAINS),
    phone: f.datatype.boolean({ probability: 0.9 }) ? azerbaijaniPhone(f) : null,
    address: f.datatype.boolean({ probability: 0.85 }) ? azerbaijaniAddress(f) : null,
  };
}

/** Foreigners: half live in Azerbaijan (local phone and address), half abroad. */
function foreignPersona(fakers: Fakers, index: number): Persona {
  const f = fakers.en;
  const sex = f.person.sexType();
  const [first, last] = [f.person.firstName(sex), f.person.lastName(sex)];
  const abroad = f.datatype.boolean() ? f.helpers.arrayElement(ABROAD) : null;
  const phone = abroad ? `+${abroad.callingCode}${f.string.numeric({ length: 10, allowLeadingZeros: false })}` : azerbaijaniPhone(f);
  return {
    locale: Locale.EN,
    fullName: `${first} ${last}`,
    email: emailFor(f, first, last, index, EN_EMAIL_DOMAINS),
    phone: f.datatype.boolean({ probability: 0.85 }) ? phone : null,
    address: f.datatype.boolean({ probability: 0.8 }) ? (abroad ? foreignAddress(f, abroad.country) : azerbaijaniAddress(fakers.az)) : null,
  };
}

/** Spread over the two years before `now`; a record is sometimes edited after it was created. */
function buildCustomer(fakers: Fakers, index: number, now: Date): CustomerRow {
  const f = fakers.az;
  const id = f.string.uuid();
  const createdAt = instantBetween(f, plus(now, -730 * DAY), now);
  const updatedAt = f.datatype.boolean({ probability: 0.3 }) ? instantBetween(f, createdAt, now) : createdAt;
  const persona = f.datatype.boolean({ probability: 0.85 }) ? azerbaijaniPersona(fakers, index) : foreignPersona(fakers, index);
  return {
    id,
    createdAt,
    updatedAt,
    locale: persona.locale,
    erasedAt: null,
    email: persona.email,
    phone: persona.phone,
    fullName: persona.fullName,
    dateOfBirth: f.date.between({ from: '1940-01-01T00:00:00Z', to: '2007-12-31T23:59:59Z' }).toISOString().slice(0, 10),
    addressStreet: persona.address?.street ?? null,
    addressCity: persona.address?.city ?? null,
    addressPostalCode: persona.address?.postalCode ?? null,
    addressCountry: persona.address?.country ?? null,
  };
}

/** What the schema demands of an erased customer: no personal value left at all. */
function erased(customer: CustomerRow, at: Date): CustomerRow {
  return {
    ...customer,
    erasedAt: at,
    updatedAt: at,
    email: null,
    phone: null,
    fullName: null,
    dateOfBirth: null,
    addressStreet: null,
    addressCity: null,
    addressPostalCode: null,
    addressCountry: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Privacy requests

interface PrivacyRequestRow {
  id: string;
  customerId: string;
  type: PrivacyRequestType;
  status: PrivacyRequestStatus;
  submittedAt: Date;
  dueAt: Date;
  verifiedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

const REQUEST_TYPE_WEIGHTS: readonly Weighted<PrivacyRequestType>[] = [
  { weight: 5, value: PrivacyRequestType.ACCESS },
  { weight: 2, value: PrivacyRequestType.RECTIFICATION },
  { weight: 3, value: PrivacyRequestType.ERASURE },
];
const REQUEST_STATUS_WEIGHTS: readonly Weighted<PrivacyRequestStatus>[] = [
  { weight: 2, value: PrivacyRequestStatus.AWAITING_VERIFICATION },
  { weight: 2, value: PrivacyRequestStatus.VERIFIED },
  { weight: 3, value: PrivacyRequestStatus.IN_PROGRESS },
  { weight: 6, value: PrivacyRequestStatus.COMPLETED },
  { weight: 2, value: PrivacyRequestStatus.REFUSED },
];
const FINAL_REQUEST_STATUSES: ReadonlySet<PrivacyRequestStatus> = new Set([PrivacyRequestStatus.COMPLETED, PrivacyRequestStatus.REFUSED]);

/** "A few": about one customer in a hundred, and a handful even for a small demo. */
function privacyRequestCount(customers: number): number {
  return Math.max(Math.min(customers, 5), Math.round(customers / 100));
}

/** Verified unless still awaiting it; a refusal may come precisely because the identity was never verified. */
function verificationTime(f: Faker, status: PrivacyRequestStatus, submittedAt: Date, now: Date): Date | null {
  if (status === PrivacyRequestStatus.AWAITING_VERIFICATION) return null;
  if (status === PrivacyRequestStatus.REFUSED && f.datatype.boolean()) return null;
  return instantBetween(f, plus(submittedAt, 10 * MINUTE), earliest(plus(submittedAt, 3 * DAY), now));
}

/**
 * Open requests were submitted within the deadline, so the demo has requests still on time; closed ones were
 * answered before their deadline.
 */
function buildPrivacyRequest(f: Faker, customer: CustomerRow, now: Date): PrivacyRequestRow {
  const type = f.helpers.weightedArrayElement(REQUEST_TYPE_WEIGHTS);
  const status = f.helpers.weightedArrayElement(REQUEST_STATUS_WEIGHTS);
  const final = FINAL_REQUEST_STATUSES.has(status);
  const windowStart = latest(plus(customer.createdAt, HOUR), plus(now, -(final ? 180 : 25) * DAY));
  const submittedAt = instantBetween(f, windowStart, plus(now, -HOUR));
  const dueAt = plus(submittedAt, REQUEST_DEADLINE_DAYS * DAY);
  const verifiedAt = verificationTime(f, status, submittedAt, now);
  const closedAt = final ? instantBetween(f, plus(verifiedAt ?? submittedAt, HOUR), earliest(plus(dueAt, -HOUR), now)) : null;
  const inProgressSince = status === PrivacyRequestStatus.IN_PROGRESS && verifiedAt ? instantBetween(f, verifiedAt, now) : null;
  return {
    id: f.string.uuid(),
    customerId: customer.id,
    type,
    status,
    submittedAt,
    dueAt,
    verifiedAt,
    closedAt,
    updatedAt: closedAt ?? inProgressSince ?? verifiedAt ?? submittedAt,
  };
}

/** A completed erasure leaves the customer erased; a completed rectification is the customer's last edit. */
function applyCompletedRequest(customer: CustomerRow, request: PrivacyRequestRow): CustomerRow {
  if (request.status !== PrivacyRequestStatus.COMPLETED || request.closedAt === null) return customer;
  if (request.type === PrivacyRequestType.ERASURE) return erased(customer, request.closedAt);
  if (request.type === PrivacyRequestType.RECTIFICATION) return { ...customer, updatedAt: latest(customer.updatedAt, request.closedAt) };
  return customer;
}

/** Customers of a week or more, so that every request fits between sign-up and now. */
function buildPrivacyRequests(f: Faker, customers: readonly CustomerRow[], now: Date): PrivacyRequestRow[] {
  const eligible = customers.filter((customer) => customer.createdAt <= plus(now, -7 * DAY));
  const chosen = f.helpers.arrayElements(eligible, Math.min(eligible.length, privacyRequestCount(customers.length)));
  return chosen.map((customer) => buildPrivacyRequest(f, customer, now));
}

// ---------------------------------------------------------------------------------------------------------------
// Consents and their history

interface ConsentTarget {
  purposeCode: PurposeCode;
  processorId: string | null;
}

interface ConsentEventRow {
  status: ConsentStatus;
  source: ConsentSource;
  occurredAt: Date;
}

interface ConsentRow extends ConsentTarget {
  id: string;
  customerId: string;
  /** Oldest first; the consent row's state is the last one. */
  events: ConsentEventRow[];
}

const CONSENT_COUNT_WEIGHTS: readonly Weighted<number>[] = [
  { weight: 15, value: 0 },
  { weight: 25, value: 1 },
  { weight: 30, value: 2 },
  { weight: 20, value: 3 },
  { weight: 10, value: 4 },
];
const LATER_GRANT_SOURCES: readonly Weighted<ConsentSource>[] = [
  { weight: 6, value: ConsentSource.PERSONAL_CABINET },
  { weight: 2, value: ConsentSource.STAFF_ASSISTED },
  { weight: 1, value: ConsentSource.IMPORT },
];
const WITHDRAWAL_SOURCES: readonly Weighted<ConsentSource>[] = [
  { weight: 4, value: ConsentSource.PERSONAL_CABINET },
  { weight: 1, value: ConsentSource.STAFF_ASSISTED },
];
const SIGN_UP_GRANT_SHARE = 0.45;
const WITHDRAWN_SHARE = 0.15;

/**
 * What a customer may consent to. The company itself needs a consent only for the purposes whose own processing
 * requires one; a recipient needs one for each purpose it is allowed (policy §2). An inactive processor takes on
 * no new consents.
 */
function consentTargets(processors: readonly ProcessorRow[]): Weighted<ConsentTarget>[] {
  const toCompany = PURPOSES.filter((purpose) => purpose.consentRequired).map((purpose) => ({
    weight: 6,
    value: { purposeCode: purpose.key, processorId: null },
  }));
  const toProcessors = processors
    .filter((processor) => processor.spec.active)
    .flatMap((processor) =>
      processor.spec.purposes.map((purposeCode) => ({
        weight: processor.spec.trusted ? 3 : 1,
        value: { purposeCode, processorId: processor.id },
      })),
    );
  return [...toCompany, ...toProcessors];
}

function grantEvent(f: Faker, customer: CustomerRow, until: Date): ConsentEventRow {
  if (f.datatype.boolean({ probability: SIGN_UP_GRANT_SHARE })) {
    return { status: ConsentStatus.GRANTED, source: ConsentSource.SIGN_UP, occurredAt: customer.createdAt };
  }
  return {
    status: ConsentStatus.GRANTED,
    source: f.helpers.weightedArrayElement(LATER_GRANT_SOURCES),
    occurredAt: instantBetween(f, plus(customer.createdAt, MINUTE), plus(until, -MINUTE)),
  };
}

/** Erasure withdraws whatever was still granted, at the moment of erasure; otherwise some customers changed their mind. */
function withdrawalEvent(f: Faker, customer: CustomerRow, granted: ConsentEventRow, now: Date): ConsentEventRow | null {
  if (customer.erasedAt !== null) {
    return { status: ConsentStatus.WITHDRAWN, source: ConsentSource.STAFF_ASSISTED, occurredAt: customer.erasedAt };
  }
  if (!f.datatype.boolean({ probability: WITHDRAWN_SHARE })) return null;
  return {
    status: ConsentStatus.WITHDRAWN,
    source: f.helpers.weightedArrayElement(WITHDRAWAL_SOURCES),
    occurredAt: instantBetween(f, plus(granted.occurredAt, MINUTE), now),
  };
}

function buildConsent(f: Faker, customer: CustomerRow, target: ConsentTarget, now: Date): ConsentRow {
  const granted = grantEvent(f, customer, customer.erasedAt ?? now);
  const withdrawn = withdrawalEvent(f, customer, granted, now);
  return {
    id: f.string.uuid(),
    customerId: customer.id,
    ...target,
    events: withdrawn ? [granted, withdrawn] : [granted],
  };
}

function buildConsents(f: Faker, customer: CustomerRow, targets: readonly Weighted<ConsentTarget>[], now: Date): ConsentRow[] {
  const count = f.helpers.weightedArrayElement(CONSENT_COUNT_WEIGHTS);
  return pickWeightedDistinct(f, targets, count).map((target) => buildConsent(f, customer, target, now));
}

function lastEvent(consent: ConsentRow): ConsentEventRow {
  return consent.events[consent.events.length - 1];
}

// ---------------------------------------------------------------------------------------------------------------
// The whole demo world

interface DemoData {
  processors: ProcessorRow[];
  customers: CustomerRow[];
  consents: ConsentRow[];
  privacyRequests: PrivacyRequestRow[];
}

/** Pure: the order of the draws below is part of the seed's meaning, so reordering changes every row. */
export function generateDemoData({ customers: count, seed, referenceDate = DEMO_REFERENCE_DATE }: DemoOptions): DemoData {
  const fakers = createFakers(seed);
  const f = fakers.az;
  const processors = PROCESSOR_SPECS.map((spec) => buildProcessor(f, spec, referenceDate));
  const drafted = Array.from({ length: count }, (_, index) => buildCustomer(fakers, index, referenceDate));
  const privacyRequests = buildPrivacyRequests(f, drafted, referenceDate);
  const requestByCustomer = new Map(privacyRequests.map((request) => [request.customerId, request]));
  const customers = drafted.map((customer) => {
    const request = requestByCustomer.get(customer.id);
    return request ? applyCompletedRequest(customer, request) : customer;
  });
  const targets = consentTargets(processors);
  const consents = customers.flatMap((customer) => buildConsents(f, customer, targets, referenceDate));
  return { processors, customers, consents, privacyRequests };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

type SqlArrayType = 'uuid' | 'text' | 'timestamptz' | 'date' | 'boolean';
type SqlValue = string | boolean | null;

interface ColumnSpec<Row> {
  name: string;
  type: SqlArrayType;
  value: (row: Row) => SqlValue;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/**
 * One statement per batch whatever the number of columns: unnest takes one array parameter per column, which
 * stays clear of PostgreSQL's 65535-parameter limit. Table and column names come from this file only.
 */
async function insertRows<Row>(manager: EntityManager, table: string, columns: readonly ColumnSpec<Row>[], rows: readonly Row[]): Promise<void> {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
    const batch = rows.slice(start, start + INSERT_BATCH_ROWS);
    await manager.query(
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`,
      columns.map((column) => batch.map(column.value)),
    );
  }
}

const PROCESSOR_COLUMNS: readonly ColumnSpec<ProcessorRow>[] = [
  { name: 'id', type: 'uuid', value: (p) => p.id },
  { name: 'name', type: 'text', value: (p) => p.spec.name },
  { name: 'kind', type: 'text', value: (p) => p.spec.kind },
  { name: 'country', type: 'text', value: (p) => p.spec.country },
  { name: 'agreement_accepted_at', type: 'timestamptz', value: (p) => iso(p.agreementAcceptedAt) },
  { name: 'trusted_at', type: 'timestamptz', value: (p) => iso(p.trustedAt) },
  { name: 'trusted_by', type: 'text', value: (p) => (p.trustedAt ? DEMO_OFFICER : null) },
  { name: 'active', type: 'boolean', value: (p) => p.spec.active },
  { name: 'created_at', type: 'timestamptz', value: (p) => iso(p.createdAt) },
  { name: 'updated_at', type: 'timestamptz', value: (p) => iso(p.updatedAt) },
];

interface ProcessorCategoryRow {
  processorId: string;
  categoryKey: DataCategory;
}

const PROCESSOR_CATEGORY_COLUMNS: readonly ColumnSpec<ProcessorCategoryRow>[] = [
  { name: 'processor_id', type: 'uuid', value: (pc) => pc.processorId },
  { name: 'category_key', type: 'text', value: (pc) => pc.categoryKey },
];

interface ProcessorPurposeRow {
  processorId: string;
  purposeCode: PurposeCode;
}

const PROCESSOR_PURPOSE_COLUMNS: readonly ColumnSpec<ProcessorPurposeRow>[] = [
  { name: 'processor_id', type: 'uuid', value: (pp) => pp.processorId },
  { name: 'purpose_code', type: 'text', value: (pp) => pp.purposeCode },
];

const CUSTOMER_COLUMNS: readonly ColumnSpec<CustomerRow>[] = [
  { name: 'id', type: 'uuid', value: (c) => c.id },
  { name: 'created_at', type: 'timestamptz', value: (c) => iso(c.createdAt) },
  { name: 'updated_at', type: 'timestamptz', value: (c) => iso(c.updatedAt) },
  { name: 'locale', type: 'text', value: (c) => c.locale },
  { name: 'erased_at', type: 'timestamptz', value: (c) => iso(c.erasedAt) },
  { name: 'email', type: 'text', value: (c) => c.email },
  { name: 'phone', type: 'text', value: (c) => c.phone },
  { name: 'full_name', type: 'text', value: (c) => c.fullName },
  { name: 'date_of_birth', type: 'date', value: (c) => c.dateOfBirth },
  { name: 'address_street', type: 'text', value: (c) => c.addressStreet },
  { name: 'address_city', type: 'text', value: (c) => c.addressCity },
  { name: 'address_postal_code', type: 'text', value: (c) => c.addressPostalCode },
  { name: 'address_country', type: 'text', value: (c) => c.addressCountry },
];

/** The row is the consent's latest state, so every state column is read off its last event. */
const CONSENT_COLUMNS: readonly ColumnSpec<ConsentRow>[] = [
  { name: 'id', type: 'uuid', value: (c) => c.id },
  { name: 'customer_id', type: 'uuid', value: (c) => c.customerId },
  { name: 'purpose_code', type: 'text', value: (c) => c.purposeCode },
  { name: 'processor_id', type: 'uuid', value: (c) => c.processorId },
  { name: 'status', type: 'text', value: (c) => lastEvent(c).status },
  { name: 'status_changed_at', type: 'timestamptz', value: (c) => iso(lastEvent(c).occurredAt) },
  { name: 'source', type: 'text', value: (c) => lastEvent(c).source },
  { name: 'policy_version', type: 'text', value: () => CURRENT_POLICY_VERSION },
  { name: 'created_at', type: 'timestamptz', value: (c) => iso(c.events[0].occurredAt) },
  { name: 'updated_at', type: 'timestamptz', value: (c) => iso(lastEvent(c).occurredAt) },
];

interface ConsentHistoryRow {
  consent: ConsentRow;
  event: ConsentEventRow;
}

const CONSENT_EVENT_COLUMNS: readonly ColumnSpec<ConsentHistoryRow>[] = [
  { name: 'consent_id', type: 'uuid', value: (h) => h.consent.id },
  { name: 'status', type: 'text', value: (h) => h.event.status },
  { name: 'source', type: 'text', value: (h) => h.event.source },
  { name: 'policy_version', type: 'text', value: () => CURRENT_POLICY_VERSION },
  { name: 'occurred_at', type: 'timestamptz', value: (h) => iso(h.event.occurredAt) },
  { name: 'actor', type: 'text', value: () => DEMO_ACTOR },
];

const PRIVACY_REQUEST_COLUMNS: readonly ColumnSpec<PrivacyRequestRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
  { name: 'type', type: 'text', value: (r) => r.type },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'submitted_at', type: 'timestamptz', value: (r) => iso(r.submittedAt) },
  { name: 'due_at', type: 'timestamptz', value: (r) => iso(r.dueAt) },
  { name: 'verified_at', type: 'timestamptz', value: (r) => iso(r.verifiedAt) },
  { name: 'closed_at', type: 'timestamptz', value: (r) => iso(r.closedAt) },
  { name: 'updated_at', type: 'timestamptz', value: (r) => iso(r.updatedAt) },
  { name: 'verification_method', type: 'text', value: (r) => (r.verifiedAt ? VerificationMethod.ONE_TIME_CODE : null) },
  { name: 'refusal_reason', type: 'text', value: (r) => refusalOf(r)?.reason ?? null },
  { name: 'refusal_justification', type: 'text', value: (r) => refusalOf(r)?.justification ?? null },
];

/** A refused demo request lapsed unverified, or was refused as technically infeasible. */
function refusalOf(request: PrivacyRequestRow): { reason: RefusalReason; justification: string } | null {
  if (request.status !== PrivacyRequestStatus.REFUSED) return null;
  return request.verifiedAt === null
    ? { reason: RefusalReason.IDENTITY_NOT_VERIFIED, justification: 'Your identity could not be verified in time.' }
    : { reason: RefusalReason.TECHNICALLY_INFEASIBLE, justification: 'The archived records cannot be retrieved.' };
}

/** In time order, so the identity ids of the history ascend with time as they do for live writes. */
function consentHistory(consents: readonly ConsentRow[]): ConsentHistoryRow[] {
  return consents
    .flatMap((consent) => consent.events.map((event) => ({ consent, event })))
    .sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
}

async function insertDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  const processorPurposes = data.processors.flatMap((p) => p.spec.purposes.map((purposeCode) => ({ processorId: p.id, purposeCode })));
  await insertRows(manager, 'processor', PROCESSOR_COLUMNS, data.processors);
  await insertRows(manager, 'processor_purpose', PROCESSOR_PURPOSE_COLUMNS, processorPurposes);
  const processorCategories = data.processors.flatMap((p) => p.spec.categories.map((categoryKey) => ({ processorId: p.id, categoryKey })));
  await insertRows(manager, 'processor_category', PROCESSOR_CATEGORY_COLUMNS, processorCategories);
  await insertRows(manager, 'customer', CUSTOMER_COLUMNS, data.customers);
  await insertRows(manager, 'consent', CONSENT_COLUMNS, data.consents);
  await insertRows(manager, 'consent_event', CONSENT_EVENT_COLUMNS, consentHistory(data.consents));
  await insertRows(manager, 'privacy_request', PRIVACY_REQUEST_COLUMNS, data.privacyRequests);
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

function countsOf(data: DemoData): DemoCounts {
  return {
    customers: data.customers.length,
    erasedCustomers: data.customers.filter((c) => c.erasedAt !== null).length,
    processors: data.processors.length,
    processorPurposes: data.processors.reduce((sum, p) => sum + p.spec.purposes.length, 0),
    consents: data.consents.length,
    withdrawnConsents: data.consents.filter((c) => lastEvent(c).status === ConsentStatus.WITHDRAWN).length,
    consentEvents: data.consents.reduce((sum, c) => sum + c.events.length, 0),
    privacyRequests: data.privacyRequests.length,
  };
}

function processorExample(processors: readonly ProcessorRow[], key: ProcessorExampleKey): ProcessorExample {
  const found = processors.find((p) => p.spec.example === key);
  if (!found) throw new Error(`no demo processor is marked as the ${key} example`);
  return { id: found.id, name: found.spec.name };
}

/** The API lists customers by (created_at, id); uuid order in PostgreSQL is the order of the lower-case text. */
function inListingOrder(customers: readonly CustomerRow[]): CustomerRow[] {
  return [...customers].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const customerExample = (customer: CustomerRow | undefined): CustomerExample | null => (customer ? { id: customer.id, email: customer.email } : null);

function examplesOf(data: DemoData): DemoExamples {
  const trustedAffiliate = processorExample(data.processors, 'trustedAffiliate');
  const listed = inListingOrder(data.customers);
  const held = listed.filter((c) => c.erasedAt === null);
  const consenting = new Set(
    data.consents.filter((c) => c.processorId === trustedAffiliate.id && lastEvent(c).status === ConsentStatus.GRANTED).map((c) => c.customerId),
  );
  const firstCustomer = customerExample(held[0]);
  if (!firstCustomer) throw new Error('the demo has no held customer');
  return {
    trustedAffiliate,
    untrustedThirdParty: processorExample(data.processors, 'untrustedThirdParty'),
    inactiveProcessor: processorExample(data.processors, 'inactiveProcessor'),
    firstCustomer,
    consentingCustomer: customerExample(held.find((c) => consenting.has(c.id))),
    erasedCustomer: customerExample(listed.find((c) => c.erasedAt !== null)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point

function assertOptions({ customers, seed }: DemoOptions): void {
  if (!Number.isSafeInteger(customers) || customers < 1) throw new RangeError(`customers must be a positive integer, got ${customers}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
}

/**
 * Writes the demo data in one transaction, or nothing when any customer exists. It never deletes to start over:
 * `consent_event` is append-only. Needs the schema and the purposes (`seedReferenceData`) in place.
 */
export async function seedDemo(dataSource: DataSource, options: DemoOptions): Promise<DemoSummary> {
  assertOptions(options);
  return dataSource.transaction(async (manager) => {
    // Taken before counting so that two seeds started together cannot both find the table empty.
    await manager.query('LOCK TABLE customer IN SHARE ROW EXCLUSIVE MODE');
    const [{ count }] = await manager.query<{ count: number }[]>('SELECT count(*)::int AS count FROM customer');
    if (count > 0) return { written: false, existingCustomers: count };
    const data = generateDemoData(options);
    await insertDemoData(manager, data);
    return { written: true, counts: countsOf(data), examples: examplesOf(data) };
  });
}
