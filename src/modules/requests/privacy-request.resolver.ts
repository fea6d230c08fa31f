import { Args, Query, Resolver } from 'type-graphql';
import { PrivacyRequestsArgs } from './privacy-request.args';
import { PrivacyRequestConnection } from './privacy-request.connection';
import { PrivacyRequest } from './privacy-request.entity';
import type { PrivacyRequestService } from './privacy-request.service';

@Resolver(() => PrivacyRequest)
export class PrivacyRequestResolver {
  constructor(private readonly requests: PrivacyRequestService) {}

  @Query(() => PrivacyRequestConnection, { nullable: true, description: 'Privacy requests to work through (privacy officer).' })
  async privacyRequests(@Args(() => PrivacyRequestsArgs) args: PrivacyRequestsArgs) {
    return PrivacyRequestConnection.fromPage(await this.requests.page(args));
  }
}
