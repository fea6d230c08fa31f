import 'reflect-metadata';
import { signToken } from '../src/auth/tokens';
import { createDataSource } from '../src/db/data-source';
import { ProcessorTokenService } from '../src/modules/tokens/processor-token.service';
import type { Client } from 'pg';
import { withClient } from './bench-database';
import { AFFILIATE_PURPOSE, PAGE_SIZE, type Scene } from './workloads';

/**
 * What the requests need on top of the seeded customers: a first page without erased customers, a trusted
 * affiliate allowed the bench's purpose and the categories the page reads (contact covers contact.email and
 * contact.phone, identity covers identity.name), GRANTED consents naming it, and the tokens.
 */

/** Whose consents the affiliate holds: every held customer (the main bench), or the first page's only (the sweep). */
export type AffiliateReach = 'all' | 'first-page';

export interface SceneFacts {
  /** Erased customers moved out of the first page (see holdFirstPage). */
  erasedMoved: number;
  /** Consents naming the affiliate. */
  affiliateConsents: number;
}

const ACTOR = 'privacy_officer:bench';
const TOKEN_TTL_SECONDS = 12 * 3600;
const FIRST_PAGE = `SELECT id, erased_at FROM customer ORDER BY created_at, id LIMIT ${PAGE_SIZE}`;

/**
 * The officer gets errors, not nulls, for an erased customer's personal fields, and PostGraphile's Amber preset
 * has no condition on erased_at to leave them out with. So no row filters them: erased customers in the first
 * page are given a created_at after everyone else's, until the first page holds none.
 */
async function holdFirstPage(db: Client): Promise<number> {
  let moved = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `UPDATE customer SET created_at = (SELECT max(created_at) FROM customer) + interval '1 second'
       WHERE id IN (SELECT id FROM (${FIRST_PAGE}) page WHERE erased_at IS NOT NULL)`,
    );
    if (!rowCount) return moved;
    moved += rowCount;
  }
}

async function insertAffiliate(db: Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO processor (name, kind, country, active, agreement_accepted_at, trusted_at, trusted_by)
     VALUES ('Bench Affiliate', 'AFFILIATE', 'AZ', true, now(), now(), $1) RETURNING id`,
    [ACTOR],
  );
  const { id } = rows[0];
  await db.query(`INSERT INTO processor_purpose VALUES ($1, $2)`, [id, AFFILIATE_PURPOSE]);
  await db.query(`INSERT INTO processor_category SELECT $1, unnest($2::text[])`, [id, ['contact', 'identity']]);
  return id;
}

/** A GRANTED consent naming the affiliate, with its event, for each chosen held customer. */
async function grantConsents(db: Client, processorId: string, reach: AffiliateReach): Promise<number> {
  const customers = reach === 'all' ? `SELECT id FROM customer WHERE erased_at IS NULL` : FIRST_PAGE;
  await db.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
     SELECT chosen.id, $2, $1, 'GRANTED', now(), 'PERSONAL_CABINET', '2024-01' FROM (${customers}) chosen`,
    [processorId, AFFILIATE_PURPOSE],
  );
  const { rowCount } = await db.query(
    `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
     SELECT id, status, source, policy_version, status_changed_at, $2 FROM consent WHERE processor_id = $1`,
    [processorId, ACTOR],
  );
  return rowCount ?? 0;
}

/** Rows and tokens for the requests; VACUUM ANALYZE last, so that the statistics include the bench's rows. */
export async function setUpScene(url: string, jwtSecret: Uint8Array, reach: AffiliateReach): Promise<{ scene: Scene; facts: SceneFacts }> {
  const { processorId, customerId, facts } = await withClient(url, async (db) => {
    const erasedMoved = await holdFirstPage(db);
    const id = await insertAffiliate(db);
    const affiliateConsents = await grantConsents(db, id, reach);
    const first = await db.query<{ id: string }>(FIRST_PAGE);
    await db.query('VACUUM ANALYZE');
    return { processorId: id, customerId: first.rows[0].id, facts: { erasedMoved, affiliateConsents } };
  });
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  try {
    // Through the service, so that the token is recorded, checked on each request and revocable like a real one.
    const tokens = new ProcessorTokenService(dataSource, jwtSecret);
    const { token: affiliateToken } = await tokens.issue(processorId, [AFFILIATE_PURPOSE], TOKEN_TTL_SECONDS, ACTOR);
    const officerToken = await signToken({ role: 'privacy_officer', sub: ACTOR }, jwtSecret, '12h');
    return { scene: { officerToken, affiliateToken, customerId }, facts };
  } finally {
    await dataSource.destroy();
  }
}
