import type { DataSource } from 'typeorm';
import type { Page, PageRequest } from '../../common/pagination';
import { EntityRows } from '../../db/entity-rows';
import { cursorCondition, readKeysetPage, type KeysetRead } from '../../db/keyset';
import { SqlParameters } from '../../db/sql-parameters';
import type { CustomerVisibility } from '../../policy/visibility/customers';
import { recipientLinks, visibleCustomerCondition } from '../../policy/visibility/customers';
import type { Loaders } from '../../loaders';
import { Consent } from '../consents/consent.entity';
import { consentPropertiesFor } from '../consents/consent.loaders';
import { CustomerSortField, SortDirection, type CustomerFilter, type CustomersArgs } from './customer.args';
import { Customer } from './customer.entity';
import { CustomerPrefetch } from './customer.prefetch';

const SORT_EXPRESSION: Record<CustomerSortField, (alias: string) => string> = {
  [CustomerSortField.CREATED_AT]: (alias) => `${alias}.created_at`,
  [CustomerSortField.EMAIL]: (alias) => `coalesce(lower(${alias}.email), '')`,
  [CustomerSortField.FULL_NAME]: (alias) => `coalesce(lower(${alias}.full_name), '')`,
};

/** The order a page of customers is read in: CREATED_AT ascending unless asked otherwise. */
export function customerPageOrder(args: CustomersArgs): { field: CustomerSortField; direction: SortDirection } {
  return { field: args.orderBy?.field ?? CustomerSortField.CREATED_AT, direction: args.orderBy?.direction ?? SortDirection.ASC };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** What the request reading customers asks of them: the Customer fields, and the Consent fields of their consents. */
export interface ReadAlong {
  loaders: Loaders;
  fields: ReadonlySet<string>;
  consentFields: ReadonlySet<string>;
}

/** What each Customer field reads beyond a column of its own name; relations go by the id. */
const CUSTOMER_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  address: ['addressStreet', 'addressCity', 'addressPostalCode', 'addressCountry'],
  consents: ['id'],
  disclosures: ['id'],
  accessLog: ['id'],
  refusedReads: ['id'],
  privacyRequests: ['id'],
};
/** The decision of every personal field needs these, whatever the operation asks. */
const CUSTOMER_KEY_PROPERTIES = ['id', 'erasedAt'];

/**
 * Reads customers with hand-written SQL (see EntityRows for why); which rows a principal sees comes from
 * src/policy/visibility/customers.ts. Pages are keyset pages in (sort key, id) order: the cursor holds only an id,
 * and the cursor row's sort key is read again in SQL, so no value (personal or not) travels in the cursor. The
 * cursor was issued to a caller with the same visibility, so its row was one the caller saw: the next page starts
 * after it even if the caller no longer sees it (it tells nothing the caller had not been shown).
 */
