import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Locale } from '../../common/locale';
import { EmailAddressScalar, LocalDateScalar, PhoneNumberScalar } from '../../common/scalars';
import { AuditEvent } from '../audit/audit-event.entity';
import { RefusedRead } from '../refusals/refused-read.entity';
import { Consent } from '../consents/consent.entity';
import { Disclosure } from '../disclosures/disclosure.entity';
import { PrivacyRequest } from '../requests/privacy-request.entity';
import { Address } from './address.types';
import { NotPersonal, Personal } from '../../policy/personal';

@ObjectType({
  description:
    'A customer of Allprint. Fields marked @personal hold personal data: each resolves only for a principal the policy allows, and comes back null with an error otherwise.',
})
@Entity('customer')
export class Customer {
  @NotPersonal()
  @Field(() => ID, { description: 'Stable identifier of the customer record (a UUID).' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @NotPersonal()
  @Field(() => GraphQLDateTime, { description: 'When the customer record was created.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @NotPersonal()
  @Field(() => GraphQLDateTime, { description: 'When the customer record last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @NotPersonal()
  @Field(() => Locale, { description: 'The language the customer reads the policy in.' })
  @Column({ type: 'text' })
  locale: Locale;

  @NotPersonal()
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the personal data was erased on request (policy §5); null while it is held.',
  })
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Personal('contact.email')
  @Field(() => EmailAddressScalar, {
    nullable: true,
    description: 'Email address, confirmed with the code sent to it; null until a new customer confirms one.',
  })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  // Read by the customer themself and the privacy officer only (src/policy/permissions.ts): until its code is
  // confirmed it is not known to be the customer's, and it may be another person's.
  @Personal('contact.email')
  @Field(() => EmailAddressScalar, {
    nullable: true,
    description: 'A new email address waiting for the one-time code sent to it (confirmMyEmail), as it was given; null when none waits.',
  })
  pendingEmail?: string | null;

  @Personal('contact.phone')
  @Field(() => PhoneNumberScalar, { nullable: true, description: 'Phone number in E.164 form.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Personal('identity.name')
  @Field(() => String, { nullable: true, description: 'Full name.' })
  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  @Personal('identity.date_of_birth')
  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of birth.' })
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Personal('location.address')
  @Field(() => Address, { nullable: true, description: 'Postal address.' })
  get address(): Address | null {
    const address = {
      street: this.addressStreet,
      city: this.addressCity,
      postalCode: this.addressPostalCode,
      country: this.addressCountry,
    };
    return Object.values(address).every((part) => part === null) ? null : address;
  }

  @NotPersonal()
  @Field(() => [Consent], {
    nullable: true,
    description: "The customer's consents, one per purpose and recipient, in their current state.",
  })
  consents: Consent[];

  @NotPersonal()
  @Field(() => [Disclosure], {
    nullable: true,
    description: "Disclosures of this customer's data without consent (policy §2); the customer sees those not hidden on their ground.",
  })
  disclosures: Disclosure[];

  @NotPersonal()
  @Field(() => [AuditEvent], {
    nullable: true,
    description: "Who read this customer's personal data, when, for which purpose and on which basis; newest first.",
  })
  accessLog: AuditEvent[];

  @NotPersonal()
  @Field(() => [RefusedRead], {
    nullable: true,
    description: "Reads of this customer's personal data that the policy refused to a recipient (nothing was returned); newest first.",
  })
  refusedReads: RefusedRead[];

  @NotPersonal()
  @Field(() => [PrivacyRequest], {
    nullable: true,
    description: "Requests to see, correct or delete this customer's data, newest first, with status, due date and outcome.",
  })
  privacyRequests: PrivacyRequest[];

  /** The customer's id in the company's existing systems, which makes imports idempotent. Not exposed. */
  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef: string | null;

  // Stored flat, one column per part; read through `address`.
  @Column({ name: 'address_street', type: 'text', nullable: true })
  addressStreet: string | null;

  @Column({ name: 'address_city', type: 'text', nullable: true })
  addressCity: string | null;

  @Column({ name: 'address_postal_code', type: 'text', nullable: true })
  addressPostalCode: string | null;

  @Column({ name: 'address_country', type: 'text', nullable: true })
  addressCountry: string | null;

  /** The consents a page read along with the customer, for its own selection (see CustomerPrefetch). */
  prefetchedConsents?: Consent[];
}
