import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { apiError, ErrorCode } from '../../common/errors';
import { isUniqueViolation } from '../../db/unique-violation';
import type { Logger } from '../../logger';
import { queueNotices, recipientsOf } from '../requests/fulfilment/notices';
import { DeliveryStatus, NoticeKind, Notice } from '../requests/notice.entity';
import { PrivacyRequest } from '../requests/privacy-request.entity';
import type { RequestSettings } from '../requests/request-settings';
import { checkCode, hashVerificationCode, newVerificationCode, wrongCode } from '../requests/verification-codes';
import { lockCustomerForChange } from './customer-lookup';
import { Customer } from './customer.entity';
import { ConfirmationClosure, EmailConfirmation } from './email-confirmation.entity';

const MINUTE = 60 * 1000;

/**
 * New addresses a customer may have codes sent to in a day (held and free ones count alike). Each code allows a few
 * tries; without a bound on new codes, asking again and again would let a caller try every code of an address
 * it does not hold.
 */
export const EMAIL_CHANGES_PER_DAY = 5;

/** The SQL condition on `email_confirmation` row `alias`: its address still waits for its code. */
export function waitingConfirmation(alias: string): string {
  return `${alias}.closed_as IS NULL AND ${alias}.expires_at > now()`;
}

/** A code either confirmed the address, or its refusal, reported after the transaction so that the attempt counts. */
export type ConfirmationOutcome =
  { ok: true; customer: Customer } | { ok: false; code: ErrorCode; message: string; extensions?: Record<string, unknown> };

type Refusal = Extract<ConfirmationOutcome, { ok: false }>;

const NOT_PENDING: Refusal = { ok: false, code: ErrorCode.EMAIL_NOT_PENDING, message: 'No email address is waiting for confirmation.' };

/**
 * What confirmMyEmail answers once the address is no longer waiting, by why it stopped (the same answer again until
 * the closed row is forgotten, a day later); never the address or the code.
 */
const AFTER_CLOSING: Record<ConfirmationClosure, Refusal> = {
  [ConfirmationClosure.CONFIRMED]: NOT_PENDING,
  [ConfirmationClosure.REPLACED]: NOT_PENDING,
  [ConfirmationClosure.EXPIRED]: {
    ok: false,
    code: ErrorCode.VERIFICATION_EXPIRED,
    message: 'The code has expired; give the new email address again for a new code.',
  },
  [ConfirmationClosure.EXHAUSTED]: {
    ok: false,
    code: ErrorCode.VERIFICATION_EXHAUSTED,
    message: 'Too many wrong codes; give the new email address again for a new code.',
  },
  [ConfirmationClosure.TAKEN]: {
    ok: false,
    code: ErrorCode.EMAIL_TAKEN,
    message: 'Another customer confirmed that email address first; it was not changed.',
  },
};

/**
 * An email address becomes a customer's only once the code sent to it is confirmed, so that no answer tells a
 * caller whether another customer holds it (issue 13): a held address gets no code, and its holder a notice, while
 * the caller is answered exactly as for a free one. Whoever holds an address is the only one who ever has its
 * code, so confirming it tells nothing new. Codes are six digits from verification-codes.ts, kept as an HMAC keyed
 * with the server secret (as privacy requests' codes are), with their time to live and attempts.
 */
