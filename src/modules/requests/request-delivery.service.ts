import type { DataSource } from 'typeorm';
import { actorOf } from '../../auth/actor';
import type { PrincipalOf } from '../../auth/principal';
import { apiError, ErrorCode } from '../../common/errors';
import { isVisibleNotice, noticeVisibility, type NoticeVisibility } from '../../policy/visibility/notices';
import { DeliveryStatus, Notice } from './notice.entity';
import { PrivacyRequestExport } from './privacy-request-export.entity';
import { PrivacyRequest } from './privacy-request.entity';

/** The access export a customer downloads, and the notices processors confirm. */
export class RequestDeliveryService {
  constructor(private readonly dataSource: DataSource) {}

  async exportFor(customerId: string, requestId: string): Promise<PrivacyRequestExport> {
    const unavailable = () => apiError(ErrorCode.EXPORT_UNAVAILABLE, 'There is no export to download for this request (not ready, or expired).');
    const request = await this.dataSource.getRepository(PrivacyRequest).findOneBy({ id: requestId, customerId });
    if (request === null) throw apiError(ErrorCode.NOT_FOUND, 'No such request.');
    const exported = await this.dataSource.getRepository(PrivacyRequestExport).findOneBy({ requestId });
    if (exported === null || exported.purgedAt !== null) throw unavailable();
    if (exported.expiresAt <= new Date()) {
      await this.purgeExpiredExports();
      throw unavailable();
    }
    return exported;
  }

  /** Empties every export past its download window; returns how many. */
  async purgeExpiredExports(now: Date = new Date()): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE privacy_request_export SET document = NULL, readable = NULL, purged_at = $1 WHERE purged_at IS NULL AND expires_at <= $1`,
      [now],
    );
    return (result as [unknown, number])[1];
  }

  /** A principal who sees the notice (src/policy/visibility/notices.ts) records that it was acted on. */
  async confirmNotice(id: string, principal: PrincipalOf<'privacy_officer' | 'affiliate'>): Promise<Notice> {
    const repository = this.dataSource.getRepository(Notice);
    const notice = await repository.findOneBy({ id });
    if (notice === null || !isVisibleNotice(noticeVisibility(principal), notice)) throw apiError(ErrorCode.NOT_FOUND, 'No such notice.');
    if (notice.status !== DeliveryStatus.CONFIRMED) {
      await repository.update({ id }, { status: DeliveryStatus.CONFIRMED, confirmedAt: new Date(), confirmedBy: actorOf(principal) });
    }
    return repository.findOneByOrFail({ id });
  }

  /** The notices `visibility` shows that are not confirmed yet, oldest first. */
  async unconfirmedNotices(visibility: NoticeVisibility): Promise<Notice[]> {
    const unconfirmed = await this.dataSource
      .getRepository(Notice)
      .createQueryBuilder('m')
      .where(`m.channel = 'PROCESSOR' AND m.status <> 'CONFIRMED'`)
      .orderBy('m.created_at', 'ASC')
      .getMany();
    return unconfirmed.filter((notice) => isVisibleNotice(visibility, notice));
  }
}
