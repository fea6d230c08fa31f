import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { actorOf, customerActor, SYSTEM_ACTORS, type Actor } from '../../auth/actor';
import type { PrincipalOf } from '../../auth/principal';
import { apiError, ErrorCode } from '../../common/errors';
import type { Page, PageRequest } from '../../common/pagination';
import { keysetPage } from '../../db/keyset';
import type { Logger } from '../../logger';
import { lockCustomerForChange } from '../customers/customer-lookup';
import type { Customer } from '../customers/customer.entity';
import type { UpdateProfileInput } from '../customers/customer.input';
import type { Fulfil } from './fulfilment/fulfilment';
import { NoticeKind, Notice, DeliveryStatus } from './notice.entity';
import type { PrivacyRequestsArgs } from './privacy-request.args';
import { PrivacyRequest, PrivacyRequestEvent, RequestVerification } from './privacy-request.entity';
import { PrivacyRequestStatus, PrivacyRequestType, RefusalReason, VerificationMethod } from './privacy-request.enums';
import { allows, OPEN_STATUSES, TRANSITIONS, type Transition } from './privacy-request.transitions';
import { procedureFor, type VerificationChannel } from './request-procedures';
import type { RequestSettings } from './request-settings';
import { checkCode, hashVerificationCode, newVerificationCode, wrongCode } from './verification-codes';

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

export interface Submission {
  customerId: string;
  type: PrivacyRequestType;
  service: string;
  changes?: UpdateProfileInput | null;
  /** For a staff-assisted request: how the staff member verified the caller's identity. */
  staffVerificationNote?: string | null;
}

export interface FeeTerms {
  amount: string;
  currency: string;
  justification: string;
}

/** The outcome of one code: a wrong or lapsed code is recorded, then reported, so it must not roll back. */
type VerificationOutcome = { ok: true; request: PrivacyRequest } | { ok: false; code: ErrorCode; message: string; extensions?: object };

/** The one order privacy requests are paged in, as their cursors are sealed for it. */
export const REQUEST_PAGE_ORDER = 'SUBMITTED_AT ASC';

/**
 * A code goes to the customer's own confirmed address: the email once confirmed (a signed-up customer has none until
 * then), the phone for SMS. Without one the code would go nowhere, so the request is refused at once, saying what to do.
 */
function requireVerificationAddresses(customer: Customer, channels: readonly VerificationChannel[]): void {
  for (const channel of channels) {
    if (channel === 'EMAIL' && customer.email === null) {
      throw apiError(
        ErrorCode.VERIFICATION_ADDRESS_MISSING,
        'The code is sent by email, and your email address is not confirmed yet: confirm it (confirmMyEmail) or ask staff to submit the request for you.',
      );
    }
    if (channel === 'SMS' && customer.phone === null) {
      throw apiError(
        ErrorCode.VERIFICATION_ADDRESS_MISSING,
        'This service sends a second code by SMS, and your profile has no phone number: add one, or ask staff to submit the request for you.',
      );
    }
  }
}

