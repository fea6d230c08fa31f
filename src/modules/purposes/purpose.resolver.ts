import { Query, Resolver } from 'type-graphql';
import { Purpose } from './purpose.entity';
import { allPurposes } from './purpose-vocabulary';

@Resolver(() => Purpose)
export class PurposeResolver {
  @Query(() => [Purpose], { description: 'The five purposes of processing of policy §1, in the policy order.' })
  purposes(): Purpose[] {
    return allPurposes();
  }
}
