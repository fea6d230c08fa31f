import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { Principal, PrincipalOf } from '../../auth/principal';
import { cursorScope } from '../../common/cursor-seal';
import { pageRequest } from '../../common/pagination';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { customerVisibility } from '../../policy/visibility/customers';
import { isVisibleNotice, noticeVisibility } from '../../policy/visibility/notices';
import { Processor } from '../processors/processor.entity';
import { Notice } from './notice.entity';
import { PrivacyRequestsArgs } from './privacy-request.args';
import { PrivacyRequestConnection } from './privacy-request.connection';
import { PrivacyRequest, PrivacyRequestEvent } from './privacy-request.entity';
import { AssistedPrivacyRequestInput, DeadlineExtensionInput, FeeInput, RefusalInput, SubmitPrivacyRequestInput } from './privacy-request.input';
import { AccessExport, RequestProcedureInfo } from './privacy-request.types';
import { actorOf } from '../../auth/actor';
import { REQUEST_PAGE_ORDER, type PrivacyRequestService } from './privacy-request.service';
import type { RequestDeliveryService } from './request-delivery.service';
import { REQUEST_PROCEDURES } from './request-procedures';
import type { RequestSettings } from './request-settings';

const ID_ARG = () => UUIDScalar;
const REQUEST_ID = { description: 'The privacy request.' };

// Who may take each step is decided in src/policy/permissions.ts; the workflow's own rules live in the service.
@Resolver(() => PrivacyRequest)
export class PrivacyRequestResolver {
  constructor(
    private readonly requests: PrivacyRequestService,
    private readonly delivery: RequestDeliveryService,
    private readonly settings: RequestSettings,
  ) {}

  @Query(() => PrivacyRequestConnection, { nullable: true, description: 'Privacy requests to work through (privacy officer).' })
  async privacyRequests(
    @Args(() => PrivacyRequestsArgs) args: PrivacyRequestsArgs,
    @CurrentPrincipal() principal: Principal,
    @Ctx() { cursorSeal }: Context,
  ) {
    const scope = cursorScope(customerVisibility(principal));
    const cursors = cursorSeal.for({ list: 'Query.privacyRequests', scope, order: REQUEST_PAGE_ORDER });
    return PrivacyRequestConnection.fromPage(await this.requests.page(args, pageRequest(args, cursors)), cursors);
  }

  @Query(() => [RequestProcedureInfo], { description: 'The services with a request procedure of their own, and their deadlines.' })
  requestProcedures(): RequestProcedureInfo[] {
    return REQUEST_PROCEDURES.map(({ service, description, deadlineDays }) => ({
      service,
      description,
      deadlineDays: deadlineDays ?? this.settings.deadlineDays,
    }));
  }

  @Query(() => AccessExport, { nullable: true, description: "Downloads the export of a completed access request (the customer's own)." })
  async privacyRequestExport(
    @Arg('requestId', ID_ARG, { description: 'The completed access request to download the export of.' }) requestId: string,
    @CurrentPrincipal() customer: PrincipalOf<'customer'>,
    @Ctx() { audit }: Context,
  ): Promise<AccessExport> {
    const exported = await this.delivery.exportFor(customer.customerId, requestId);
    audit.recordExport(customer.customerId, exported.requestId);
    return {
      requestId: exported.requestId,
      document: exported.document ?? {},
      readable: exported.readable ?? '',
      expiresAt: exported.expiresAt.toISOString(),
    };
  }

