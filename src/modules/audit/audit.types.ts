import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The result of recomputing the audit log hash chain.' })
export class AuditChainVerification {
  @Field(() => Boolean, { description: 'True when every event matches its hash and links to the one before.' })
  intact: boolean;

  @Field(() => Int)
  checkedEvents: number;

  @Field(() => Int, { nullable: true, description: 'Chain position of the first event that does not hold.' })
  firstBrokenPosition: number | null;

  @Field(() => ID, { nullable: true })
  firstBrokenEventId: string | null;

  @Field(() => String, { nullable: true })
  problem: string | null;
}
