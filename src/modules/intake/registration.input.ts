import { ArrayMaxSize, ArrayUnique, IsDefined, IsOptional, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { Locale } from '../../common/locale';
import { EmailAddressScalar, UUIDScalar } from '../../common/scalars';
import { IsNotBlank } from '../../common/validators';
import { Personal } from '../../policy/personal';
import type { PurposeCode } from '../../policy/purposes';
import { UpdateProfileInput } from '../customers/customer.input';
import { MAX_CONSENTS_AT_SIGN_UP, PROFILE_MAX_LENGTH } from '../customers/profile-rules';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';

export enum SignUpChannel {
  WEB = 'WEB',
  MOBILE_APP = 'MOBILE_APP',
  IN_STORE = 'IN_STORE',
  CALL_CENTER = 'CALL_CENTER',
}

registerEnumType(SignUpChannel, {
  name: 'SignUpChannel',
  description: 'Where the person signed up and gave their consents.',
  valuesConfig: {
    WEB: { description: 'The website.' },
    MOBILE_APP: { description: 'The mobile app.' },
    IN_STORE: { description: 'In a store, with staff.' },
    CALL_CENTER: { description: 'On the phone with the call center.' },
  },
});

@InputType({ description: 'The evidence of the consents ticked at sign-up (policy §2): the policy text shown, its language, when, where.' })
export class ConsentEvidenceInput {
  @Field(() => String, { description: 'Version of the policy text shown, e.g. 2024-01.' })
  @IsNotBlank()
  @MaxLength(PROFILE_MAX_LENGTH.policyVersion)
  policyVersion: string;

  @Field(() => Locale, { description: 'The language the policy text was shown in.' })
  language: Locale;

  @Field(() => GraphQLDateTime, { description: 'When it was shown and the boxes ticked.' })
  shownAt: Date;

  @Field(() => SignUpChannel, { description: 'Where the policy was shown and the consents given.' })
  channel: SignUpChannel;
}

@InputType({ description: 'A consent ticked at sign-up (policy §2).' })
export class SignUpConsentInput {
  @Field(() => PurposeCodeEnum, { description: 'The purpose of policy §1 consented to.' })
  purpose: PurposeCode;

  @Field(() => UUIDScalar, { nullable: true, description: 'The recipient; omit for consent to the company itself.' })
  processorId?: string | null;
}

/** A new customer from the sign-up backend: the profile fields validated as a profile update, email and name required. */
@InputType({
  description:
    'A new customer from the sign-up backend: the profile (validated like a profile update), ' +
    'the consents ticked and their evidence (policy §2).',
})
export class RegisterCustomerInput extends UpdateProfileInput {
  // The scalar bounds it (254 characters) and checks its form.
  @Personal('contact.email')
  @Field(() => EmailAddressScalar, {
    description:
      'Email address: the customer is created without one, and this address becomes theirs once the code sent to it is confirmed ' +
      '(confirmMyEmail). An address another customer holds is answered the same, its holder told instead.',
  })
  declare email: string;

  // Checked by the profile update's rules: class-validator drops a property's inherited checks once a subclass declares
  // one of its own, so none is declared here.
  @Personal('identity.name')
  @Field(() => String, { description: `Full name, at most ${PROFILE_MAX_LENGTH.fullName} characters.` })
  declare fullName: string;

  @Field(() => Locale, { nullable: true, description: 'The language the customer reads the policy in; AZ when omitted.' })
  declare locale?: Locale;

  @Field(() => String, { nullable: true, description: "The person's id in the company's other systems, if any." })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(PROFILE_MAX_LENGTH.externalRef)
  externalRef?: string | null;

  @Field(() => [SignUpConsentInput], { nullable: true, description: 'The consents the person ticked; none when omitted.' })
  @IsOptional()
  @ArrayMaxSize(MAX_CONSENTS_AT_SIGN_UP)
  @ArrayUnique((consent: SignUpConsentInput) => `${consent.purpose}|${consent.processorId ?? ''}`, {
    message: 'each consent (purpose and recipient) may be given once',
  })
  @ValidateNested()
  consents?: SignUpConsentInput[] | null;

  @Field(() => ConsentEvidenceInput, { nullable: true, description: 'Required when consents are given.' })
  @ValidateIf((input: RegisterCustomerInput) => (input.consents?.length ?? 0) > 0)
  // IsDefined, because type-graphql skips the other checks on a missing value.
  @IsDefined({ message: 'evidence is required when consents are given' })
  @ValidateNested()
  evidence?: ConsentEvidenceInput | null;
}
