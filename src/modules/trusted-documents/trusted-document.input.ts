import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { UUIDScalar } from '../../common/scalars';
import { IsNotBlank } from '../../common/validators';

/** Far above any operation a partner needs, far below the 1 MB body limit. */
export const MAX_TRUSTED_DOCUMENT_LENGTH = 100_000;

@InputType({ description: 'An operation to allow for a processor, as the exact text its requests will carry.' })
export class RegisterTrustedDocumentInput {
  @Field(() => UUIDScalar, { description: 'The processor the document is for.' })
  processorId: string;

  @Field(() => String, {
    description:
      'The document text, byte for byte as the partner will send it: it must parse, validate against the schema and hold ' +
      `exactly one operation (fragments allowed); at most ${MAX_TRUSTED_DOCUMENT_LENGTH} characters.`,
  })
  @IsNotBlank()
  @MaxLength(MAX_TRUSTED_DOCUMENT_LENGTH)
  document: string;

  @Field(() => String, { nullable: true, description: "A name for the officer's list, at most 200 characters." })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  name?: string | null;
}
