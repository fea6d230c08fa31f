import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DisclosureGround } from '../disclosures/disclosure.enums';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';
import type { PurposeCode } from '../../policy/purposes';
import { PrivacyRequestStatus, PrivacyRequestType } from '../requests/privacy-request.enums';

/*
 * Every row is one cell of one calendar month (UTC): the month and the row's other fields name the cell, and no
 * figure is a total over cells that are published apart. A cell with nothing in it has no row (a zero), except
 * disclosuresByGround, which lists every ground of every month.
 */

@ObjectType({ description: 'A count of people, or null when it is 1 to k-1 and would single people out.' })
export class SafeCount {
  @Field(() => Int, { nullable: true, description: 'The count (0 means nobody); null when suppressed.' })
  value: number | null;

  @Field(() => Boolean, { description: 'True when the count was withheld because it is between 1 and k-1.' })
  suppressed: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was suppressed.' })
  reason?: string | null;
}

@ObjectType({ description: 'Consents (policy §2) to one purpose and recipient granted and withdrawn during one month.' })
export class ConsentFlowRow {
  @Field(() => String, { description: 'The month, YYYY-MM (UTC).' })
  month: string;

  @Field(() => PurposeCodeEnum, { description: 'The purpose of policy §1 consented to.' })
  purpose: PurposeCode;

  @Field(() => String, { description: 'The recipient processor by its current name, or "Allprint" for the company itself.' })
  recipient: string;

  @Field(() => SafeCount, {
    description: 'Customers who granted the consent during the month (consents brought in by the bulk import are not counted).',
  })
  granted: SafeCount;

  @Field(() => SafeCount, { description: 'Customers who withdrew the consent during the month, by erasure included.' })
  withdrawn: SafeCount;
}

@ObjectType({ description: 'Privacy requests (policy §5) of one type submitted during one month.' })
export class RequestsSubmittedRow {
  @Field(() => String, { description: 'The month, YYYY-MM (UTC).' })
  month: string;

  @Field(() => PrivacyRequestType, { description: 'Access, rectification or erasure.' })
  type: PrivacyRequestType;

  @Field(() => SafeCount, { description: 'Customers who submitted one or more such requests in the month.' })
  customers: SafeCount;

  @Field(() => Int, { nullable: true, description: 'The requests they submitted; null when the customers count is suppressed.' })
  requests: number | null;
}

@ObjectType({ description: 'Privacy requests (policy §5) of one type closed with one outcome during one month.' })
export class RequestsClosedRow {
  @Field(() => String, { description: 'The month, YYYY-MM (UTC).' })
  month: string;

  @Field(() => PrivacyRequestType, { description: 'Access, rectification or erasure.' })
  type: PrivacyRequestType;

  @Field(() => PrivacyRequestStatus, { description: 'How they were closed: COMPLETED or REFUSED.' })
  outcome: PrivacyRequestStatus;

  @Field(() => SafeCount, { description: 'Customers whose request was closed so in the month.' })
  customers: SafeCount;

  @Field(() => Int, { nullable: true, description: 'The requests closed; null when the customers count is suppressed.' })
  requests: number | null;

  @Field(() => SafeCount, {
    description: 'Customers with one of these requests closed after its due date; null when they, the rest or the whole group are 1 to k-1.',
  })
  closedAfterDueDate: SafeCount;

  @Field(() => Float, { nullable: true, description: 'Median hours from submission to closing; null when the customers count is suppressed.' })
  medianHoursToClose: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile of the hours from submission to closing; null when suppressed.' })
  p95HoursToClose: number | null;
}

@ObjectType({ description: 'Disclosures without consent on one ground (policy §2) recorded during one month.' })
export class DisclosureStatsRow {
  @Field(() => String, { description: 'The month, YYYY-MM (UTC).' })
  month: string;

  @Field(() => DisclosureGround, { description: 'The ground of policy §2.' })
  ground: DisclosureGround;

  @Field(() => SafeCount, { description: 'Distinct customers with a disclosure on this ground recorded in the month.' })
  count: SafeCount;
}

@ObjectType({ description: 'Reads of personal fields by one reader for one purpose during one month, from the audit log (policy §3).' })
export class FieldReadStatsRow {
  @Field(() => String, { description: 'The month, YYYY-MM (UTC).' })
  month: string;

  @Field(() => String, { description: 'The processor by its current name, or "privacy officer".' })
  reader: string;

  @Field(() => PurposeCodeEnum, {
    nullable: true,
    description: 'The purpose of policy §1 the reads were for; null when the reads named none (usually the privacy officer).',
  })
  purpose: PurposeCode | null;

  @Field(() => SafeCount, { description: 'Distinct customers whose data was read in the month.' })
  customers: SafeCount;

  @Field(() => Int, { nullable: true, description: 'Fields read in all; null when the customers count is suppressed.' })
  fieldReads: number | null;
}

@ObjectType({
  description:
    'Privacy-safe aggregates for analysts: one row per cell of each month, no group of fewer than k people shown, ' +
    'and only months that are over, so no two answers differ by one person and no answer changes later.',
})
export class Stats {
  @Field(() => Int, { description: 'The k of k-anonymity these figures respect.' })
  k: number;

  @Field(() => [ConsentFlowRow], { description: 'Consents granted and withdrawn, per month, purpose and recipient.' })
  consentFlows: ConsentFlowRow[];

  @Field(() => [RequestsSubmittedRow], { description: 'Privacy requests submitted, per month and type.' })
  requestsSubmitted: RequestsSubmittedRow[];

  @Field(() => [RequestsClosedRow], { description: 'Privacy requests closed, per month, type and outcome, with the time they took.' })
  requestsClosed: RequestsClosedRow[];

  @Field(() => [DisclosureStatsRow], { description: 'Disclosures without consent, one row per month and ground of policy §2.' })
  disclosuresByGround: DisclosureStatsRow[];

  @Field(() => [FieldReadStatsRow], { description: 'Personal-field reads, per month, reader and purpose.' })
  personalFieldReads: FieldReadStatsRow[];
}
