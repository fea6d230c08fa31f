import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { DATA_CATEGORY_KEYS } from '../../policy/data-categories';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { purposeOf } from '../purposes/purpose-vocabulary';
import { buildConsentReceipt } from './consent-receipt';
import { Consent, ConsentEvent } from './consent.entity';
import { ConsentSource } from './consent.enums';
import type { ConsentService } from './consent.service';
import { ConsentSnapshot, ConsentTargetArgs } from './consent.types';

function loadRecipient({ loaders }: Context, processorId: string | null): Promise<Processor | null> | null {
  return processorId === null ? null : loaders.processorById.load(processorId);
}

@Resolver(() => Consent)
export class ConsentResolver {
  constructor(private readonly consentService: ConsentService) {}

  @Query(() => [Consent], { nullable: true, description: "A customer's consents in their current state." })
  consents(
    @Arg('customerId', () => UUIDScalar, { description: 'The customer whose consents to list.' }) customerId: string,
    @Ctx() { loaders }: Context,
  ): Promise<Consent[]> {
    return loaders.consentsByCustomerId.load(customerId);
  }

  @Query(() => [Consent], { nullable: true, description: "The signed-in customer's consents, with history and receipts." })
  myConsents(@CurrentPrincipal() customer: PrincipalOf<'customer'>, @Ctx() { loaders }: Context): Promise<Consent[]> {
    return loaders.consentsByCustomerId.load(customer.customerId);
  }

  @Query(() => [ConsentSnapshot], {
    nullable: true,
    description: "A customer's consents as they stood at `at`, answered from the consent history (privacy officer).",
  })
  async consentsAt(
    @Arg('customerId', () => UUIDScalar, { description: 'The customer whose consents to reconstruct.' }) customerId: string,
    @Arg('at', () => GraphQLDateTime, { description: 'The past moment to answer for.' }) at: Date,
  ): Promise<ConsentSnapshot[]> {
    const rows = await this.consentService.stateAt(customerId, at);
    return rows.map((row) => Object.assign(new ConsentSnapshot(), row));
  }

  @Mutation(() => Consent, { nullable: true, description: 'The signed-in customer consents to a purpose, for a recipient or the company.' })
  grantConsent(
    @Args(() => ConsentTargetArgs) { purpose, processorId }: ConsentTargetArgs,
    @CurrentPrincipal() customer: PrincipalOf<'customer'>,
  ): Promise<Consent> {
    const target = { customerId: customer.customerId, purposeCode: purpose, processorId: processorId ?? null };
    return this.consentService.grant(target, ConsentSource.PERSONAL_CABINET, actorOf(customer));
  }

  @Mutation(() => Consent, { nullable: true, description: 'The signed-in customer withdraws a consent; effective from the next request.' })
  withdrawConsent(
    @Args(() => ConsentTargetArgs) { purpose, processorId }: ConsentTargetArgs,
    @CurrentPrincipal() customer: PrincipalOf<'customer'>,
  ): Promise<Consent> {
    const target = { customerId: customer.customerId, purposeCode: purpose, processorId: processorId ?? null };
    return this.consentService.withdraw(target, ConsentSource.PERSONAL_CABINET, actorOf(customer));
  }

  @FieldResolver(() => Purpose)
  purpose(@Root() consent: Consent): Purpose {
    return purposeOf(consent.purposeCode);
  }

  @FieldResolver(() => Processor, { nullable: true })
  recipient(@Root() consent: Consent, @Ctx() context: Context): Promise<Processor | null> | null {
    return loadRecipient(context, consent.processorId);
  }

  @FieldResolver(() => [ConsentEvent])
  history(@Root() consent: Consent, @Ctx() { loaders }: Context): Promise<ConsentEvent[]> {
    return loaders.consentEventsByConsentId.load(consent.id);
  }

  @FieldResolver(() => GraphQLJSONObject)
  async receipt(@Root() consent: Consent, @Ctx() context: Context): Promise<Record<string, unknown>> {
    const purpose = purposeOf(consent.purposeCode);
    const [recipient, events, permitted] = await Promise.all([
      loadRecipient(context, consent.processorId),
      context.loaders.consentEventsByConsentId.load(consent.id),
      consent.processorId === null ? DATA_CATEGORY_KEYS : context.loaders.permittedCategoriesByProcessorId.load(consent.processorId),
    ]);
    return buildConsentReceipt({
      consentId: consent.id,
      customerId: consent.customerId,
      purpose: { code: purpose.code, title: purpose.titleEn, description: purpose.descriptionEn },
      recipient: recipient && { id: recipient.id, name: recipient.name, kind: recipient.kind, country: recipient.country },
      piiCategories: permitted,
      events,
    });
  }
}

@Resolver(() => ConsentSnapshot)
export class ConsentSnapshotResolver {
  @FieldResolver(() => Purpose)
  purpose(@Root() snapshot: ConsentSnapshot): Purpose {
    return purposeOf(snapshot.purposeCode);
  }

  @FieldResolver(() => Processor, { nullable: true })
  recipient(@Root() snapshot: ConsentSnapshot, @Ctx() context: Context): Promise<Processor | null> | null {
    return loadRecipient(context, snapshot.processorId);
  }
}
