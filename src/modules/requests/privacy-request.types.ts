import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The result of an access request (policy §5): what is held about the customer; every download is audited.' })
export class AccessExport {
  @Field(() => ID, { description: 'The access request this export answers.' })
  requestId: string;

  @Field(() => GraphQLJSONObject, { description: 'Machine-readable: profile, consents with history, recipients, disclosures, requests, access log.' })
  document: Record<string, unknown>;

  @Field(() => String, { description: 'The same, for a person to read.' })
  readable: string;

  @Field(() => String, { description: 'Until when it can be downloaded (ISO 8601).' })
  expiresAt: string;
}

@ObjectType({ description: 'How a service handles privacy requests (policy §5: some services apply their own procedure).' })
export class RequestProcedureInfo {
  @Field(() => String, { description: 'The service name, as given in `service` when submitting a request.' })
  service: string;

  @Field(() => String, { description: 'The procedure in a sentence: deadline and the codes the customer confirms.' })
  description: string;

  @Field(() => Int, { description: 'Days from submission to the due date.' })
  deadlineDays: number;
}
