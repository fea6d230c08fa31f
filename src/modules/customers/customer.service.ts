import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { apiError, ErrorCode } from '../../common/errors';
import type { Page } from '../../common/pagination';
import { keysetPage } from '../../db/keyset';
import type { CustomerVisibility } from '../../policy/decide';
import { CustomerSortField, SortDirection, type CustomerFilter, type CustomersArgs } from './customer.args';
import { Customer } from './customer.entity';
import type { UpdateProfileInput } from './customer.input';
import { applyProfileChanges, saveProfile } from './profile-changes';

const SORT_EXPRESSION: Record<CustomerSortField, (alias: string) => string> = {
  [CustomerSortField.CREATED_AT]: (alias) => `${alias}.created_at`,
  [CustomerSortField.EMAIL]: (alias) => `coalesce(lower(${alias}.email), '')`,
  [CustomerSortField.FULL_NAME]: (alias) => `coalesce(lower(${alias}.full_name), '')`,
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

export class CustomerService {
  constructor(private readonly dataSource: DataSource) {}

  private visibleCustomers(visibility: CustomerVisibility): SelectQueryBuilder<Customer> {
    const query = this.dataSource.getRepository(Customer).createQueryBuilder('c');
    switch (visibility.scope) {
      case 'ALL':
        return query;
      case 'SELF':
        return query.where('c.id = :selfId', { selfId: visibility.customerId });
      case 'RECIPIENT':
        return query.where(
          `(EXISTS (SELECT 1 FROM consent k WHERE k.customer_id = c.id AND k.processor_id = :processorId AND k.status = 'GRANTED')
            OR EXISTS (SELECT 1 FROM disclosure d WHERE d.customer_id = c.id AND d.processor_id = :processorId
                       AND d.revoked_at IS NULL AND d.expires_at > now()))`,
          { processorId: visibility.processorId },
        );
      case 'NONE':
        return query.where('false');
    }
  }

  /** The customer, or null both when it does not exist and when the principal may not see it. */
  async findVisibleById(visibility: CustomerVisibility, id: string): Promise<Customer | null> {
    return this.visibleCustomers(visibility).andWhere('c.id = :id', { id }).getOne();
  }

  async page(visibility: CustomerVisibility, args: CustomersArgs): Promise<Page<Customer>> {
    return keysetPage(() => applyFilter(this.visibleCustomers(visibility), args.filter), {
      table: 'customer',
      alias: 'c',
      sortKey: SORT_EXPRESSION[args.orderBy?.field ?? CustomerSortField.CREATED_AT],
      direction: args.orderBy?.direction ?? SortDirection.ASC,
      first: args.first,
      after: args.after,
    });
  }

  async updateProfile(customerId: string, input: UpdateProfileInput): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await manager.findOne(Customer, { where: { id: customerId }, lock: { mode: 'pessimistic_write' } });
      if (customer === null) throw apiError(ErrorCode.NOT_FOUND, 'No such customer.');
      if (customer.erasedAt !== null) throw apiError(ErrorCode.CUSTOMER_ERASED, 'The customer has been erased.');
      applyProfileChanges(customer, input);
      return saveProfile(manager, customer);
    });
  }
}

function applyFilter(query: SelectQueryBuilder<Customer>, filter: CustomerFilter | null | undefined): SelectQueryBuilder<Customer> {
  if (!filter) return query;
  if (filter.createdAfter) query.andWhere('c.created_at > :createdAfter', { createdAfter: filter.createdAfter });
  if (filter.createdBefore) query.andWhere('c.created_at < :createdBefore', { createdBefore: filter.createdBefore });
  if (filter.locale) query.andWhere('c.locale = :locale', { locale: filter.locale });
  if (filter.erased !== undefined && filter.erased !== null) {
    query.andWhere(filter.erased ? 'c.erased_at IS NOT NULL' : 'c.erased_at IS NULL');
  }
  if (filter.emailContains) {
    query.andWhere(`c.email ILIKE :emailPattern`, { emailPattern: `%${escapeLike(filter.emailContains)}%` });
  }
  if (filter.fullNameContains) {
    query.andWhere(`c.full_name ILIKE :namePattern`, { namePattern: `%${escapeLike(filter.fullNameContains)}%` });
  }
  if (filter.country) query.andWhere('c.address_country = :country', { country: filter.country });
  return query;
}
