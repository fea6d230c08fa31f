import { GraphQLUUID } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { Consent } from './consent.entity';

@Resolver(() => Consent)
export class ConsentResolver {
  @Query(() => [Consent], { nullable: true, description: "A customer's consents in their current state." })
  consents(@Arg('customerId', () => GraphQLUUID) customerId: string, @Ctx() { loaders }: Context): Promise<Consent[]> {
    return loaders.consentsByCustomerId.load(customerId.toLowerCase());
  }

  @FieldResolver(() => Purpose)
  async purpose(@Root() consent: Consent, @Ctx() { loaders }: Context): Promise<Purpose> {
    const purpose = await loaders.purposeByCode.load(consent.purposeCode);
    if (purpose === null) throw new Error(`consent ${consent.id} names unknown purpose ${consent.purposeCode}`);
    return purpose;
  }

  @FieldResolver(() => Processor, { nullable: true })
  recipient(@Root() consent: Consent, @Ctx() { loaders }: Context): Promise<Processor | null> | null {
    return consent.processorId === null ? null : loaders.processorById.load(consent.processorId);
  }
}
