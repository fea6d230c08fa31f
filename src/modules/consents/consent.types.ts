import { GraphQLDateTime, GraphQLUUID } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import type { PurposeCode } from '../../policy/purposes';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { PurposeCodeEnum } from '../purposes/purpose-code.enum';
import { ConsentSource, ConsentStatus } from './consent.enums';

@ArgsType()
export class ConsentTargetArgs {
  @Field(() => PurposeCodeEnum)
  purpose: PurposeCode;

  @Field(() => GraphQLUUID, { nullable: true, description: 'The recipient; omit for consent to the company itself.' })
  processorId?: string | null;
}

@ObjectType({ description: 'The state of one consent at a past moment, reconstructed from its history.' })
export class ConsentSnapshot {
  @Field(() => ID)
  consentId: string;

  purposeCode: PurposeCode;

  processorId: string | null;

  @Field(() => Purpose)
  purpose: Purpose;

  @Field(() => Processor, { nullable: true })
  recipient: Processor | null;

  @Field(() => ConsentStatus)
  status: ConsentStatus;

  @Field(() => GraphQLDateTime, { description: 'Since when it had that status.' })
  since: Date;

  @Field(() => ConsentSource)
  source: ConsentSource;

  @Field(() => String)
  policyVersion: string;
}
