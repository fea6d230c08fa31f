import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, MaxLength } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { CountryCodeScalar } from '../../common/scalars';
import { IsNotBlank } from '../../common/validators';
import { DATA_CATEGORY_KEYS } from '../../policy/data-categories';
import { PURPOSE_CODES, type PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';
import { ProcessorKind } from './processor.enums';

@InputType({ description: 'A new affiliate or third party (policy §2). It starts untrusted: trust is granted separately.' })
export class RegisterProcessorInput {
  @Field(() => String, {
    description: 'Name, at most 200 characters; one another processor has (case-insensitively) is PROCESSOR_NAME_TAKEN.',
  })
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @Field(() => ProcessorKind, { description: 'Affiliate or third party.' })
  kind: ProcessorKind;

  @Field(() => CountryCodeScalar, { description: 'Country of establishment, ISO 3166-1 alpha-2, stored in capitals.' })
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

  @Field(() => [String], { nullable: true, description: 'Data categories it may receive, e.g. contact.email; none when omitted.' })
  @IsOptional()
  @ArrayUnique()
  @IsIn(DATA_CATEGORY_KEYS, { each: true })
  permittedCategories?: string[] | null;
}

@InputType({ description: 'Changes to a processor (policy §2); omitted fields are left as they are.' })
export class UpdateProcessorInput {
  @Field(() => String, { nullable: true, description: 'New name, at most 200 characters, unique case-insensitively.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'New country of establishment, ISO 3166-1 alpha-2, stored in capitals.' })
  country?: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Null records that the agreement no longer holds.' })
  agreementAcceptedAt?: Date | null;

  @Field(() => [PurposeCodeEnum], { nullable: true, description: 'Replaces the whole list.' })
  @IsOptional()
  @ArrayUnique()
  allowedPurposes?: PurposeCode[];

  @Field(() => [String], { nullable: true, description: 'Replaces the whole list of data categories it may receive.' })
  @IsOptional()
  @ArrayUnique()
  @IsIn(DATA_CATEGORY_KEYS, { each: true })
  permittedCategories?: string[];

  @Field(() => Boolean, { nullable: true, description: 'An inactive processor receives nothing.' })
  active?: boolean;
}
