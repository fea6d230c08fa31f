import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { Notice } from './notice.entity';
import { PrivacyRequest, PrivacyRequestEvent } from './privacy-request.entity';

export function createPrivacyRequestLoaders(dataSource: DataSource) {
  const byKey = <T, K extends keyof T & string>(entity: new () => T, key: K, order: Record<string, 'ASC' | 'DESC'>) =>
    new DataLoader<string, T[]>(async (ids) => {
      // Typed loosely here because the key column differs per entity; each call site fixes the types.
      const found = (await dataSource.getRepository(entity).find({ where: { [key]: In([...ids]) } as never, order: order as never })) as T[];
      const grouped = groupBy(found, (row) => String(row[key]));
      return ids.map((id) => grouped.get(id) ?? []);
    });
  return {
    requestsByCustomerId: byKey(PrivacyRequest, 'customerId', { submittedAt: 'DESC' }),
    requestEventsByRequestId: byKey(PrivacyRequestEvent, 'requestId', { id: 'ASC' }),
    noticesByRequestId: byKey(Notice, 'requestId', { createdAt: 'ASC' }),
  };
}
