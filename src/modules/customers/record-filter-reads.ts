import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../../context';
import { categoriesFilteredOrSorted } from '../../policy/filter-reads';
import { recordCategoryReads } from '../audit/record-personal-reads';
import { CustomerFilter, SORT_FIELD_CATEGORY } from './customer.args';
import { CustomerConnection } from './customer.connection';

/**
 * A filter or a sort on a personal field reads that field of the customers it matches or orders (issue 13): once the
 * page has resolved, each customer it returns is recorded as having had those fields read, whatever the operation
 * selects. Only the page is recorded: the answer names no other customer, and `totalCount` only counts the matches;
 * each of them is recorded when a page returns it. Runs inside the shield, so only for a filter the shield allowed.
 */
export const recordFilterReads: MiddlewareFn<Context> = async ({ args, context }, next) => {
  const connection: unknown = await next();
  const categories = categoriesFilteredOrSorted(CustomerFilter.name, SORT_FIELD_CATEGORY, args);
  if (categories.length > 0 && connection instanceof CustomerConnection) {
    await recordCategoryReads(
      context,
      'Customer',
      connection.edges.map((edge) => edge.node),
      categories,
    );
  }
  return connection;
};
