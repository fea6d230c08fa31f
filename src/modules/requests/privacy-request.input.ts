import { IsIn, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLUUID } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsNotBlank } from '../../common/validators';
import { UpdateProfileInput } from '../customers/customer.input';
import { PrivacyRequestType, RefusalReason } from './privacy-request.enums';
import { DEFAULT_SERVICE, REQUEST_PROCEDURES } from './request-procedures';

const SERVICES = REQUEST_PROCEDURES.map((procedure) => procedure.service);

@InputType({ description: 'A request from the personal cabinet (policy §5).' })
export class SubmitPrivacyRequestInput {
  @Field(() => PrivacyRequestType)
  type: PrivacyRequestType;

  @Field(() => String, { defaultValue: DEFAULT_SERVICE, description: 'The service whose procedure applies (see requestProcedures).' })
  @IsIn(SERVICES)
  service: string = DEFAULT_SERVICE;

  @Field(() => UpdateProfileInput, { nullable: true, description: 'For RECTIFICATION: the corrections, validated like a profile update.' })
  @IsOptional()
  @ValidateNested()
  changes?: UpdateProfileInput | null;
}

@InputType({ description: 'A request a staff member takes on the phone, having verified the caller.' })
export class AssistedPrivacyRequestInput extends SubmitPrivacyRequestInput {
  @Field(() => GraphQLUUID)
  customerId: string;

  @Field(() => String, { description: 'How the identity and ownership were verified, e.g. "security questions and callback".' })
  @IsNotBlank()
  @MaxLength(500)
  identityCheck: string;
}

@InputType()
export class RefusalInput {
  @Field(() => RefusalReason)
  reason: RefusalReason;

  @Field(() => String, { description: 'Written for the customer, who reads it.' })
  @IsNotBlank()
  @MaxLength(2000)
  justification: string;
}

@InputType()
export class FeeInput {
  @Field(() => String, { description: 'Decimal amount, e.g. "15.00".' })
  @Matches(/^(?!0+(\.0+)?$)\d{1,10}(\.\d{1,2})?$/, { message: 'amount must be a positive decimal with at most two decimals' })
  amount: string;

  @Field(() => String, { defaultValue: 'AZN', description: 'ISO 4217 code.' })
  @Matches(/^[A-Z]{3}$/)
  currency: string = 'AZN';

  @Field(() => String, { description: 'Why the request takes excessive effort.' })
  @IsNotBlank()
  @MaxLength(2000)
  justification: string;
}

@InputType()
export class DeadlineExtensionInput {
  @Field(() => Int, { description: 'Days to add, 1 to 60.' })
  @Min(1)
  @Max(60)
  days: number;

  @Field(() => String)
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

@ObjectType({ description: 'The result of an access request: what is held about the customer.' })
export class AccessExport {
  @Field(() => ID)
  requestId: string;

  @Field(() => GraphQLJSONObject, { description: 'Machine-readable: profile, consents with history, recipients, disclosures, requests, access log.' })
  document: Record<string, unknown>;

  @Field(() => String, { description: 'The same, for a person to read.' })
  readable: string;

  @Field(() => String, { description: 'Until when it can be downloaded (ISO 8601).' })
  expiresAt: string;
}

@ObjectType({ description: 'How a service handles privacy requests.' })
export class RequestProcedureInfo {
  @Field(() => String)
  service: string;

  @Field(() => String)
  description: string;

  @Field(() => Int)
  deadlineDays: number;
}