export class CustomerService {
  private readonly rows: EntityRows<Customer>;
  private readonly consentRows: EntityRows<Consent>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = EntityRows.of(dataSource, Customer);
    this.consentRows = EntityRows.of(dataSource, Consent);
  }

  private prefetch(visibility: CustomerVisibility, { loaders, fields, consentFields }: ReadAlong): CustomerPrefetch {
    const recipientProcessorId = visibility.scope === 'RECIPIENT' ? visibility.processorId : null;
    const consents = fields.has('consents') ? consentPropertiesFor(this.consentRows, consentFields) : null;
    return new CustomerPrefetch(this.consentRows, loaders, { consents, recipientProcessorId });
  }

  /** The select list of a statement reading customers `c`: the columns the fields need, and what is read along. */
  private selectList({ fields }: ReadAlong, prefetch: CustomerPrefetch, params: SqlParameters): string {
    const properties = this.rows.propertiesFor(fields, CUSTOMER_KEY_PROPERTIES, CUSTOMER_FIELD_PROPERTIES);
    return [this.rows.selectList('c', properties), ...prefetch.columns('c', params)].join(', ');
  }

  /** The customer, or null both when it does not exist and when the principal may not see it. */
  async findVisibleById(visibility: CustomerVisibility, id: string, along: ReadAlong): Promise<Customer | null> {
    const params = new SqlParameters();
    const prefetch = this.prefetch(visibility, along);
    const found = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${this.selectList(along, prefetch, params)} FROM customer c
       WHERE c.id = ${params.add(id)} AND ${visibleCustomerCondition(visibility, 'c', params)}`,
      params.values,
    );
    const customers = this.rows.fromRows(found);
    prefetch.apply(found, customers);
    return customers[0] ?? null;
  }

  /** The page `request` asks for; its cursors were issued to the caller for this order (src/common/cursor-seal.ts). */
  async page(visibility: CustomerVisibility, args: CustomersArgs, along: ReadAlong, request: PageRequest): Promise<Page<Customer>> {
    const { field, direction } = customerPageOrder(args);
    const prefetch = this.prefetch(visibility, along);
    const read = (keyset: KeysetRead, limit: number, selectList: (params: SqlParameters) => string) => {
      const params = new SqlParameters();
      const sql =
        visibility.scope === 'RECIPIENT' && field === CustomerSortField.CREATED_AT
          ? this.recipientPageSql(selectList(params), visibility.processorId, keyset, limit, args.filter, params)
          : this.pageSql(selectList(params), visibility, SORT_EXPRESSION[field], keyset, limit, args.filter, params);
      return this.dataSource.query<Record<string, unknown>[]>(sql, params.values);
    };
    const page = await readKeysetPage(request, {
      order: direction,
      rows: (keyset, limit) => read(keyset, limit, (params) => this.selectList(along, prefetch, params)),
      exists: async (keyset) => (await read(keyset, 1, () => 'c.id')).length > 0,
    });
    const customers = this.rows.fromRows(page.rows);
    prefetch.apply(page.rows, customers);
    return { ...page, rows: customers, countTotal: () => this.count(visibility, args.filter) };
  }

  private pageSql(
    selectList: string,
    visibility: CustomerVisibility,
    sortKey: (alias: string) => string,
    { direction, bounds }: KeysetRead,
    limit: number,
    filter: CustomerFilter | null | undefined,
    params: SqlParameters,
  ): string {
    const conditions = [
      visibleCustomerCondition(visibility, 'c', params),
      ...filterConditions(filter, params),
      ...bounds.map((bound) =>
        cursorCondition(bound, `${sortKey('c')}, c.id`, `${sortKey('cursor_row')}, cursor_row.id`, 'customer', params.add(bound.cursorId)),
      ),
    ];
    return `SELECT ${selectList} FROM customer c WHERE ${conditions.join(' AND ')}
            ORDER BY ${sortKey('c')} ${direction}, c.id ${direction} LIMIT ${params.add(limit)}`;
  }

  /**
   * A recipient's page in (created_at, id) order, driven by its links to customers (consents, disclosures) in
   * that order: each link table gives at most a page of distinct customers from its recipient-first index, and
   * the page is the first of their union. It reads about as many index entries as the page holds, whatever the
   * size of the table; walking the customer table instead cost 2 s a page at 1,000,000 customers.
   */
  private recipientPageSql(
    selectList: string,
    processorId: string,
    { direction, bounds }: KeysetRead,
    rowLimit: number,
    filter: CustomerFilter | null | undefined,
    params: SqlParameters,
  ): string {
    const limit = params.add(rowLimit);
    const cursors = bounds.map((bound) => ({ bound, parameter: params.add(bound.cursorId) }));
    const filters = filterConditions(filter, params);
    // `OFFSET 0` keeps each customer lookup a subquery of its own, run once per link row by its primary key: left
    // to itself the planner joins small tables by hashing the whole customer table, which grows with it.
    const matching =
      filters.length === 0
        ? ''
        : `CROSS JOIN LATERAL (SELECT 1 FROM customer c WHERE c.id = link.customer_id AND ${filters.join(' AND ')} OFFSET 0) matching`;
    const perLink = recipientLinks(processorId, params).map((link) => {
      const conditions = [
        link.live,
        ...cursors.map(({ bound, parameter }) =>
          cursorCondition(bound, 'link.customer_created_at, link.customer_id', 'cursor_row.created_at, cursor_row.id', 'customer', parameter),
        ),
      ];
      return `(SELECT DISTINCT link.customer_created_at AS created_at, link.customer_id AS id
               FROM ${link.from} ${matching}
               WHERE ${conditions.join(' AND ')}
               ORDER BY 1 ${direction}, 2 ${direction} LIMIT ${limit})`;
    });
    return `SELECT ${selectList}
            FROM (${perLink.join(' UNION ')}) seen
            CROSS JOIN LATERAL (SELECT * FROM customer c WHERE c.id = seen.id OFFSET 0) c
            ORDER BY seen.created_at ${direction}, seen.id ${direction} LIMIT ${limit}`;
  }

  private async count(visibility: CustomerVisibility, filter: CustomerFilter | null | undefined): Promise<number> {
    const params = new SqlParameters();
    const conditions = [visibleCustomerCondition(visibility, 'c', params), ...filterConditions(filter, params)];
    const [{ count }] = await this.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM customer c WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
    return count;
  }
}

/** The filter's conditions on the customer row `c`. */
function filterConditions(filter: CustomerFilter | null | undefined, params: SqlParameters): string[] {
  if (!filter) return [];
  const conditions: string[] = [];
  if (filter.createdAfter) conditions.push(`c.created_at > ${params.add(filter.createdAfter)}`);
  if (filter.createdBefore) conditions.push(`c.created_at < ${params.add(filter.createdBefore)}`);
  if (filter.locale) conditions.push(`c.locale = ${params.add(filter.locale)}`);
  if (filter.erased !== undefined && filter.erased !== null) conditions.push(filter.erased ? 'c.erased_at IS NOT NULL' : 'c.erased_at IS NULL');
  if (filter.emailContains) conditions.push(`c.email ILIKE ${params.add(`%${escapeLike(filter.emailContains)}%`)}`);
  if (filter.fullNameContains) conditions.push(`c.full_name ILIKE ${params.add(`%${escapeLike(filter.fullNameContains)}%`)}`);
  if (filter.country) conditions.push(`c.address_country = ${params.add(filter.country)}`);
  return conditions;
}
