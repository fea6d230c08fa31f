import type { DataSource } from 'typeorm';
import { SYSTEM_ACTORS } from '../auth/actor';

/**
 * The demo customers the personal cabinet's demo sign-in offers: those `npm run seed:demo` wrote, known by the
 * consent history it wrote for them (actor `system:demo-seed`, scripts/demo/demo-seed.ts), and not erased since.
 * A customer who signed up through the API, or was imported, has no such history and is never offered.
 */

export interface DemoCustomer {
  id: string;
  fullName: string | null;
  locale: string;
}

/** The sign-in page lists a handful, not the whole demo data set. */
export const MAX_DEMO_CUSTOMERS = 20;

const WRITTEN_BY_THE_DEMO_SEED = `c.erased_at IS NULL AND EXISTS (
  SELECT 1 FROM consent k JOIN consent_event e ON e.consent_id = k.id WHERE k.customer_id = c.id AND e.actor = $1)`;

/** The first demo customers in the API's listing order (created_at, id). */
export async function listDemoCustomers(dataSource: DataSource): Promise<DemoCustomer[]> {
  return dataSource.query<DemoCustomer[]>(
    `SELECT c.id, c.full_name AS "fullName", c.locale FROM customer c
     WHERE ${WRITTEN_BY_THE_DEMO_SEED} ORDER BY c.created_at, c.id LIMIT $2`,
    [SYSTEM_ACTORS.demoSeed, MAX_DEMO_CUSTOMERS],
  );
}

/** Whether the customer of this id (a UUID, checked by the caller) is a demo customer. */
export async function isDemoCustomer(dataSource: DataSource, customerId: string): Promise<boolean> {
  const rows = await dataSource.query<unknown[]>(`SELECT 1 FROM customer c WHERE c.id = $2 AND ${WRITTEN_BY_THE_DEMO_SEED}`, [
    SYSTEM_ACTORS.demoSeed,
    customerId,
  ]);
  return rows.length > 0;
}
