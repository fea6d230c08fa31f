import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { rule } from 'graphql-shield';
import type { Principal } from '../auth/principal';
import { apiError, ErrorCode } from '../common/errors';
import type { Context } from '../context';
import { isDatabaseUnavailable, serviceUnavailableError } from '../db/unavailable';
import type { DataCategory } from './data-categories';
import { mayFilterOnPersonalData, type Decision } from './decide';
import { categoriesFilteredOrSorted, type FilterAndSort } from './filter-reads';
import type { CustomerRef } from './read-decisions';

/**
 * The shield's rules, each checking one thing. Rules that read only the principal use the `contextual`
 * cache (once per request); rules that read the parent or the arguments use `no_cache`, so that one
 * customer's answer is never reused for another.
 */

const hasRole = (role: Principal['role']) =>
  rule(`principal is ${role}`, { cache: 'contextual' })((_parent, _args, ctx: Context) => ctx.principal.role === role);

export const isCustomer = hasRole('customer');
export const isStaff = hasRole('staff');
export const isAffiliate = hasRole('affiliate');
export const isAnalyst = hasRole('analyst');
export const isPrivacyOfficer = hasRole('privacy_officer');

/**
 * An affiliate whose processor may be used now. An inactive processor receives nothing about customers, not even
 * that one exists; it is told so in one error before any lookup, so the answer is the same for every customer id.
 * (The rows themselves are kept from it in src/policy/visibility/customers.ts as well.)
 */
export const isActiveRecipient = rule('principal is an affiliate of an active processor', { cache: 'contextual' })(
  async (_parent, _args, ctx: Context) => {
    if (ctx.principal.role !== 'affiliate') return false;
    const processor = await ctx.loaders.processorById.load(ctx.principal.processorId);
    return processor?.active === true || apiError(ErrorCode.PROCESSOR_INACTIVE, 'The processor is not active: it receives no customer data.');
  },
);

export const isSignedIn = rule('principal is signed in', { cache: 'contextual' })(
  (_parent, _args, ctx: Context) => ctx.principal.role !== 'anonymous',
);

/** The customer principal names itself in the argument `argument`. */
export const isCustomerNamedInArgument = (argument: string) =>
  rule(`customer principal is the customer in argument ${argument}`, { cache: 'no_cache' })(
    (_parent, args: Record<string, unknown>, ctx: Context) =>
      ctx.principal.role === 'customer' &&
      // A UUID argument arrives lower-cased by its scalar, as the principal's id is.
      args[argument] === ctx.principal.customerId,
  );

/** The customer principal is the customer being resolved. */
export const isCustomerThemself = rule('customer principal is the parent customer', { cache: 'no_cache' })(
  (parent: { id: string }, _args, ctx: Context) =>
    ctx.principal.role === 'customer' && parent.id === ctx.principal.customerId,
);

/**
 * A personal field of a customer, decided by the policy's one decision function at the moment of the read
 * (once per customer and category in a request). It only decides: the allowed read is recorded for the
 * audit by `recordPersonalReads` once the field has resolved.
 */
export const canReadPersonalField = (category: DataCategory) =>
  rule(`may read personal data ${category}`, { cache: 'no_cache' })(
    async (parent: CustomerRef, _args, ctx: Context, info: GraphQLResolveInfo) => {
      let decision: Decision;
      try {
        decision = await ctx.decisions.decide(parent, category);
      } catch (error) {
        // graphql-shield turns a rule that throws into its fallback, FORBIDDEN: facts that could not be read because the
        // database is unavailable are returned as the 503 error instead, so an outage is never taken for a refusal.
        if (isDatabaseUnavailable(error)) return serviceUnavailableError();
        throw error;
      }
      if (decision.allowed) return true;
      // Shown to the customer (Customer.refusedReads) when the principal is a recipient (see RefusalBuffer).
      ctx.refusals.record(parent.id, info.fieldName, decision.reason);
      return new GraphQLError(`Not authorised to read ${info.parentType.name}.${info.fieldName}: ${decision.explanation}.`, {
        extensions: { code: decision.reason, category },
      });
    },
  );

/** Filters and sorts only on fields the principal may read for every customer returned. */
export const filtersOnlyOnReadableFields = (filterType: string, sortCategories: Record<string, DataCategory | null>) =>
  rule(`filters and sorts of ${filterType} reveal no personal data`, { cache: 'no_cache' })(
    (_parent, args: FilterAndSort, ctx: Context) => {
      const revealed = categoriesFilteredOrSorted(filterType, sortCategories, args);
      if (revealed.length === 0 || mayFilterOnPersonalData(ctx.principal)) return true;
      return apiError(
        ErrorCode.PERSONAL_FILTER_FORBIDDEN,
        `Filtering or sorting on personal data (${revealed.join(', ')}) is for the privacy officer only.`,
      );
    },
  );
