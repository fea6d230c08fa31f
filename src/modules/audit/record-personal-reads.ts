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
