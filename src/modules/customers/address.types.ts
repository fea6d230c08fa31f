import { Field, ObjectType } from 'type-graphql';
import { CountryCodeScalar } from '../../common/scalars';
import { Personal } from '../../policy/personal';

/** Reachable only through `Customer.address`, whose rule guards the whole value. */
@ObjectType({ description: "A customer's postal address (personal data, category location.address)." })
export class Address {
  @Personal('location.address')
  @Field(() => String, { nullable: true, description: 'Street and house.' })
  street: string | null;

  @Personal('location.address')
  @Field(() => String, { nullable: true, description: 'City or town.' })
  city: string | null;

  @Personal('location.address')
  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode: string | null;

  @Personal('location.address')
  @Field(() => CountryCodeScalar, { nullable: true, description: 'Country, ISO 3166-1 alpha-2.' })
  country: string | null;
}
