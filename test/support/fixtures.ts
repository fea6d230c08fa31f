import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PurposeCode } from '../../src/policy/purposes';

/** Rows written straight to the database, to set the scene a test then queries through the API. */

export interface CustomerRow {
  id: string;
  email: string;
  phone: string;
  fullName: string;
  dateOfBirth: string;
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

let sequence = 0;

export async function insertCustomer(dataSource: DataSource, overrides: Partial<CustomerRow> = {}): Promise<CustomerRow> {
  sequence += 1;
  const row: CustomerRow = {
    id: randomUUID(),
    email: `customer${sequence}.${randomUUID().slice(0, 8)}@example.az`,
    phone: `+99450${String(1000000 + sequence).slice(-7)}`,
    fullName: `Aysel Məmmədova ${sequence}`,
    dateOfBirth: '1990-04-12',
    street: `Nizami küçəsi ${sequence}`,
    city: 'Bakı',
    postalCode: 'AZ1000',
    country: 'AZ',
    ...overrides,
  };
  await dataSource.query(
    `INSERT INTO customer (id, locale, email, phone, full_name, date_of_birth, address_street, address_city, address_postal_code, address_country)
     VALUES ($1, 'az', $2, $3, $4, $5, $6, $7, $8, $9)`,
    [row.id, row.email, row.phone, row.fullName, row.dateOfBirth, row.street, row.city, row.postalCode, row.country],
  );
  return row;
}

export interface ProcessorRow {
  id: string;
  name: string;
}

export async function insertProcessor(
  dataSource: DataSource,
  {
    trusted = true,
    active = true,
    agreement = true,
    purposes = ['PERSONALIZATION'] as PurposeCode[],
    categories = ['contact', 'identity', 'location'],
    name = `Partner ${randomUUID().slice(0, 8)}`,
  } = {},
): Promise<ProcessorRow> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO processor (id, name, kind, country, active, agreement_accepted_at, trusted_at, trusted_by)
     VALUES ($1, $2, 'AFFILIATE', 'AZ', $3, ${agreement ? 'now()' : 'NULL'}, ${trusted ? "now(), 'privacy_officer:test'" : 'NULL, NULL'})`,
    [id, name, active],
  );
  await dataSource.query(`INSERT INTO processor_purpose SELECT $1, unnest($2::text[])`, [id, purposes]);
  await dataSource.query(`INSERT INTO processor_category SELECT $1, unnest($2::text[])`, [id, categories]);
  return { id, name };
}

/** A consent row with its GRANTED event, as the consent API will write them. */
export async function insertConsent(
  dataSource: DataSource,
  { customerId, purpose, processorId = null }: { customerId: string; purpose: PurposeCode; processorId?: string | null },
): Promise<string> {
  const [{ id }] = (await dataSource.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
     VALUES ($1, $2, $3, 'GRANTED', now(), 'PERSONAL_CABINET', '2024-01') RETURNING id`,
    [customerId, purpose, processorId],
  )) as Array<{ id: string }>;
  await dataSource.query(
    `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
     VALUES ($1, 'GRANTED', 'PERSONAL_CABINET', '2024-01', now(), 'test')`,
    [id],
  );
  return id;
}
