import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { purposeOf } from '../purposes/purpose-vocabulary';
import { Disclosure } from '../disclosures/disclosure.entity';
import { AccessBasisKind, AuditEvent } from './audit-event.entity';
import type { AuditService } from './audit.service';
import { AuditChainVerification } from './audit.types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly auditService: AuditService) {}

  @Query(() => AuditChainVerification, {
    nullable: true,
    description: 'Recomputes the audit log hash chain and reports the first broken link (privacy officer).',
  })
  verifyAuditChain(): Promise<AuditChainVerification> {
    return this.auditService.verifyChain();
  }

  @FieldResolver(() => Processor, { nullable: true })
  processor(@Root() event: AuditEvent, @Ctx() { loaders }: Context): Promise<Processor | null> | null {
    return event.processorId === null ? null : loaders.processorById.load(event.processorId);
  }

  @FieldResolver(() => Disclosure, { nullable: true })
  async disclosure(@Root() event: AuditEvent, @Ctx() { loaders }: Context): Promise<Disclosure | null> {
    if (event.basis !== AccessBasisKind.DISCLOSURE) return null;
    // Through the customer's disclosures, which the access log has loaded already.
    const disclosures = await loaders.disclosuresByCustomerId.load(event.customerId);
    return disclosures.find((disclosure) => disclosure.id === event.basisId) ?? null;
  }

  @FieldResolver(() => Purpose, { nullable: true })
  purpose(@Root() event: AuditEvent): Purpose | null {
    return event.purposeCode === null ? null : purposeOf(event.purposeCode);
  }
}
