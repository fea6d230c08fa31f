import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { ProcessorToken } from './processor-token.entity';
import { IssueProcessorTokenArgs } from './processor-token.args';
import { IssuedProcessorToken } from './processor-token.types';
import type { ProcessorTokenService } from './processor-token.service';

@Resolver(() => Processor)
export class ProcessorTokenResolver {
  constructor(private readonly tokenService: ProcessorTokenService) {}

  @Mutation(() => IssuedProcessorToken, { nullable: true, description: 'Issues a token to a processor (privacy officer).' })
  issueProcessorToken(
    @Args(() => IssueProcessorTokenArgs) { processorId, purposes, ttlSeconds }: IssueProcessorTokenArgs,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<IssuedProcessorToken> {
    return this.tokenService.issue(processorId, purposes, ttlSeconds, actorOf(officer));
  }

  @Mutation(() => ProcessorToken, { nullable: true, description: 'Revokes a token; it is refused from the next request on.' })
  revokeToken(
    @Arg('id', () => UUIDScalar, { description: 'The token to revoke (ProcessorToken.id).' }) id: string,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<ProcessorToken> {
    return this.tokenService.revoke(id, actorOf(officer));
  }

  @FieldResolver(() => [ProcessorToken], { nullable: true, description: 'Tokens issued to it, newest first (privacy officer).' })
  tokens(@Root() processor: Processor, @Ctx() { loaders }: Context): Promise<ProcessorToken[]> {
    return loaders.tokensByProcessorId.load(processor.id);
  }
}
