import { createParameterDecorator } from 'type-graphql';
import type { Context } from '../context';

/** Injects the request's principal into a resolver method. */
export function CurrentPrincipal() {
  return createParameterDecorator<Context>(({ context }) => context.principal);
}
