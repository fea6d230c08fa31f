import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/auth/principal';
import type { AuditWrite } from '../../src/modules/audit/audit.service';
import type { PendingAuditEvent } from '../../src/modules/audit/audit-buffer';
import { ROWS_PER_WRITE } from './options';

/**
 * What one request of a trusted affiliate reading a page of customers hands to AuditService.write: 50 events, one per
 * customer, each on the customer's consent, for the fields the bench's affiliate page reads. Customers come from a
 * fixed population, pages from random offsets, so that the customer index sees repeated and new keys as in use.
 */

/** Customers the pages are drawn from; each has one PERSONALIZATION consent naming the affiliate. */
const POPULATION = 100_000;

/** The fields the affiliate page of `npm run bench` reads: contact.email, identity.name, contact.phone. */
export const PAGE_FIELDS = ['email', 'fullName', 'phone'];

export const BENCH_PROCESSOR_ID = '5e1f0c2a-7d3b-4a8e-9c61-2b4f8d0e7a13';

const AFFILIATE: Principal = {
  role: 'affiliate',
  subject: `processor:${BENCH_PROCESSOR_ID}`,
  processorId: BENCH_PROCESSOR_ID,
  purposes: ['PERSONALIZATION'],
  tokenId: '0b6c2d4e-1f3a-4b5c-8d7e-9f0a1b2c3d4e',
};

export class AuditWorkload {
  private readonly customers: Array<{ id: string; consentId: string }>;

  constructor(population = POPULATION) {
    this.customers = Array.from({ length: population }, () => ({ id: randomUUID(), consentId: randomUUID() }));
  }

  /** A new request: its own id (the seal-lag measurement finds its rows by it), the time now, a random page. */
  next(): AuditWrite {
    const first = Math.floor(Math.random() * (this.customers.length - ROWS_PER_WRITE));
    const events: PendingAuditEvent[] = this.customers.slice(first, first + ROWS_PER_WRITE).map((customer) => ({
      customerId: customer.id,
      basis: 'CONSENT',
      basisId: customer.consentId,
      fields: PAGE_FIELDS,
    }));
    return { requestId: randomUUID(), principal: AFFILIATE, purpose: 'PERSONALIZATION', occurredAt: new Date(), events };
  }
}
