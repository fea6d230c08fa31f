import { ArrayMaxSize, ArrayUnique, IsOptional, MaxLength } from 'class-validator';
import { GraphQLCountryCode, GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { IsNotBlank } from '../../common/validators';
import { PURPOSE_CODES, type PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from '../purposes/purpose-code.enum';
import { ProcessorKind } from './processor.enums';

@InputType({ description: 'A new affiliate or third party. It starts untrusted: trust is granted separately.' })
export class RegisterProcessorInput {
  @Field(() => String)
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @Field(() => ProcessorKind)
  kind: ProcessorKind;

  @Field(() => GraphQLCountryCode)
  country: string;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When it accepted the processing agreement; omit if it has not yet.',
  })
  agreementAcceptedAt?: Date | null;

  @Field(() => [PurposeCodeEnum], { description: 'The purposes it may ever be used for.' })
  @ArrayUnique()
  @ArrayMaxSize(PURPOSE_CODES.length)
  allowedPurposes: PurposeCode[];
}

@InputType({ description: 'Changes to a processor; omitted fields are left as they are.' })
export class UpdateProcessorInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @Field(() => GraphQLCountryCode, { nullable: true })
  country?: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Null records that the agreement no longer holds.' })
  agreementAcceptedAt?: Date | null;

  @Field(() => [PurposeCodeEnum], { nullable: true, description: 'Replaces the whole list.' })
  @IsOptional()
  @ArrayUnique()
  allowedPurposes?: PurposeCode[];

  @Field(() => Boolean, { nullable: true, description: 'An inactive processor receives nothing.' })
  active?: boolean;
}
