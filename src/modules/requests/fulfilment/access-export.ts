import type { EntityManager } from 'typeorm';
import { CONTROLLER } from '../../../policy/controller';
import { CUSTOMER_VIEW, visibleDisclosureCondition, visibleReadCondition } from '../../../policy/visibility/disclosures';
import { visibleRefusalCondition } from '../../../policy/visibility/refusals';
import { waitingConfirmation } from '../../customers/email-confirmation';

type Row = Record<string, unknown>;

/** Everything held about a customer, as one machine-readable document (policy §5: "see their personal data"). */
export async function buildAccessExport(
  manager: EntityManager,
  customerId: string,
  now: Date,
  /** The access request this export answers: built just before it closes, it is shown completed. */
  completing: string,
): Promise<Row> {
  const query = (sql: string) => manager.query(sql, [customerId]) as Promise<Row[]>;
  const [profile] = await query(
    `SELECT id, locale, created_at AS "createdAt", updated_at AS "updatedAt", email, phone, full_name AS "fullName",
            date_of_birth::text AS "dateOfBirth",
            json_build_object('street', address_street, 'city', address_city, 'postalCode', address_postal_code,
                              'country', address_country) AS address,
            (SELECT e.address FROM email_confirmation e WHERE e.customer_id = customer.id AND ${waitingConfirmation('e')}) AS "pendingEmail"
     FROM customer WHERE id = $1`,
  );
  const consents = await query(
    `SELECT c.id, c.purpose_code AS purpose, p.name AS recipient, c.status, c.status_changed_at AS "since",
            c.source, c.policy_version AS "policyVersion",
            (SELECT json_agg(json_build_object('status', e.status, 'source', e.source, 'at', e.occurred_at,
                                               'policyVersion', e.policy_version) ORDER BY e.occurred_at, e.id)
             FROM consent_event e WHERE e.consent_id = c.id) AS history
     FROM consent c LEFT JOIN processor p ON p.id = c.processor_id
     WHERE c.customer_id = $1 ORDER BY c.purpose_code, p.name NULLS FIRST`,
  );
  // The customer's own view: every figure below (recipients, their fields and dates, the log) comes from the
  // visible reads only, so a disclosure hidden on its ground leaves no trace in the document.
  const visibleReads = `a.customer_id = $1 AND ${visibleReadCondition(CUSTOMER_VIEW, 'a')}`;
  const recipients = await query(
    `SELECT p.id, p.name, p.kind, p.country, min(a.occurred_at) AS "firstReceivedAt", max(a.occurred_at) AS "lastReceivedAt",
            array_agg(DISTINCT field ORDER BY field) AS fields
     FROM audit_event a JOIN processor p ON p.id = a.processor_id CROSS JOIN LATERAL unnest(a.fields) field
     WHERE ${visibleReads} GROUP BY p.id ORDER BY min(a.occurred_at)`,
  );
  const disclosures = await query(
    `SELECT d.id, d.ground, d.reference, p.name AS recipient, d.categories, d.justification, d.created_at AS "createdAt",
            d.expires_at AS "expiresAt", d.revoked_at AS "revokedAt"
     FROM disclosure d JOIN processor p ON p.id = d.processor_id
     WHERE d.customer_id = $1 AND ${visibleDisclosureCondition(CUSTOMER_VIEW, 'd')} ORDER BY d.created_at`,
  );
  const requests = (
    await query(
      `SELECT id, type, status, service, submitted_at AS "submittedAt", due_at AS "dueAt", closed_at AS "closedAt",
            refusal_reason AS "refusalReason", refusal_justification AS "refusalJustification", changed_fields AS "changedFields"
     FROM privacy_request WHERE customer_id = $1 ORDER BY submitted_at`,
    )
  ).map((request) => (request.id === completing ? { ...request, status: 'COMPLETED', closedAt: now } : request));
  const accessLog = await query(
    `SELECT a.occurred_at AS "at", a.actor_role AS "readBy", p.name AS processor, a.purpose_code AS purpose,
            a.basis, a.basis_id AS "basisId", a.fields
     FROM audit_event a LEFT JOIN processor p ON p.id = a.processor_id
     WHERE ${visibleReads} ORDER BY a.occurred_at, a.id`,
  );
  // As the cabinet shows them beside the log (Customer.refusedReads): who asked and was turned away, and why.
  const refusedReads = await query(
    `SELECT r.occurred_at AS "at", p.name AS processor, r.purpose_code AS purpose, r.reason, r.fields
     FROM refused_read r JOIN processor p ON p.id = r.processor_id
     WHERE r.customer_id = $1 AND ${visibleRefusalCondition(CUSTOMER_VIEW, 'r')} ORDER BY r.occurred_at, r.id`,
  );
  return {
    format: 'privacy-hub access export v1',
    controller: CONTROLLER.name,
    generatedAt: now.toISOString(),
    profile,
    consents,
    recipients,
    disclosures,
    requests,
    accessLog,
    refusedReads,
  };
}

const line = (label: string, value: unknown) => `  ${label}: ${value === null || value === undefined ? '—' : String(value)}`;
const when = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? '—'));

/** The same document for a person to read: plain text, one section per part. */
export function renderAccessExport(document: Row): string {
  const profile = (document.profile ?? {}) as Row;
  const address = (profile.address ?? {}) as Row;
  const list = (key: string) => (document[key] as Row[] | undefined) ?? [];
  return [
    `What ${String(document.controller)} holds about you (generated ${String(document.generatedAt)})`,
    '',
    'Your profile',
    line('Name', profile.fullName),
    line('Email', profile.email),
    ...(profile.pendingEmail ? [line('Email waiting for confirmation', profile.pendingEmail)] : []),
    line('Phone', profile.phone),
    line('Date of birth', profile.dateOfBirth),
    line('Address', [address.street, address.city, address.postalCode, address.country].filter(Boolean).join(', ') || null),
    line('Language', profile.locale),
    '',
    'Your consents',
    ...list('consents').map((c) => `  ${String(c.purpose)} → ${String(c.recipient ?? CONTROLLER.name)}: ${String(c.status)} since ${when(c.since)}`),
    '',
    'Who received your data',
    ...list('recipients').map(
      (r) =>
        `  ${String(r.name)} (${String(r.kind)}, ${String(r.country)}): ${(r.fields as string[]).join(', ')}; first ${when(r.firstReceivedAt)}, last ${when(r.lastReceivedAt)}`,
    ),
    '',
    'Disclosures without your consent (policy §2)',
    ...list('disclosures').map((d) => `  ${String(d.ground)} to ${String(d.recipient)}, ref. ${String(d.reference)}: ${String(d.justification)}`),
    '',
    'Your requests',
    ...list('requests').map((r) => `  ${String(r.type)} submitted ${when(r.submittedAt)}: ${String(r.status)}`),
    '',
    'Every read of your data by someone else',
    ...list('accessLog').map(
      (a) =>
        `  ${when(a.at)} ${String(a.processor ?? a.readBy)} read ${(a.fields as string[]).join(', ')} for ${String(a.purpose ?? '—')} (${String(a.basis)})`,
    ),
    '',
    'Reads of your data that were refused (nothing was handed over)',
    ...list('refusedReads').map(
      (r) =>
        `  ${when(r.at)} ${String(r.processor)} asked for ${(r.fields as string[]).join(', ')} for ${String(r.purpose ?? '—')}: refused (${String(r.reason)})`,
    ),
    '',
  ].join('\n');
}
