import type { DataSource } from 'typeorm';
import type { Page } from '../../common/pagination';
import { keysetPage } from '../../db/keyset';
import type { PrivacyRequestsArgs } from './privacy-request.args';
import { PrivacyRequest } from './privacy-request.entity';

export class PrivacyRequestService {
  constructor(private readonly dataSource: DataSource) {}

  /** Requests oldest first, so the officer works through them in the order they are due. */
  page(args: PrivacyRequestsArgs): Promise<Page<PrivacyRequest>> {
    const filtered = () => {
      const query = this.dataSource.getRepository(PrivacyRequest).createQueryBuilder('r');
      if (args.status) query.andWhere('r.status = :status', { status: args.status });
      if (args.type) query.andWhere('r.type = :type', { type: args.type });
      return query;
    };
    return keysetPage(filtered, {
      table: 'privacy_request',
      alias: 'r',
      sortKey: (alias) => `${alias}.submitted_at`,
      direction: 'ASC',
      first: args.first,
      after: args.after,
    });
  }
}
