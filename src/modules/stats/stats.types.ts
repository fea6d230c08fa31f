import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DisclosureGround } from '../disclosures/disclosure.entity';
import { PurposeCodeEnum } from '../purposes/purpose-code.enum';
import type { PurposeCode } from '../../policy/purposes';
import { PrivacyRequestStatus, PrivacyRequestType } from '../requests/privacy-request.enums';

@ObjectType({ description: 'A count of people, or null when it is 1 to k-1 and would single people out.' })
export class SafeCount {
  @Field(() => Int, { nullable: true, description: 'The count (0 means nobody); null when suppressed.' })
  value: number | null;

  @Field(() => Boolean, { description: 'True when the count was withheld because it is between 1 and k-1.' })
  suppressed: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was suppressed.' })
  reason?: string | null;
}

@ObjectType({ description: 'Consents (policy §2) for one purpose and recipient at the end of one month.' })
export class ConsentRateRow {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month: string;

  @Field(() => PurposeCodeEnum, { description: 'The purpose of policy §1 consented to.' })
  purpose: PurposeCode;

  @Field(() => String, { description: 'The recipient processor, or "Allprint" for the company itself.' })
  recipient: string;

  @Field(() => SafeCount, { description: 'Customers with the consent in force at the end of the month.' })
  granted: SafeCount;

  @Field(() => SafeCount, { description: 'Withdrawals during the month.' })
  withdrawn: SafeCount;

  @Field(() => Int, { description: 'Customers held at the end of the month.' })
  customers: number;

  @Field(() => Float, { nullable: true, description: 'granted / customers; null when either side would single people out.' })
  rate: number | null;
}

@ObjectType({ description: 'Privacy requests of one type and status (policy §5).' })
export class RequestStatsRow {
  @Field(() => PrivacyRequestType, { description: 'Access, rectification or erasure.' })
  type: PrivacyRequestType;

  @Field(() => PrivacyRequestStatus, { description: 'The status the requests are in now.' })
  status: PrivacyRequestStatus;

  @Field(() => SafeCount, { description: 'Requests of this type and status submitted in the window.' })
  count: SafeCount;

  @Field(() => SafeCount, { description: 'Open and past their due date.' })
  overdue: SafeCount;

  @Field(() => Float, { nullable: true, description: 'Median hours from submission to closing (closed requests; null when suppressed).' })
  medianHoursToClose: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile of the hours to closing.' })
  p95HoursToClose: number | null;
}

@ObjectType({ description: 'Disclosures without consent on one ground (policy §2), recorded in the window.' })
export class DisclosureStatsRow {
  @Field(() => DisclosureGround, { description: 'The ground of policy §2.' })
  ground: DisclosureGround;

  @Field(() => SafeCount, { description: 'Distinct customers whose data was disclosed on this ground.' })
  count: SafeCount;
}

@ObjectType({ description: 'Reads of personal fields by one processor for one purpose, from the audit log (policy §3).' })
export class FieldReadStatsRow {
  @Field(() => String, { description: 'The processor, or "privacy officer".' })
  reader: string;

  @Field(() => PurposeCodeEnum, {
    nullable: true,
    description: 'The purpose of policy §1 the reads were for; null when the reads named none (usually the privacy officer).',
  })
  purpose: PurposeCode | null;

  @Field(() => SafeCount, { description: 'Distinct customers whose data was read.' })
  customers: SafeCount;

  @Field(() => Int, { nullable: true, description: 'Fields read in all; null when the customers count is suppressed.' })
  fieldReads: number | null;
}

@ObjectType({ description: 'Privacy-safe aggregates for analysts: no group of fewer than k people is shown.' })
export class Stats {
  @Field(() => Int, { description: 'The k of k-anonymity these figures respect.' })
  k: number;

  @Field(() => [ConsentRateRow], { description: 'Per month, purpose and recipient.' })
  consentRates: ConsentRateRow[];

  @Field(() => [RequestStatsRow], { description: 'Requests submitted in the window, by type and status.' })
  privacyRequests: RequestStatsRow[];

  @Field(() => [DisclosureStatsRow], {
    description: 'Disclosures without consent recorded in the window, one row per ground of policy §2.',
  })
  disclosuresByGround: DisclosureStatsRow[];

  @Field(() => [FieldReadStatsRow], { description: 'Personal-field reads in the window, by reader and purpose.' })
  personalFieldReads: FieldReadStatsRow[];
}
