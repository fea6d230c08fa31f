import type { Principal } from '../auth/principal';
import type { Loaders } from '../loaders';
import type { PurposeCode } from './purposes';
import { gatherRecipientFacts } from './access-facts';
import type { DataCategory } from './data-categories';
import { decidePersonalFieldRead, type Decision } from './decide';

/** The customer a personal field belongs to, as far as the decision needs it. */
export interface CustomerRef {
  id: string;
  erasedAt: Date | null;
}

/**
 * The decisions of one request, one per (customer, data category): a page asking for a customer's email in
 * three aliases, or for email and phone (both `contact`-covered), is decided by the one pure function once per
 * pair, from facts the request's loaders read once for the whole page. Built per request and dropped with it,
 * so a withdrawal or a revoked trust is seen by the next request.
 */
export class ReadDecisions {
  private readonly decided = new Map<string, Promise<Decision>>();

  constructor(
    private readonly principal: Principal,
    private readonly purpose: PurposeCode | null,
    private readonly loaders: Loaders,
  ) {}

  decide(customer: CustomerRef, category: DataCategory): Promise<Decision> {
    const key = `${customer.id}|${category}`;
    let decision = this.decided.get(key);
    if (decision === undefined) {
      decision = this.make(customer, category);
      this.decided.set(key, decision);
    }
    return decision;
  }

  private async make(customer: CustomerRef, category: DataCategory): Promise<Decision> {
    const { principal } = this;
    const recipientFacts = principal.role === 'affiliate' ? await gatherRecipientFacts(this.loaders, principal.processorId, customer.id) : {};
    return decidePersonalFieldRead({ principal, customer, category, purpose: this.purpose, ...recipientFacts, now: new Date() });
  }
}
