import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { Disclosure } from './disclosure.entity';
import { RecordDisclosureInput } from './disclosure.input';
import type { DisclosureService } from './disclosure.service';

@Resolver(() => Disclosure)
export class DisclosureResolver {
  constructor(private readonly disclosureService: DisclosureService) {}

  @Mutation(() => Disclosure, {
    nullable: true,
    description: 'Records a disclosure without consent on a ground of policy §2 (privacy officer).',
  })
  recordDisclosure(
    @Arg('input', () => RecordDisclosureInput, { description: 'The ground, recipient, customer, categories and expiry.' })
    input: RecordDisclosureInput,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<Disclosure> {
    return this.disclosureService.record(input, actorOf(officer));
  }

  @Mutation(() => Disclosure, { nullable: true, description: 'Ends a disclosure from the next request on (privacy officer).' })
  revokeDisclosure(@Arg('id', () => UUIDScalar, { description: 'The disclosure to revoke.' }) id: string): Promise<Disclosure> {
    return this.disclosureService.revoke(id);
  }

  @FieldResolver(() => Processor, { nullable: true })
  recipient(@Root() disclosure: Disclosure, @Ctx() { loaders }: Context): Promise<Processor | null> {
    return loaders.processorById.load(disclosure.processorId);
  }
}
