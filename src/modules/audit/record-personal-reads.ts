import type { GraphQLResolveInfo } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import type { Context } from '../../context';
import type { DataCategory } from '../../policy/data-categories';
import { personalFieldsOf } from '../../policy/personal';
import type { CustomerRef } from '../../policy/read-decisions';

type Resolve = (parent: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo) => unknown;

/**
 * Records an allowed personal read in the request's audit buffer once the field has resolved, on the basis
 * the decision gave. Runs inside the shield, so it only sees reads the shield let through; the decision is
 * the request's memoised one, never a second opinion.
 */
export function recordPersonalReads(typeName: string): IMiddlewareTypeMap<CustomerRef, Context> {
  const recordAs =
    (category: DataCategory) => async (resolve: Resolve, parent: CustomerRef, args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
      const value = await resolve(parent, args, ctx, info);
      const decision = await ctx.decisions.decision(parent, category);
      if (decision.allowed) ctx.audit.record(parent.id, info.fieldName, decision.basis);
      return value;
    };
  return { [typeName]: Object.fromEntries([...personalFieldsOf(typeName)].map(([field, category]) => [field, recordAs(category)])) };
}

/**
 * Records that `customers` had their fields of `typeName` holding `categories` read without the fields being
 * returned (as a filter or a sort reads them), named as a read of those fields is named, on the basis the request's
 * decision gives: merged into each customer's one event of the request. A read the decision refuses (an erased
 * customer has no value left) is not recorded.
 */
export async function recordCategoryReads(
  ctx: Context,
  typeName: string,
  customers: readonly CustomerRef[],
  categories: readonly DataCategory[],
): Promise<void> {
  // A filter or a sort reads the values held, never an address still waiting for confirmation.
  const fields = [...personalFieldsOf(typeName)].filter(([field]) => field !== 'pendingEmail');
  const reads = customers.flatMap((customer) => categories.map((category) => ({ customer, category })));
  await Promise.all(
    reads.map(async ({ customer, category }) => {
      const decision = await ctx.decisions.decision(customer, category);
      if (!decision.allowed) return;
      for (const [field] of fields.filter(([, held]) => held === category)) ctx.audit.record(customer.id, field, decision.basis);
    }),
  );
}
