import { Field, ObjectType } from 'type-graphql';
import { CountryCodeScalar } from '../../common/scalars';

/** Reachable only through `Customer.address`, whose rule guards the whole value. */
@ObjectType({ description: "A customer's postal address (personal data, category location.address)." })
export class Address {
  @Field(() => String, { nullable: true, description: 'Street and house (personal: location.address).' })
  street: string | null;

  @Field(() => String, { nullable: true, description: 'City or town (personal: location.address).' })
  city: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (personal: location.address).' })
  postalCode: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Country, ISO 3166-1 alpha-2 (personal: location.address).' })
  country: string | null;
}
