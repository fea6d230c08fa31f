import { Field, ObjectType } from 'type-graphql';
import { ProcessorToken } from './processor-token.entity';

@ObjectType({ description: 'A newly issued token. `token` is shown this once and cannot be read again.' })
export class IssuedProcessorToken {
  @Field(() => String, { description: 'The signed token (a JWT) for the partner to send as a Bearer token; shown only now.' })
  token: string;

  @Field(() => ProcessorToken, { description: 'What is kept about the token: its id, purposes and lifetime.' })
  record: ProcessorToken;
}
