import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Purpose } from './purpose.entity';

@Resolver(() => Purpose)
export class PurposeResolver {
  @Query(() => [Purpose], { description: 'The five purposes of processing of policy §1, in the policy order.' })
  purposes(@Ctx() { dataSource }: Context): Promise<Purpose[]> {
    return dataSource.getRepository(Purpose).find({ order: { policySection: 'ASC' } });
  }
}
