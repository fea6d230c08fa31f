import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { recordHiddenDisclosure } from './support/disclosures';
import { explainAnalyze, rowsRead } from './support/explain';
import { withoutTimes, withoutUuids, withPlaceholders } from './support/placeholders';
import { fulfilAccessRequest, fulfilPrivacyRequest } from './support/privacy-requests';
import { startTestApp, type TestApp } from './support/test-app';
import { REFUSED_READS_LIMIT } from '../src/modules/refusals/refused-read.loaders';

/**
 * A disclosure hidden from the customer on its ground (policy §2) leaves no trace in anything the customer can
 * see: what they see is what they would see had it never existed and the reads it allowed never been made. The
 * test builds twins: two customers with the same data, the same consent to the same recipient, and the same reads
 * by it on that consent (one allowed, one refused). One of them is also the subject of a hidden disclosure to that
 * recipient, under which it read more, and of one to a second recipient, a lurker they never consented to, which
 * asked for a field beyond it and was refused. Everything each twin can see — their disclosures, a page of their
 * access log, the reads refused to recipients, their access export as document and as text — must be the same once
 * the twin's own identifiers are set aside.
 */

let app: TestApp;
let officer: string;
let recipientToken: string;
let recipientName: string;
let withHidden: CustomerRow;
let withoutHidden: CustomerRow;
let hiddenDisclosureId: string;

/** More reads under the hidden disclosure than one answer of the access log reaches back (ACCESS_LOG_LIMIT). */
const HIDDEN_READS = 101;

const SAME_PERSON = {
  phone: '+994501234567',
  fullName: 'Leyla Həsənova',
  dateOfBirth: '1988-02-29',
  street: 'Nizami küçəsi 5',
  city: 'Bakı',
  postalCode: 'AZ1000',
  country: 'AZ',
};

async function read(token: string, customerId: string, selection: string): Promise<void> {
  const result = await app.graphql(`query ($id: UUID!) { customer(id: $id) { id ${selection} } }`, {
    token,
    variables: { id: customerId },
  });
  expect(result.status).toBe(200);
}

/** The twin's answer with what differs by construction (ids, email, times) replaced by placeholders. */
function normalised(value: unknown, twin: CustomerRow): string {
  return withoutTimes(withoutUuids(withPlaceholders(value, { [twin.id]: '<customer>', [twin.email]: '<email>' })));
}

/** A disclosure of `categories` of the twin `withHidden` to the processor, hidden from them on its ground. */
const hiddenDisclosure = (processorId: string, categories: string[]) =>
  recordHiddenDisclosure(app, officer, { customerId: withHidden.id, processorId, categories });

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.token({ role: 'privacy_officer', sub: 'officer:nigar' });
  // Trusted for contact data only: under consent it reads the email, never the date of birth.
  const recipient = await insertProcessor(app.dataSource, { categories: ['contact'], purposes: ['PERSONALIZATION'] });
  recipientName = recipient.name;
  recipientToken = await app.affiliateToken(recipient.id, ['PERSONALIZATION']);
  withHidden = await insertCustomer(app.dataSource, SAME_PERSON);
  withoutHidden = await insertCustomer(app.dataSource, SAME_PERSON);
  for (const twin of [withHidden, withoutHidden]) {
    await insertConsent(app.dataSource, { customerId: twin.id, purpose: 'PERSONALIZATION', processorId: recipient.id });
  }
  // The email is covered by the consent too: the hidden disclosure adds only the date of birth.
  hiddenDisclosureId = await hiddenDisclosure(recipient.id, ['contact.email', 'identity.date_of_birth']);
  // The same on the consent for both: the email given, the full name (not contact data) refused.
  for (const twin of [withHidden, withoutHidden]) await read(recipientToken, twin.id, 'email fullName');
  // Under the hidden disclosure, for one twin only: the other's recipient never asked.
  for (let index = 0; index <= HIDDEN_READS; index += 1) await read(recipientToken, withHidden.id, 'dateOfBirth');

  // A lurker that sees one twin through a hidden disclosure of the email alone, and asks for the phone.
  const lurker = await insertProcessor(app.dataSource, { trusted: false, categories: [], purposes: ['PERSONALIZATION'] });
  await hiddenDisclosure(lurker.id, ['contact.email']);
  await read(await app.affiliateToken(lurker.id, ['PERSONALIZATION']), withHidden.id, 'phone');
});

