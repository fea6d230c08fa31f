import { ArrayMinSize, ArrayUnique, Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { UUIDScalar } from '../../common/scalars';
import type { PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';
import { MAX_PROCESSOR_TOKEN_TTL_SECONDS } from './processor-token.service';

@ArgsType()
export class IssueProcessorTokenArgs {
  @Field(() => UUIDScalar, { description: 'The processor to issue the token to.' })
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
