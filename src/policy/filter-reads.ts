import type { DataCategory } from './data-categories';
import { personalFieldsOf } from './personal';

/** A list's filter and sort, as the arguments of the operation give them. */
export interface FilterAndSort {
  filter?: Readonly<Record<string, unknown>> | null;
  orderBy?: { readonly field: string } | null;
}

/**
 * The personal data a filter and a sort read of every customer they match or order: a match says what the value is,
 * an order how values compare. These are the categories of the input fields of `filterType` tagged `@Personal` that
 * are set, and of the sort field. The one list decides who may filter so and what such a filter records.
 */
export function categoriesFilteredOrSorted(
  filterType: string,
  sortCategories: Readonly<Record<string, DataCategory | null>>,
  { filter, orderBy }: FilterAndSort,
): DataCategory[] {
  const personal = personalFieldsOf(filterType);
  const filtered = Object.entries(filter ?? {}).flatMap(([field, value]) => {
    const category = value === null || value === undefined ? undefined : personal.get(field);
    return category === undefined ? [] : [category];
  });
  const sorted = orderBy ? sortCategories[orderBy.field] : null;
  return [...new Set([...filtered, ...(sorted ? [sorted] : [])])];
}