  @Query(() => [Notice], { nullable: true, description: 'Rectification and erasure notices not yet confirmed (privacy officer).' })
  unconfirmedNotices(@CurrentPrincipal() principal: Principal): Promise<Notice[]> {
    return this.delivery.unconfirmedNotices(noticeVisibility(principal));
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'The signed-in customer asks to see, correct or delete their data.' })
  submitPrivacyRequest(
    @Arg('input', () => SubmitPrivacyRequestInput, { description: 'What is asked for, under which service.' })
    input: SubmitPrivacyRequestInput,
    @CurrentPrincipal() customer: PrincipalOf<'customer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.submit({ ...input, customerId: customer.customerId }, customer);
  }

  @Mutation(() => PrivacyRequest, {
    nullable: true,
    description: 'A staff member submits a request for a caller whose identity they verified (staff).',
  })
  submitPrivacyRequestForCustomer(
    @Arg('input', () => AssistedPrivacyRequestInput, { description: 'The request, the caller and how their identity was checked.' })
    input: AssistedPrivacyRequestInput,
    @CurrentPrincipal() staff: PrincipalOf<'staff'>,
  ): Promise<PrivacyRequest> {
    return this.requests.submit({ ...input, staffVerificationNote: input.identityCheck }, staff);
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Confirms the one-time code sent to the customer.' })
  verifyPrivacyRequest(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @Arg('code', () => String, { description: 'The one-time code as received; it expires and allows a few attempts.' }) code: string,
    @CurrentPrincipal() customer: PrincipalOf<'customer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.verify(customer.customerId, id, code.trim());
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'The customer accepts the fee set for excessive effort.' })
  acceptPrivacyRequestFee(@Arg('id', ID_ARG, REQUEST_ID) id: string, @CurrentPrincipal() customer: PrincipalOf<'customer'>): Promise<PrivacyRequest> {
    return this.requests.acceptFee(customer.customerId, id);
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Takes a verified request on (privacy officer).' })
  assignPrivacyRequest(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.assign(id, actorOf(officer));
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Carries the request out and closes it (privacy officer).' })
  completePrivacyRequest(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.complete(id, actorOf(officer));
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Refuses the request on a ground of policy §5 (privacy officer).' })
  refusePrivacyRequest(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @Arg('refusal', () => RefusalInput, { description: 'The ground and a justification for the customer.' }) refusal: RefusalInput,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.refuse(id, refusal.reason, refusal.justification, actorOf(officer));
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Sets a fee for excessive effort; the customer must accept it (privacy officer).' })
  requirePrivacyRequestFee(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @Arg('fee', () => FeeInput, { description: 'The amount, currency and why the effort is excessive.' }) fee: FeeInput,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.requireFee(id, fee, actorOf(officer));
  }

  @Mutation(() => PrivacyRequest, { nullable: true, description: 'Extends the deadline, once, with a reason (privacy officer).' })
  extendPrivacyRequestDeadline(
    @Arg('id', ID_ARG, REQUEST_ID) id: string,
    @Arg('extension', () => DeadlineExtensionInput, { description: 'How many days, and why.' }) extension: DeadlineExtensionInput,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<PrivacyRequest> {
    return this.requests.extendDeadline(id, extension.days, extension.reason, actorOf(officer));
  }

  @Mutation(() => Notice, {
    nullable: true,
    description: 'Records that a processor acted on a notice (the processor itself, or the privacy officer).',
  })
  confirmNotice(
    @Arg('id', ID_ARG, { description: 'The notice to confirm.' }) id: string,
    @CurrentPrincipal() principal: PrincipalOf<'privacy_officer' | 'affiliate'>,
  ): Promise<Notice> {
    return this.delivery.confirmNotice(id, principal);
  }

  @FieldResolver(() => [PrivacyRequestEvent])
  history(@Root() request: PrivacyRequest, @Ctx() { loaders }: Context): Promise<PrivacyRequestEvent[]> {
    return loaders.requestEventsByRequestId.load(request.id);
  }

  @FieldResolver(() => [Notice], { nullable: true, description: 'Notices sent to processors because of this request (privacy officer).' })
  async notices(@Root() request: PrivacyRequest, @Ctx() { loaders, principal }: Context): Promise<Notice[]> {
    const messages = await loaders.noticesByRequestId.load(request.id);
    return messages.filter((message) => isVisibleNotice(noticeVisibility(principal), message));
  }
}

@Resolver(() => Notice)
export class NoticeResolver {
  @FieldResolver(() => Processor, { nullable: true })
  processor(@Root() notice: Notice, @Ctx() { loaders }: Context): Promise<Processor | null> | null {
    return notice.processorId === null ? null : loaders.processorById.load(notice.processorId);
  }
}