afterAll(() => app.close());

it('did read under the hidden disclosure, as the privacy officer sees', async () => {
  const rows = (await app.dataSource.query(`SELECT basis, basis_id, fields FROM audit_event WHERE customer_id = $1 ORDER BY id`, [
    withHidden.id,
  ])) as Array<{ basis: string; basis_id: string; fields: string[] }>;
  // The first read: the email on the consent, the date of birth on the disclosure; then only the disclosure.
  expect(rows[0]).toMatchObject({ basis: 'CONSENT', fields: ['email'] });
  expect(rows.filter((row) => row.basis === 'DISCLOSURE' && row.basis_id === hiddenDisclosureId)).toHaveLength(HIDDEN_READS + 1);
  const officerView = await app.graphql<{ customer: { accessLog: Array<{ basis: string }> } }>(
    `query ($id: UUID!) { customer(id: $id) { accessLog(first: 100) { basis } } }`,
    { token: officer, variables: { id: withHidden.id } },
  );
  expect(officerView.data?.customer.accessLog.every((entry) => entry.basis === 'DISCLOSURE')).toBe(true);
  expect(officerView.data?.customer.accessLog).toHaveLength(100);
});

it('shows the twins the same disclosures, the same full page of their access log and the same refused reads', async () => {
  const query = `{
    me {
      disclosures { id ground reference }
      accessLog(first: 5) { fields basis basisId processor { name } purpose { code } disclosure { reference } }
      refusedReads { fields reason processor { name } purpose { code } }
    }
  }`;
  const [seenWith, seenWithout] = await Promise.all(
    [withHidden, withoutHidden].map(async (twin) => {
      const result = await app.graphql(query, { token: await app.customerToken(twin.id) });
      expect(result.errors).toBeUndefined();
      return normalised(result.data, twin);
    }),
  );
  expect(JSON.parse(seenWithout)).toEqual({
    me: {
      disclosures: [],
      accessLog: [
        {
          fields: ['email'],
          basis: 'CONSENT',
          basisId: '<uuid>',
          processor: { name: recipientName },
          purpose: { code: 'PERSONALIZATION' },
          disclosure: null,
        },
      ],
      refusedReads: [
        { fields: ['fullName'], reason: 'CATEGORY_NOT_ALLOWED', processor: { name: recipientName }, purpose: { code: 'PERSONALIZATION' } },
      ],
    },
  });
  expect(seenWith).toEqual(seenWithout);
});

it('reads as many rows for the page of the twin with hidden reads as for the other: no timing trace', async () => {
  // Other customers' reads, and fresh statistics, so that the planner sees the log as one of many customers (as it
  // is) and not as a table small enough to scan whole, which reads everything for everyone.
  await app.dataSource.query(
    `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
     SELECT now() - g * interval '1 second', gen_random_uuid(), 'privacy_officer', 'officer:test', gen_random_uuid(), '{email}', 'PRIVACY_OFFICER'
     FROM generate_series(1, 5000) g`,
  );
  await app.dataSource.query(`ANALYZE audit_event`);
  const read = [];
  for (const twin of [withHidden, withoutHidden]) {
    const token = await app.customerToken(twin.id);
    const sent = (await app.statements.withParameters(() => app.graphql(`{ me { accessLog(first: 5) { id } } }`, { token }))).filter(({ sql }) =>
      sql.includes('FROM audit_event a'),
    );
    expect(sent).toHaveLength(1);
    read.push(rowsRead(await explainAnalyze(app.dataSource, sent[0].sql, sent[0].parameters), 'audit_event'));
  }
  // One visible read each; the 102 reads under the hidden disclosure are never touched.
  expect(read[0]).toBe(read[1]);
  expect(read[0]).toBeLessThan(HIDDEN_READS);
});

