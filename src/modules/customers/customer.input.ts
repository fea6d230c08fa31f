import { IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { Locale } from '../../common/locale';
import { CountryCodeScalar, EmailAddressScalar, LocalDateScalar, PhoneNumberScalar } from '../../common/scalars';
import { IsNotBlank, IsPastLocalDate } from '../../common/validators';
import { Personal } from '../../policy/personal';
import { EARLIEST_DATE_OF_BIRTH, POSTAL_CODE_PATTERN, PROFILE_MAX_LENGTH } from './profile-rules';

@InputType({ description: 'A postal address. Every part is replaced; omit the whole `address` to keep it.' })
export class AddressInput {
  @Personal('location.address')
  @Field(() => String, { nullable: true, description: `Street and house, at most ${PROFILE_MAX_LENGTH.street} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(PROFILE_MAX_LENGTH.street)
  street?: string | null;

  @Personal('location.address')
  @Field(() => String, { nullable: true, description: `City or town, at most ${PROFILE_MAX_LENGTH.city} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(PROFILE_MAX_LENGTH.city)
  city?: string | null;

  @Personal('location.address')
  @Field(() => String, {
    nullable: true,
    description: 'Letters, digits, spaces and dashes, 2 to 12 characters.',
  })
  @IsOptional()
  @Matches(POSTAL_CODE_PATTERN)
  postalCode?: string | null;

  @Personal('location.address')
  @Field(() => CountryCodeScalar, { nullable: true, description: 'Country, ISO 3166-1 alpha-2, stored in capitals.' })
  country?: string | null;
}

/**
 * The customer's own changes to their profile (policy §4: users keep their data current themselves).
 * An omitted field is left as it is; `null` clears it, except `email`, which is only ever replaced by a confirmed one.
 */
@InputType({
  description:
    'Changes to a profile (policy §4: customers keep their data current themselves). ' + 'An omitted field is kept; null clears it, except email.',
})
export class UpdateProfileInput {
  // The scalar bounds it (254 characters) and checks its form.
  @Personal('contact.email')
  @Field(() => EmailAddressScalar, {
    nullable: true,
    description:
      'New email address; cannot be cleared. Another address than the current one becomes the email only once the code sent to it is confirmed ' +
      '(see Customer.pendingEmail); the same one in other letter case is set at once.',
  })
  @IsOptional()
  email?: string | null;

  // The scalar refuses anything but strict E.164, the form the database checks.
  @Personal('contact.phone')
  @Field(() => PhoneNumberScalar, { nullable: true, description: 'Phone number in E.164, e.g. +994501234567.' })
  phone?: string | null;

  @Personal('identity.name')
  @Field(() => String, { nullable: true, description: `Full name, at most ${PROFILE_MAX_LENGTH.fullName} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(PROFILE_MAX_LENGTH.fullName)
  fullName?: string | null;

  @Personal('identity.date_of_birth')
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: `Date of birth, before today and not before ${EARLIEST_DATE_OF_BIRTH}.`,
  })
  @IsOptional()
  @IsPastLocalDate(EARLIEST_DATE_OF_BIRTH)
  dateOfBirth?: string | null;

  @Field(() => Locale, { nullable: true, description: 'The language the customer reads the policy in; null leaves it unchanged.' })
  locale?: Locale;

  @Personal('location.address')
  @Field(() => AddressInput, { nullable: true, description: 'Postal address, given as a whole.' })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput | null;
}
