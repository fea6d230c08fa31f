import { IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { GraphQLCountryCode, GraphQLEmailAddress, GraphQLLocalDate, GraphQLPhoneNumber } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { Locale } from '../../common/locale';
import { IsNotBlank, IsPastLocalDate } from '../../common/validators';

@InputType({ description: 'A postal address. Every part is replaced; omit the whole `address` to keep it.' })
export class AddressInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  street?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(100)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Letters, digits, spaces and dashes, 2 to 12 characters.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/)
  postalCode?: string | null;

  @Field(() => GraphQLCountryCode, { nullable: true })
  country?: string | null;
}

/**
 * The customer's own changes to their profile (policy §4: users keep their data current themselves).
 * An omitted field is left as it is; `null` clears it, except `email`, which a held customer always has.
 */
@InputType()
export class UpdateProfileInput {
  @Field(() => GraphQLEmailAddress, { nullable: true })
  @MaxLength(254)
  @IsOptional()
  email?: string | null;

  // The scalar accepts spaced national forms; the stored form is strict E.164, as the database checks.
  @Field(() => GraphQLPhoneNumber, { nullable: true, description: 'E.164, e.g. +994501234567.' })
  @IsOptional()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be in E.164 form, e.g. +994501234567' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200)
  fullName?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @IsOptional()
  @IsPastLocalDate('1900-01-02')
  dateOfBirth?: string | null;

  @Field(() => Locale, { nullable: true })
  locale?: Locale;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput | null;
}