export class PrivacyRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RequestSettings,
    private readonly codeKey: Uint8Array,
    private readonly logger: Logger,
    private readonly fulfilments: Record<PrivacyRequestType, Fulfil>,
  ) {}

  /** Requests oldest first (REQUEST_PAGE_ORDER), so the officer works through them in the order they are due. */
  page(args: PrivacyRequestsArgs, request: PageRequest): Promise<Page<PrivacyRequest>> {
    const filtered = () => {
      const query = this.dataSource.getRepository(PrivacyRequest).createQueryBuilder('r');
      if (args.status) query.andWhere('r.status = :status', { status: args.status });
      if (args.type) query.andWhere('r.type = :type', { type: args.type });
      if (args.overdue !== undefined && args.overdue !== null) {
        const overdue = `(r.status = ANY(:open) AND r.due_at < now())`;
        query.andWhere(args.overdue ? overdue : `NOT ${overdue}`, { open: OPEN_STATUSES });
      }
      return query;
    };
    return keysetPage(filtered, {
      table: 'privacy_request',
      alias: 'r',
      sortKey: (alias) => `${alias}.submitted_at`,
      direction: 'ASC',
      request,
    });
  }

  submit(submission: Submission, principal: PrincipalOf<'customer' | 'staff'>): Promise<PrivacyRequest> {
    const actor = actorOf(principal);
    const staffAssisted = principal.role === 'staff';
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForChange(manager, submission.customerId);
      const procedure = procedureFor(submission.service);
      if (!procedure) throw apiError(ErrorCode.UNKNOWN_SERVICE, 'The service named has no request procedure of its own.');
      const isRectification = submission.type === PrivacyRequestType.RECTIFICATION;
      if (isRectification !== Boolean(submission.changes)) {
        throw apiError(ErrorCode.BAD_USER_INPUT, 'A rectification request carries `changes`, and only a rectification does.', {
          argumentName: 'changes',
        });
      }
      // Checked now, as a profile update checks them, not when the officer completes the request.
      if (isRectification && !Object.values(submission.changes!).some((value) => value !== undefined)) {
        throw apiError(ErrorCode.BAD_USER_INPUT, 'A rectification names at least one correction.', { argumentName: 'changes' });
      }
      if (submission.changes?.email === null) throw apiError(ErrorCode.BAD_USER_INPUT, 'email cannot be cleared.', { argumentName: 'email' });
      if (staffAssisted && !submission.staffVerificationNote?.trim()) {
        throw apiError(ErrorCode.BAD_USER_INPUT, 'Say how the identity was verified.', { argumentName: 'identityCheck' });
      }
      if (!staffAssisted) requireVerificationAddresses(customer, procedure.verificationChannels(submission.type));
      const now = new Date();
      const request = manager.create(PrivacyRequest, {
        customerId: customer.id,
        type: submission.type,
        service: procedure.service,
        status: staffAssisted ? PrivacyRequestStatus.VERIFIED : PrivacyRequestStatus.AWAITING_VERIFICATION,
        submittedBy: actor,
        submittedAt: now,
        dueAt: new Date(now.getTime() + (procedure.deadlineDays ?? this.settings.deadlineDays) * DAY),
        requestedChanges: submission.changes ? { ...submission.changes } : null,
        repetitiveSuspected: await this.isRepetitive(manager, customer.id, submission.type, now),
        verifiedAt: staffAssisted ? now : null,
        verificationMethod: staffAssisted ? VerificationMethod.STAFF_ASSISTED : null,
        verifiedBy: staffAssisted ? actor : null,
        verificationNote: staffAssisted ? submission.staffVerificationNote!.trim() : null,
        version: 1,
      });
      await manager.save(request);
      await recordEvent(manager, request.id, null, request.status, actor, staffAssisted ? 'identity verified by staff' : null);
      if (!staffAssisted) {
        await this.sendCode(manager, request, 1, procedure.verificationChannels(submission.type)[0], now);
      }
      return request;
    });
  }

  /** "More often than N times in a window": this request is the (count + 1)-th of its type. */
  private async isRepetitive(manager: EntityManager, customerId: string, type: PrivacyRequestType, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - this.settings.repetitiveWindowDays * DAY);
    const count = await manager
      .getRepository(PrivacyRequest)
      .createQueryBuilder('r')
      .where('r.customer_id = :customerId AND r.type = :type AND r.submitted_at > :since', { customerId, type, since })
      .getCount();
    return count >= this.settings.repetitiveLimit;
  }

  private async sendCode(manager: EntityManager, request: PrivacyRequest, step: number, channel: VerificationChannel, now: Date) {
    const code = newVerificationCode();
    const id = randomUUID();
    const verification = manager.create(RequestVerification, {
      id,
      codeHash: hashVerificationCode(this.codeKey, id, code),
      requestId: request.id,
      step,
      channel,
      expiresAt: new Date(now.getTime() + this.settings.verificationCodeTtlMinutes * MINUTE),
      attempts: 0,
      maxAttempts: this.settings.verificationMaxAttempts,
      verifiedAt: null,
    });
    await manager.insert(RequestVerification, verification);
    // The sender looks the address up by customer when it sends; the code leaves the body once sent.
    await manager.insert(Notice, {
      kind: NoticeKind.VERIFICATION_CODE,
      channel,
      customerId: request.customerId,
      processorId: null,
      requestId: request.id,
      body: { code, step, expiresAt: verification.expiresAt.toISOString() },
      status: DeliveryStatus.PENDING,
    });
    if (this.settings.logVerificationCodes) {
      this.logger.info({ requestId: request.id, step, channel, code }, 'verification code (development only)');
    }
  }

  async verify(customerId: string, requestId: string, code: string): Promise<PrivacyRequest> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<VerificationOutcome> => {
      const request = await lockRequest(manager, requestId, customerId);
      if (request.status !== PrivacyRequestStatus.AWAITING_VERIFICATION) {
        return { ok: false, code: ErrorCode.ILLEGAL_TRANSITION, message: `The request is ${request.status}, not awaiting verification.` };
      }
      const step = await manager.findOneOrFail(RequestVerification, {
        where: { requestId, verifiedAt: IsNull() },
        order: { step: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const now = new Date();
      const check = checkCode(this.codeKey, step, code, now);
      switch (check.result) {
        case 'EXPIRED':
          await this.lapse(manager, request, 'the verification code expired');
          return { ok: false, code: ErrorCode.VERIFICATION_EXPIRED, message: 'The code has expired; the request is refused. Submit it again.' };
        case 'WRONG':
          await manager.update(RequestVerification, { id: step.id }, { attempts: check.attempts });
          return wrongCode(check.attemptsLeft);
        case 'EXHAUSTED':
          await manager.update(RequestVerification, { id: step.id }, { attempts: check.attempts });
          await this.lapse(manager, request, 'too many wrong codes');
          return { ok: false, code: ErrorCode.VERIFICATION_EXHAUSTED, message: 'Too many wrong codes; the request is refused.' };
        case 'MATCHED':
          await manager.update(RequestVerification, { id: step.id }, { attempts: check.attempts, verifiedAt: now });
      }
      const channels = procedureFor(request.service)?.verificationChannels(request.type) ?? [];
      if (step.step < channels.length) {
        await this.sendCode(manager, request, step.step + 1, channels[step.step], now);
        return { ok: true, request };
      }
      await transition(manager, request, 'VERIFY', customerActor(customerId), {
        verifiedAt: now,
        verificationMethod: VerificationMethod.ONE_TIME_CODE,
      });
      return { ok: true, request };
    });
    if (!outcome.ok) throw apiError(outcome.code, outcome.message, outcome.extensions as Record<string, unknown>);
    return outcome.request;
  }

  /** Refuses, as IDENTITY_NOT_VERIFIED, every request whose current code expired unconfirmed; returns how many. */
  async lapseExpiredVerifications(now: Date = new Date()): Promise<number> {
    const lapsed = (await this.dataSource.query(
      `SELECT DISTINCT r.id FROM privacy_request r JOIN request_verification v ON v.request_id = r.id
       WHERE r.status = 'AWAITING_VERIFICATION' AND v.verified_at IS NULL AND v.expires_at <= $1`,
      [now],
    )) as Array<{ id: string }>;
    let count = 0;
    for (const { id } of lapsed) {
      await this.dataSource.transaction(async (manager) => {
        const request = await lockRequest(manager, id);
        // Re-checked under the lock: the customer may have verified in between.
        if (request.status !== PrivacyRequestStatus.AWAITING_VERIFICATION) return;
        await this.lapse(manager, request, 'the verification code expired');
        count += 1;
      });
    }
    return count;
  }

  private lapse(manager: EntityManager, request: PrivacyRequest, note: string) {
    return transition(
      manager,
      request,
      'LAPSE_VERIFICATION',
      SYSTEM_ACTORS.requestVerification,
      {
        refusalReason: RefusalReason.IDENTITY_NOT_VERIFIED,
        refusalJustification: `Your identity could not be verified: ${note}.`,
        requestedChanges: null,
      },
      note,
    );
  }

  acceptFee(customerId: string, requestId: string): Promise<PrivacyRequest> {
    return this.dataSource.transaction(async (manager) => {
      const request = await lockRequest(manager, requestId, customerId);
      return transition(manager, request, 'ACCEPT_FEE', customerActor(customerId), { feeAcceptedAt: new Date() });
    });
  }

  assign(requestId: string, officer: Actor): Promise<PrivacyRequest> {
    return this.change(requestId, (manager, request) => transition(manager, request, 'ASSIGN', officer, { assignedTo: officer }));
  }

  requireFee(requestId: string, fee: FeeTerms, officer: Actor): Promise<PrivacyRequest> {
    return this.change(requestId, (manager, request) => {
      // Policy §5 lets access and correction cost a fee for excessive effort; deletion is not named.
      if (request.type === PrivacyRequestType.ERASURE) throw apiError(ErrorCode.FEE_NOT_APPLICABLE, 'Erasure is always free.');
      return transition(manager, request, 'REQUIRE_FEE', officer, {
        // Stored as numeric(12,2): answer the same form now as every later read will.
        feeAmount: Number(fee.amount).toFixed(2),
        feeCurrency: fee.currency,
        feeJustification: fee.justification.trim(),
        feeAcceptedAt: null,
      });
    });
  }

  extendDeadline(requestId: string, days: number, reason: string, officer: Actor): Promise<PrivacyRequest> {
    return this.change(requestId, async (manager, request) => {
      if (!OPEN_STATUSES.includes(request.status)) {
        throw apiError(ErrorCode.ILLEGAL_TRANSITION, `The request is ${request.status}; only an open request's deadline can move.`);
      }
      if (request.deadlineExtendedAt !== null) throw apiError(ErrorCode.DEADLINE_ALREADY_EXTENDED, 'The deadline was extended once already.');
      const now = new Date();
      request.dueAt = new Date(request.dueAt.getTime() + days * DAY);
      request.deadlineExtendedAt = now;
      request.deadlineExtensionReason = reason.trim();
      request.version += 1;
      await manager.save(request);
      await recordEvent(manager, request.id, request.status, request.status, officer, `deadline extended by ${days} days: ${reason.trim()}`);
      return request;
    });
  }

  refuse(requestId: string, reason: RefusalReason, justification: string, officer: Actor): Promise<PrivacyRequest> {
    return this.change(requestId, (manager, request) => {
      if (reason === RefusalReason.IDENTITY_NOT_VERIFIED) {
        throw apiError(ErrorCode.REFUSAL_REASON_NOT_ALLOWED, 'IDENTITY_NOT_VERIFIED is set by the system when verification lapses.');
      }
      if (reason === RefusalReason.REPETITIVE && !request.repetitiveSuspected) {
        throw apiError(ErrorCode.REFUSAL_REASON_NOT_ALLOWED, 'REPETITIVE can be chosen only where the system proposes it.');
      }
      return transition(manager, request, 'REFUSE', officer, {
        refusalReason: reason,
        refusalJustification: justification.trim(),
        requestedChanges: null,
      });
    });
  }

  /** Carries the request out and closes it in one transaction: it happens once, whoever else tries. */
  complete(requestId: string, officer: Actor): Promise<PrivacyRequest> {
    return this.change(requestId, async (manager, request) => {
      if (!allows('COMPLETE', request.status)) throw illegal('COMPLETE', request.status);
      const recorded = await this.fulfilments[request.type]({ manager, request, settings: this.settings, actor: officer, now: new Date() });
      return transition(manager, request, 'COMPLETE', officer, recorded);
    });
  }

  private change(requestId: string, work: (manager: EntityManager, request: PrivacyRequest) => Promise<PrivacyRequest>) {
    return this.dataSource.transaction(async (manager) => work(manager, await lockRequest(manager, requestId)));
  }
}

