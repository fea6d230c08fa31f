import { ArrayMinSize, ArrayUnique, Max, Min } from 'class-validator';
import { GraphQLUUID } from 'graphql-scalars';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from '../purposes/purpose-code.enum';
import { MAX_PROCESSOR_TOKEN_TTL_SECONDS } from './processor-token.service';
import { ProcessorToken } from './processor-token.entity';

@ArgsType()
export class IssueProcessorTokenArgs {
  @Field(() => GraphQLUUID, { description: 'The processor to issue the token to.' })
  processorId: string;

  @Field(() => [PurposeCodeEnum], { description: 'Each must be one the processor may be used for.' })
  @ArrayMinSize(1)
  @ArrayUnique()
  purposes: PurposeCode[];

  @Field(() => Int, { defaultValue: 3600, description: `Lifetime in seconds, at most ${MAX_PROCESSOR_TOKEN_TTL_SECONDS} (7 days).` })
  @Min(60)
  @Max(MAX_PROCESSOR_TOKEN_TTL_SECONDS)
  ttlSeconds: number = 3600;
}

@ObjectType({ description: 'A newly issued token. `token` is shown this once and cannot be read again.' })
export class IssuedProcessorToken {
  @Field(() => String, { description: 'The signed token (a JWT) for the partner to send as a Bearer token; shown only now.' })
  token: string;

  @Field(() => ProcessorToken, { description: 'What is kept about the token: its id, purposes and lifetime.' })
  record: ProcessorToken;
}
