import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The result of recomputing the audit log hash chain: a check that no read was altered or removed (policy §3).' })
export class AuditChainVerification {
  @Field(() => Boolean, { description: 'True when every event matches its hash and links to the one before.' })
  intact: boolean;

  @Field(() => Int, { description: 'How many audit events were checked.' })
  checkedEvents: number;

  @Field(() => Int, { nullable: true, description: 'Chain position of the first event that does not hold.' })
  firstBrokenPosition: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Id of the first event that does not hold; null when intact or when events are missing at the end.',
  })
  firstBrokenEventId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What is wrong at the first broken link, e.g. "the content does not match its hash"; null when intact.',
  })
  problem: string | null;
}
