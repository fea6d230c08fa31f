import { REFUSED_READS_LIMIT } from '../refusals/refused-read.loaders';
import { RefusedRead } from '../refusals/refused-read.entity';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { cursorScope } from '../../common/cursor-seal';
import { pageRequest } from '../../common/pagination';
import { EmailAddressScalar, UUIDScalar } from '../../common/scalars';
import { fieldsAt } from '../../common/selection';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { Principal, PrincipalOf } from '../../auth/principal';
import type { Context } from '../../context';
import { customerVisibility } from '../../policy/visibility/customers';
import { disclosureView, isVisibleDisclosure } from '../../policy/visibility/disclosures';
import { AuditEvent } from '../audit/audit-event.entity';
import { ACCESS_LOG_LIMIT } from '../audit/audit.loaders';
import { Disclosure } from '../disclosures/disclosure.entity';
import { PrivacyRequest } from '../requests/privacy-request.entity';
import { Consent } from '../consents/consent.entity';
import { CustomersArgs } from './customer.args';
import { CustomerConnection } from './customer.connection';
import { Customer } from './customer.entity';
import { UpdateProfileInput } from './customer.input';
import { customerPageOrder, type CustomerService } from './customer.service';
import type { ProfileService } from './profile.service';
import { recordFilterReads } from './record-filter-reads';

// Who may call each operation is decided in src/policy/permissions.ts; here only what is returned.
@Resolver(() => Customer)
export class CustomerResolver {
  constructor(
    private readonly customerService: CustomerService,
    private readonly profiles: ProfileService,
  ) {}

  @Query(() => Customer, { nullable: true, description: 'The signed-in customer (customer token).' })
  me(@CurrentPrincipal() principal: PrincipalOf<'customer'>, @Ctx() { loaders }: Context): Promise<Customer | null> {
    return loaders.customerById.load(principal.customerId);
  }

  @Query(() => Customer, {
    nullable: true,
    description: 'One customer, or null when it does not exist or is not visible to the caller (the two are not told apart).',
  })
  customer(
    @Arg('id', () => UUIDScalar, { description: 'The customer id.' }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Ctx() { loaders }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Customer | null> {
    const along = { loaders, fields: fieldsAt(info, []), consentFields: fieldsAt(info, ['consents']) };
    return this.customerService.findVisibleById(customerVisibility(principal), id, along);
  }

  @Query(() => CustomerConnection, {
    nullable: true,
    description: 'Customers visible to the caller, oldest first unless `orderBy` says otherwise.',
  })
  @UseMiddleware(recordFilterReads)
  async customers(
    @Args(() => CustomersArgs) args: CustomersArgs,
    @CurrentPrincipal() principal: Principal,
    @Ctx() { loaders, cursorSeal }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const visibility = customerVisibility(principal);
    const { field, direction } = customerPageOrder(args);
    const cursors = cursorSeal.for({ list: 'Query.customers', scope: cursorScope(visibility), order: `${field} ${direction}` });
    // Opened before anything is read: a cursor not issued for this caller and order is refused whatever id it holds.
    const request = pageRequest(args, cursors);
    const along = { loaders, fields: fieldsAt(info, ['edges', 'node']), consentFields: fieldsAt(info, ['edges', 'node', 'consents']) };
    return CustomerConnection.fromPage(await this.customerService.page(visibility, args, along, request), cursors);
  }

  @Mutation(() => Customer, {
    nullable: true,
    description:
      "Changes the signed-in customer's own profile (policy §4). A new email address is sent a one-time code and shows as " +
      '`pendingEmail` until confirmMyEmail; the answer is the same whoever holds the address.',
  })
  updateMyProfile(
    @Arg('input', () => UpdateProfileInput, { description: 'The fields to change; omitted ones are kept.' }) input: UpdateProfileInput,
    @CurrentPrincipal() principal: PrincipalOf<'customer'>,
  ): Promise<Customer> {
    return this.profiles.update(principal.customerId, input);
  }

  @Mutation(() => Customer, {
    nullable: true,
    description:
      'Makes the address waiting (`pendingEmail`) the email, with the code sent to it. A wrong code is VERIFICATION_CODE_INVALID ' +
      '(with attemptsLeft), the last allowed VERIFICATION_EXHAUSTED, a lapsed one VERIFICATION_EXPIRED, an address another customer ' +
      'confirmed first EMAIL_TAKEN, none waiting EMAIL_NOT_PENDING.',
  })
  confirmMyEmail(
    @Arg('code', () => String, { description: 'The six-digit code sent to the new address.' }) code: string,
    @CurrentPrincipal() principal: PrincipalOf<'customer'>,
  ): Promise<Customer> {
    return this.profiles.confirmEmail(principal.customerId, code);
  }

  @FieldResolver(() => EmailAddressScalar, { nullable: true })
  pendingEmail(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<string | null> {
    return loaders.pendingEmailByCustomerId.load(customer.id);
  }

  @FieldResolver(() => [Consent], { nullable: true })
  consents(@Root() customer: Customer, @Ctx() { loaders }: Context): Consent[] | Promise<Consent[]> {
    return customer.prefetchedConsents ?? loaders.consentsByCustomerId.load(customer.id);
  }

  @FieldResolver(() => [Disclosure], { nullable: true })
  async disclosures(@Root() customer: Customer, @Ctx() { loaders, principal }: Context): Promise<Disclosure[]> {
    const view = disclosureView(principal);
    const disclosures = await loaders.disclosuresByCustomerId.load(customer.id);
    return disclosures.filter((disclosure) => isVisibleDisclosure(view, disclosure));
  }

  @FieldResolver(() => [PrivacyRequest], { nullable: true })
  privacyRequests(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<PrivacyRequest[]> {
    return loaders.requestsByCustomerId.load(customer.id);
  }

  @FieldResolver(() => [AuditEvent], { nullable: true })
  async accessLog(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${ACCESS_LOG_LIMIT}.` }) first: number,
    @Ctx() { loaders, principal }: Context,
  ): Promise<AuditEvent[]> {
    const reads = await loaders.recentReadsByCustomerId[disclosureView(principal)].load(customer.id);
    return reads.slice(0, Math.max(0, Math.min(first, ACCESS_LOG_LIMIT)));
  }

  @FieldResolver(() => [RefusedRead], { nullable: true })
  async refusedReads(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${REFUSED_READS_LIMIT}.` }) first: number,
    @Ctx() { loaders, principal }: Context,
  ): Promise<RefusedRead[]> {
    const refused = await loaders.refusedReadsByCustomerId[disclosureView(principal)].load(customer.id);
    return refused.slice(0, Math.max(0, Math.min(first, REFUSED_READS_LIMIT)));
  }
}
