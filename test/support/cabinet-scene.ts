import type { PurposeCode } from '../../src/policy/purposes';
import { runNode } from './run-command';
import type { TestApp } from './test-app';

/**
 * The world the personal cabinet's browser test plays in: the demo data `npm run seed:demo` writes, the customers in
 * it whose consent lets a trusted affiliate read their phone, and what the affiliate, the outbox and the privacy
 * officer do beside the browser.
 */

/** Small and fixed: the demo sign-in lists at most 20 customers, and one seed always gives the same rows. */
export const CABINET_DEMO = { customers: 20, seed: 16 };

/** A demo customer whose live consent names a recipient that may read their phone for the consent's purpose. */
export interface ConsentingCustomer {
  id: string;
  fullName: string;
  phone: string | null;
  consentId: string;
  purpose: PurposeCode;
  processorId: string;
  processorName: string;
}

/**
 * `npm run seed:demo` on the app's database, as a developer runs it. A child process rather than a call of
 * `seedDemo`: faker is an ES module, which jest's CommonJS transform cannot load.
 */
export async function seedCabinetDemo(app: TestApp): Promise<void> {
  const { url } = app.dataSource.options as { url: string };
  const args = ['--import', 'tsx', 'scripts/seed-demo.ts', '--customers', String(CABINET_DEMO.customers), '--seed', String(CABINET_DEMO.seed)];
  const result = await runNode(args, { DATABASE_URL: url, LOG_LEVEL: 'error' }, 30_000);
  if (result.code !== 0 || !result.stdout.includes('demo data written')) {
    throw new Error(`npm run seed:demo failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Every such customer, with one such consent each. The recipient rule (README, policy §2) read as SQL: an active,
 * trusted processor with an accepted agreement, allowed the purpose and the phone's category (`contact` covers it),
 * a GRANTED consent naming it, a customer not erased. Customers with a privacy request of their own are left out,
 * so the request the test files is the only one the cabinet lists.
 */
export async function consentingCustomers(app: TestApp): Promise<ConsentingCustomer[]> {
  return app.dataSource.query<ConsentingCustomer[]>(
    `SELECT DISTINCT ON (c.id) c.id, c.full_name AS "fullName", c.phone, k.id AS "consentId", k.purpose_code AS purpose,
            p.id AS "processorId", p.name AS "processorName"
       FROM customer c
       JOIN consent k ON k.customer_id = c.id AND k.status = 'GRANTED'
       JOIN processor p ON p.id = k.processor_id
        AND p.active AND p.agreement_accepted_at IS NOT NULL AND p.trusted_at IS NOT NULL
       JOIN processor_purpose pp ON pp.processor_id = p.id AND pp.purpose_code = k.purpose_code
       JOIN processor_category pc ON pc.processor_id = p.id AND pc.category_key IN ('contact', 'contact.phone')
      WHERE c.erased_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM privacy_request r WHERE r.customer_id = c.id)
      ORDER BY c.id, k.purpose_code, p.name`,
  );
}

export interface PartnerRead {
  phone: string | null;
  /** The denial's `extensions.code` on the phone field, when it was denied. */
  deniedWith?: unknown;
}

/** The affiliate reads the customer's phone through /graphql, as its own system would. */
export async function affiliateReadsPhone(app: TestApp, token: string, customerId: string): Promise<PartnerRead> {
  const answer = await app.graphql<{ customer: { phone: string | null } | null }>(`query ($id: UUID!) { customer(id: $id) { phone } }`, {
    token,
    variables: { id: customerId },
  });
  const denial = answer.errors?.find((error) => error.path?.join('.') === 'customer.phone');
  return { phone: answer.data?.customer?.phone ?? null, ...(denial ? { deniedWith: denial.extensions?.code } : {}) };
}

/** How many reads of the customer's data by the processor the audit log holds. */
export async function auditedReadsBy(app: TestApp, customerId: string, processorId: string): Promise<number> {
  const [{ count }] = await app.dataSource.query<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM audit_event WHERE customer_id = $1 AND processor_id = $2`,
    [customerId, processorId],
  );
  return count;
}

/** How many reads of the customer's data by the processor the policy refused and logged (one row per request and reason). */
export async function refusedReadsBy(app: TestApp, customerId: string, processorId: string): Promise<number> {
  const [{ count }] = await app.dataSource.query<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM refused_read WHERE customer_id = $1 AND processor_id = $2`,
    [customerId, processorId],
  );
  return count;
}

export async function storedPhone(app: TestApp, customerId: string): Promise<string | null> {
  const [{ phone }] = await app.dataSource.query<Array<{ phone: string | null }>>(`SELECT phone FROM customer WHERE id = $1`, [customerId]);
  return phone;
}

export async function consentStatus(app: TestApp, consentId: string): Promise<string> {
  const [{ status }] = await app.dataSource.query<Array<{ status: string }>>(`SELECT status FROM consent WHERE id = $1`, [consentId]);
  return status;
}

/** The customer's one privacy request of the type, as the cabinet filed it. */
export async function onlyRequestOf(app: TestApp, customerId: string, type: string): Promise<{ id: string; status: string }> {
  const rows = await app.dataSource.query<Array<{ id: string; status: string }>>(
    `SELECT id, status FROM privacy_request WHERE customer_id = $1 AND type = $2`,
    [customerId, type],
  );
  if (rows.length !== 1) throw new Error(`expected one ${type} request of customer ${customerId}, found ${rows.length}`);
  return rows[0];
}