export class EmailConfirmations {
  constructor(
    private readonly codeKey: Uint8Array,
    private readonly settings: Pick<RequestSettings, 'verificationCodeTtlMinutes' | 'verificationMaxAttempts' | 'logVerificationCodes'>,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends `address` for confirmation as the customer's new email, in place of any address waiting: its code to a
   * free address, a notice to the customer holding a held one. `requestId`: the rectification that asked for it.
   * `limited`: the customer asks themself, at most EMAIL_CHANGES_PER_DAY times a day.
   */
  async send(
    manager: EntityManager,
    customerId: string,
    address: string,
    { requestId = null, limited = false }: { requestId?: string | null; limited?: boolean } = {},
  ): Promise<void> {
    await manager.query(
      `DELETE FROM email_confirmation WHERE customer_id = $1 AND closed_as IS NOT NULL AND created_at <= now() - interval '1 day'`,
      [customerId],
    );
    if (limited) {
      const [{ sent }] = (await manager.query(
        `SELECT count(*)::int AS sent FROM email_confirmation WHERE customer_id = $1 AND created_at > now() - interval '1 day'`,
        [customerId],
      )) as Array<{ sent: number }>;
      if (sent >= EMAIL_CHANGES_PER_DAY) {
        throw apiError(ErrorCode.TOO_MANY_EMAIL_CHANGES, `At most ${EMAIL_CHANGES_PER_DAY} new email addresses a day; try again tomorrow.`);
      }
    }
    await manager.update(EmailConfirmation, { customerId, closedAs: IsNull() }, closed(ConfirmationClosure.REPLACED));

    // A code is made, and its hash kept, for a held address too: nobody is sent it, and confirming behaves alike.
    const id = randomUUID();
    const code = newVerificationCode();
    const expiresAt = new Date(Date.now() + this.settings.verificationCodeTtlMinutes * MINUTE);
    await manager.insert(EmailConfirmation, {
      id,
      customerId,
      address,
      codeHash: hashVerificationCode(this.codeKey, id, code),
      requestId,
      expiresAt,
      attempts: 0,
      maxAttempts: this.settings.verificationMaxAttempts,
      closedAs: null,
    });
    const holderId = await holderOf(manager, address, customerId);
    if (holderId !== null) {
      // The notice names nothing of who gave the address.
      await manager.insert(Notice, message(NoticeKind.EMAIL_IN_USE_NOTICE, holderId, null, null));
      return;
    }
    await manager.insert(
      Notice,
      message(NoticeKind.EMAIL_CONFIRMATION_CODE, customerId, requestId, { to: address, code, expiresAt: expiresAt.toISOString() }),
    );
    if (this.settings.logVerificationCodes) this.logger.info({ customerId, code }, 'email confirmation code (development only)');
  }

  /** Applies the address waiting when `code` is its code; each wrong code counts, and the last allowed closes it. */
  async confirm(manager: EntityManager, customerId: string, code: string): Promise<ConfirmationOutcome> {
    const customer = await lockCustomerForChange(manager, customerId);
    const waiting = await manager.findOne(EmailConfirmation, { where: { customerId, closedAs: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (waiting === null) {
      const latest = await latestClosure(manager, customerId);
      return latest === null ? NOT_PENDING : AFTER_CLOSING[latest];
    }
    // An open row holds its code's hash (the table's check says so).
    const check = checkCode(this.codeKey, { ...waiting, codeHash: waiting.codeHash! }, code, new Date());
    if (check.result === 'EXPIRED') return this.close(manager, waiting, ConfirmationClosure.EXPIRED);
    if (check.result === 'EXHAUSTED') return this.close(manager, waiting, ConfirmationClosure.EXHAUSTED, { attempts: check.attempts });
    if (check.result === 'WRONG') {
      await manager.update(EmailConfirmation, { id: waiting.id }, { attempts: check.attempts });
      return wrongCode(check.attemptsLeft);
    }
    const { attempts } = check;
    const address = waiting.address!;
    if ((await holderOf(manager, address, customerId)) !== null || !(await setEmail(manager, customer, address))) {
      return this.close(manager, waiting, ConfirmationClosure.TAKEN, { attempts });
    }
    await this.close(manager, waiting, ConfirmationClosure.CONFIRMED, { attempts });
    if (waiting.requestId !== null) await noticeRectifiedEmail(manager, waiting.requestId);
    return { ok: true, customer };
  }

  private async close(
    manager: EntityManager,
    confirmation: EmailConfirmation,
    closure: ConfirmationClosure,
    extra: Partial<EmailConfirmation> = {},
  ): Promise<ConfirmationOutcome> {
    await manager.update(EmailConfirmation, { id: confirmation.id }, { ...closed(closure), ...extra });
    return AFTER_CLOSING[closure];
  }
}

/** Addresses whose code lapsed unconfirmed are forgotten, and closed rows past the day that bounds new addresses. */
export async function forgetLapsedEmailConfirmations(dataSource: DataSource): Promise<number> {
  const [, lapsed] = (await dataSource.query(
    `UPDATE email_confirmation SET closed_as = 'EXPIRED', address = NULL, code_hash = NULL WHERE closed_as IS NULL AND expires_at <= now()`,
  )) as [unknown, number];
  const [, removed] = (await dataSource.query(
    `DELETE FROM email_confirmation WHERE closed_as IS NOT NULL AND created_at <= now() - interval '1 day'`,
  )) as [unknown, number];
  return lapsed + removed;
}

function closed(closure: ConfirmationClosure): Partial<EmailConfirmation> {
  return { closedAs: closure, address: null, codeHash: null };
}

async function latestClosure(manager: EntityManager, customerId: string): Promise<ConfirmationClosure | null> {
  const latest = await manager.findOne(EmailConfirmation, { where: { customerId }, order: { createdAt: 'DESC' } });
  return latest?.closedAs ?? null;
}

/** The other customer whose email `address` is, compared as the database's uniqueness compares them. */
async function holderOf(manager: EntityManager, address: string, customerId: string): Promise<string | null> {
  const [holder] = (await manager.query(`SELECT id FROM customer WHERE lower(email) = lower($1) AND id <> $2`, [address, customerId])) as Array<{
    id: string;
  }>;
  return holder?.id ?? null;
}

/**
 * Sets the confirmed address; false when another customer's confirmation of it committed in between (the unique
 * index says so). Under a savepoint, so that the transaction can still close the confirmation.
 */
async function setEmail(manager: EntityManager, customer: Customer, address: string): Promise<boolean> {
  await manager.query('SAVEPOINT set_email');
  try {
    await manager.update(Customer, { id: customer.id }, { email: address });
  } catch (error) {
    if (!isUniqueViolation(error, 'customer_email_unique')) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT set_email');
    return false;
  }
  await manager.query('RELEASE SAVEPOINT set_email');
  customer.email = address;
  return true;
}

/** A corrected email is a change once confirmed: the processors that read the email are told then (policy §5). */
async function noticeRectifiedEmail(manager: EntityManager, requestId: string): Promise<void> {
  const request = await manager.findOneByOrFail(PrivacyRequest, { id: requestId });
  const readers = await recipientsOf(manager, request.customerId, ['email']);
  await queueNotices(manager, request, NoticeKind.RECTIFICATION_NOTICE, readers, { changedFields: ['email'] });
}

/** An address's code, or (no body) a notice to its holder; the sender looks the holder's address up when it sends. */
function message(kind: NoticeKind, customerId: string, requestId: string | null, body: { to: string; code: string; expiresAt: string } | null) {
  return { kind, channel: 'EMAIL' as const, customerId, processorId: null, requestId, body, status: DeliveryStatus.PENDING };
}