it('reads as many refused reads for the twin a lurker asks about as for the other: no timing trace', async () => {
  // Many more of the lurker's refusals than a page holds, and other customers' refusals, with fresh statistics.
  const [{ hidden_disclosure_id: lurkerDisclosure, processor_id: lurker }] = (await app.dataSource.query(
    `SELECT hidden_disclosure_id, processor_id FROM refused_read WHERE customer_id = $1 AND hidden_disclosure_id IS NOT NULL`,
    [withHidden.id],
  )) as Array<{ hidden_disclosure_id: string; processor_id: string }>;
  await app.dataSource.query(
    `INSERT INTO refused_read (id, occurred_at, request_id, customer_id, processor_id, purpose_code, fields, reason, hidden_disclosure_id)
     SELECT gen_random_uuid(), now() - g * interval '1 second', gen_random_uuid(), $1::uuid, $2::uuid, 'PERSONALIZATION', '{phone}'::text[], 'PROCESSOR_NOT_TRUSTED', $3::uuid
     FROM generate_series(1, $4::int) g
     UNION ALL
     SELECT gen_random_uuid(), now() - g * interval '1 second', gen_random_uuid(), gen_random_uuid(), $2::uuid, 'PERSONALIZATION', '{phone}'::text[], 'CONSENT_REQUIRED', NULL
     FROM generate_series(1, 5000) g`,
    [withHidden.id, lurker, lurkerDisclosure, 2 * REFUSED_READS_LIMIT],
  );
  await app.dataSource.query(`ANALYZE refused_read`);
  const read = [];
  for (const twin of [withHidden, withoutHidden]) {
    const token = await app.customerToken(twin.id);
    const sent = (await app.statements.withParameters(() => app.graphql(`{ me { refusedReads { id } } }`, { token }))).filter(({ sql }) =>
      sql.includes('FROM refused_read'),
    );
    expect(sent).toHaveLength(1);
    read.push(rowsRead(await explainAnalyze(app.dataSource, sent[0].sql, sent[0].parameters), 'refused_read'));
  }
  // One visible refusal each (the full name); the lurker's are never touched.
  expect(read).toEqual([1, 1]);
});

it('shows the twins the same history of a correction the hidden recipient is told of', async () => {
  // The recipient read the date of birth of one twin only, under the hidden disclosure: it alone gets a notice.
  const query = `{ me { privacyRequests { type status changedFields history { fromStatus toStatus actor note } } } }`;
  const seen = [];
  for (const twin of [withHidden, withoutHidden]) {
    await fulfilPrivacyRequest(app, officer, twin.id, { type: 'RECTIFICATION', changes: { dateOfBirth: '1988-03-01' } });
    const result = await app.graphql(query, { token: await app.customerToken(twin.id) });
    expect(result.errors).toBeUndefined();
    seen.push(normalised(result.data, twin));
  }
  expect(seen[0]).toEqual(seen[1]);
  const notices = (await app.dataSource.query(
    `SELECT customer_id FROM outbox_message WHERE kind = 'RECTIFICATION_NOTICE' AND customer_id = ANY($1)`,
    [[withHidden.id, withoutHidden.id]],
  )) as Array<{ customer_id: string }>;
  expect(notices).toEqual([{ customer_id: withHidden.id }]);
});

it('gives the twins the same access export, as document and as text', async () => {
  const [exportWith, exportWithout] = [
    await fulfilAccessRequest(app, officer, withHidden.id),
    await fulfilAccessRequest(app, officer, withoutHidden.id),
  ];
  const recipients = exportWithout.document.recipients as Array<{ name: string; fields: string[] }>;
  expect(recipients).toEqual([expect.objectContaining({ name: recipientName, fields: ['email'] })]);
  expect(normalised(exportWith.document, withHidden)).toEqual(normalised(exportWithout.document, withoutHidden));
  expect(normalised(exportWith.readable, withHidden)).toEqual(normalised(exportWithout.readable, withoutHidden));
  expect(exportWith.readable).not.toContain('FRAUD');
  expect(exportWith.readable).not.toContain('dateOfBirth');
});
