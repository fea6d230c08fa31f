import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { UUIDScalar } from '../../common/scalars';
import type { PurposeCode } from '../../policy/purposes';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';
import { ConsentSource, ConsentStatus } from './consent.enums';

@ArgsType()
export class ConsentTargetArgs {
  @Field(() => PurposeCodeEnum, { description: 'The purpose of policy §1 the consent is for.' })
  purpose: PurposeCode;

  @Field(() => UUIDScalar, { nullable: true, description: 'The recipient; omit for consent to the company itself.' })
  processorId?: string | null;
}

@ObjectType({ description: 'The state of one consent at a past moment, reconstructed from its history.' })
export class ConsentSnapshot {
  @Field(() => ID, { description: 'The consent this is a past state of.' })
  consentId: string;

  purposeCode: PurposeCode;

  processorId: string | null;

  @Field(() => Purpose, { description: 'The purpose consented to (policy §1).' })
  purpose: Purpose;

  @Field(() => Processor, { nullable: true, description: 'The recipient; null when the consent is to the company itself.' })
  recipient: Processor | null;

  @Field(() => ConsentStatus, { description: 'Whether the consent was in force at that moment.' })
  status: ConsentStatus;

  @Field(() => GraphQLDateTime, { description: 'Since when it had that status.' })
  since: Date;

  @Field(() => ConsentSource, { description: 'How that status was given.' })
  source: ConsentSource;

  @Field(() => String, { description: 'Version of the policy text the customer had been shown.' })
  policyVersion: string;
}
