import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { purposeOf } from '../purposes/purpose-vocabulary';
import { RefusedRead } from './refused-read.entity';

@Resolver(() => RefusedRead)
export class RefusedReadResolver {
  @FieldResolver(() => Processor, { nullable: true, description: 'The recipient that was refused.' })
  processor(@Root() refused: RefusedRead, @Ctx() { loaders }: Context): Promise<Processor | null> {
    return loaders.processorById.load(refused.processorId);
  }

  @FieldResolver(() => Purpose, { nullable: true, description: 'The purpose its request was made for; null when it named none.' })
  purpose(@Root() refused: RefusedRead): Purpose | null {
    return refused.purposeCode === null ? null : purposeOf(refused.purposeCode);
  }
}
