import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { Purpose } from '../purposes/purpose.entity';
import { purposeOf } from '../purposes/purpose-vocabulary';
import { Processor } from './processor.entity';
import { RegisterProcessorInput, UpdateProcessorInput } from './processor.input';
import type { ProcessorService } from './processor.service';

@Resolver(() => Processor)
export class ProcessorResolver {
  constructor(private readonly processorService: ProcessorService) {}

  @Query(() => [Processor], { nullable: true, description: 'Every affiliate and third party, by name.' })
  processors(): Promise<Processor[]> {
    return this.processorService.list();
  }

  @Mutation(() => Processor, { nullable: true, description: 'Registers an affiliate or third party (privacy officer).' })
  registerProcessor(
    @Arg('input', () => RegisterProcessorInput, { description: 'The new processor.' }) input: RegisterProcessorInput,
  ): Promise<Processor> {
    return this.processorService.register(input);
  }

  @Mutation(() => Processor, { nullable: true, description: 'Edits a processor (privacy officer).' })
  updateProcessor(
    @Arg('id', () => UUIDScalar, { description: 'The processor to edit.' }) id: string,
    @Arg('input', () => UpdateProcessorInput, { description: 'The changes; omitted fields are kept.' }) input: UpdateProcessorInput,
  ): Promise<Processor> {
    return this.processorService.update(id, input);
  }

  @Mutation(() => Processor, { nullable: true, description: 'Grants the specific permission to receive data (privacy officer).' })
  grantProcessorTrust(
    @Arg('id', () => UUIDScalar, { description: 'The processor to trust.' }) id: string,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<Processor> {
    return this.processorService.setTrust(id, actorOf(officer));
  }

  @Mutation(() => Processor, { nullable: true, description: 'Withdraws the specific permission; it takes effect on the next request.' })
  withdrawProcessorTrust(@Arg('id', () => UUIDScalar, { description: 'The processor to stop trusting.' }) id: string): Promise<Processor> {
    return this.processorService.setTrust(id, null);
  }

  @FieldResolver(() => [Purpose])
  async allowedPurposes(@Root() processor: Processor, @Ctx() { loaders }: Context): Promise<Purpose[]> {
    const codes = await loaders.allowedPurposeCodesByProcessorId.load(processor.id);
    return codes.map(purposeOf);
  }

  @FieldResolver(() => [String])
  permittedCategories(@Root() processor: Processor, @Ctx() { loaders }: Context): Promise<string[]> {
    return loaders.permittedCategoriesByProcessorId.load(processor.id);
  }
}
