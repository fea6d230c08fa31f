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

const keyOf = (customer: CustomerRef, category: DataCategory): string => `${customer.id}|${category}`;

/**
 * The decisions of one request, one per (customer, data category): a customer's email asked for in three
 * aliases is decided by the one pure function once, from facts the request's loaders read once for the whole
 * page. Built per request and dropped with it,
 * so a withdrawal or a revoked trust is seen by the next request.
 */
export class ReadDecisions {
  private readonly decided = new Map<string, Promise<Decision>>();
  /** The decisions already made, for the steps that run after the shield (recording the read). */
  private readonly made = new Map<string, Decision>();

  /** `recordDecision` is told of each decision made (the server's metrics count them by outcome and reason). */
  constructor(
    private readonly principal: Principal,
    private readonly purpose: PurposeCode | null,
    private readonly loaders: Loaders,
    private readonly recordDecision: (decision: Decision) => void,
  ) {}

  decide(customer: CustomerRef, category: DataCategory): Promise<Decision> {
    const key = keyOf(customer, category);
    let decision = this.decided.get(key);
    if (decision === undefined) {
      decision = this.make(key, customer, category);
      this.decided.set(key, decision);
    }
    return decision;
  }

  /** The decision if it has been made already in this request; `decide` otherwise. */
  decision(customer: CustomerRef, category: DataCategory): Decision | Promise<Decision> {
    return this.made.get(keyOf(customer, category)) ?? this.decide(customer, category);
  }

  private async make(key: string, customer: CustomerRef, category: DataCategory): Promise<Decision> {
    const { principal } = this;
    const recipientFacts = principal.role === 'affiliate' ? await gatherRecipientFacts(this.loaders, principal.processorId, customer.id) : {};
    const decision = decidePersonalFieldRead({ principal, customer, category, purpose: this.purpose, ...recipientFacts, now: new Date() });
    this.made.set(key, decision);
    this.recordDecision(decision);
    return decision;
  }
}
