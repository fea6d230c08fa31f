import { GraphQLCountryCode } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

/** Reachable only through `Customer.address`, whose rule guards the whole value. */
@ObjectType({ description: "A customer's postal address (personal data, category location.address)." })
export class Address {
  @Field(() => String, { nullable: true })
  street: string | null;

  @Field(() => String, { nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true })
  postalCode: string | null;

  @Field(() => GraphQLCountryCode, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country: string | null;
}
