import { IsIn, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { UUIDScalar } from '../../common/scalars';
import { IsNotBlank } from '../../common/validators';
import { UpdateProfileInput } from '../customers/customer.input';
import { PrivacyRequestType, RefusalReason } from './privacy-request.enums';
import { DEFAULT_SERVICE, REQUEST_PROCEDURES } from './request-procedures';

const SERVICES = REQUEST_PROCEDURES.map((procedure) => procedure.service);

@InputType({ description: 'A request from the personal cabinet (policy §5).' })
export class SubmitPrivacyRequestInput {
  @Field(() => PrivacyRequestType, { description: 'Access, rectification or erasure.' })
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
  @Field(() => UUIDScalar, { description: 'The caller, as a customer id.' })
  customerId: string;

  @Field(() => String, { description: 'How the identity and ownership were verified, e.g. "security questions and callback".' })
  @IsNotBlank()
  @MaxLength(500)
  identityCheck: string;
}

@InputType({ description: 'Why a request is refused (policy §5).' })
export class RefusalInput {
  @Field(() => RefusalReason, {
    description: 'The ground of policy §5; REPETITIVE only where the system proposes it, IDENTITY_NOT_VERIFIED never (the system sets it).',
  })
  reason: RefusalReason;

  @Field(() => String, { description: 'Written for the customer, who reads it.' })
  @IsNotBlank()
  @MaxLength(2000)
  justification: string;
}

@InputType({ description: 'A fee for a request that takes excessive effort (policy §5); access and correction only.' })
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

@InputType({ description: "A one-time extension of a request's deadline (privacy officer)." })
export class DeadlineExtensionInput {
  @Field(() => Int, { description: 'Days to add, 1 to 60.' })
  @Min(1)
  @Max(60)
  days: number;

  @Field(() => String, { description: 'Why more time is needed; recorded in the request history.' })
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}
