import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { PrivacyRequestStatus, PrivacyRequestType } from './privacy-request.enums';

@ArgsType()
export class PrivacyRequestsArgs extends PageArgs {
  @Field(() => PrivacyRequestStatus, { nullable: true, description: 'Only requests in this status.' })
  status?: PrivacyRequestStatus | null;

  @Field(() => PrivacyRequestType, { nullable: true, description: 'Only requests of this type.' })
  type?: PrivacyRequestType | null;

  @Field(() => Boolean, { nullable: true, description: 'Only open requests past their due date (true), or only the others (false).' })
  overdue?: boolean | null;
}
