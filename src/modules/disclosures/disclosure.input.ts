import { ArrayMinSize, ArrayUnique, IsDefined, IsIn, MaxLength, MinDate, ValidateIf } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { UUIDScalar } from '../../common/scalars';
import { IsNotBlank } from '../../common/validators';
import { DATA_CATEGORY_KEYS } from '../../policy/data-categories';
import { DisclosureGround } from './disclosure.enums';

@InputType({ description: 'A disclosure without consent on one of the grounds of policy §2.' })
export class RecordDisclosureInput {
  @Field(() => DisclosureGround, { description: 'The ground of policy §2 the disclosure rests on.' })
  ground: DisclosureGround;

  @Field(() => String, { description: 'External reference, e.g. an order number.' })
  @IsNotBlank()
  @MaxLength(200)
  reference: string;

  @Field(() => UUIDScalar, { description: 'The recipient (a registered processor).' })
  processorId: string;

  @Field(() => UUIDScalar, { description: 'The customer whose data is disclosed.' })
  customerId: string;

  @Field(() => [String], { description: 'Data categories disclosed, e.g. contact.email or contact.' })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DATA_CATEGORY_KEYS, { each: true })
  categories: string[];

  @Field(() => String, { description: 'Why the ground applies: read by the customer unless hidden.' })
  @IsNotBlank()
  @MaxLength(2000)
  justification: string;

  @Field(() => GraphQLDateTime, { description: 'When it stops letting the recipient read; must be in the future.' })
  @MinDate(() => new Date(), { message: 'expiresAt must be in the future' })
  expiresAt: Date;

  @Field(() => Boolean, { defaultValue: false, description: 'Keep it from the customer; needs hiddenReason.' })
  hiddenFromCustomer: boolean = false;

  @Field(() => String, { nullable: true, description: 'Why the customer must not see it; required when hiddenFromCustomer.' })
  @ValidateIf((input: RecordDisclosureInput) => input.hiddenFromCustomer)
  // type-graphql validates with skipMissingProperties; IsDefined is the one check that still runs on a missing value.
  @IsDefined({ message: 'hiddenReason is required when the disclosure is hidden from the customer' })
  @IsNotBlank({ message: 'hiddenReason is required when the disclosure is hidden from the customer' })
  @MaxLength(2000)
  hiddenReason?: string | null;
}