async function lockRequest(manager: EntityManager, id: string, customerId?: string): Promise<PrivacyRequest> {
  const request = await manager.findOne(PrivacyRequest, {
    where: customerId ? { id, customerId } : { id },
    lock: { mode: 'pessimistic_write' },
  });
  // A customer asking about someone else's request hears the same as for a missing one.
  if (request === null) throw apiError(ErrorCode.NOT_FOUND, 'No such request.');
  return request;
}

function illegal(name: Transition, from: PrivacyRequestStatus) {
  return apiError(ErrorCode.ILLEGAL_TRANSITION, `A request that is ${from} cannot take the step ${name}.`, { status: from });
}

async function recordEvent(
  manager: EntityManager,
  requestId: string,
  from: PrivacyRequestStatus | null,
  to: PrivacyRequestStatus,
  actor: Actor,
  note: string | null,
) {
  await manager.insert(PrivacyRequestEvent, { requestId, fromStatus: from, toStatus: to, actor, note, occurredAt: new Date() });
}

async function transition(
  manager: EntityManager,
  request: PrivacyRequest,
  name: Transition,
  actor: Actor,
  changes: Partial<PrivacyRequest>,
  note: string | null = null,
): Promise<PrivacyRequest> {
  if (!allows(name, request.status)) throw illegal(name, request.status);
  const from = request.status;
  const to = TRANSITIONS[name].to;
  Object.assign(request, changes, { status: to, version: request.version + 1 });
  if (to === PrivacyRequestStatus.COMPLETED || to === PrivacyRequestStatus.REFUSED) request.closedAt = new Date();
  await manager.save(request);
  await recordEvent(manager, request.id, from, to, actor, note);
  return request;
}
