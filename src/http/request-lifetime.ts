import type { RequestHandler, Response } from 'express';
import { GraphQLError, getNamedType, getNullableType, isListType, isObjectType, Kind, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { apiError, ErrorCode } from '../common/errors';
import type { Context } from '../context';
import type { AdmissionCheck } from './plugins/admission';
import { sendHttpError } from './http-errors';

export type EndReason = 'deadline' | 'client-gone' | 'completed';

/** How long a request may run, and whether it ended before its answer was sent. */
export class RequestLifetime {
  private endedBy: EndReason | null = null;
  private timer: NodeJS.Timeout | undefined;
  private onDeadline: (deadlineMs: number) => void = () => {};

  /** (Re)starts the deadline: `deadlineMs` from now, the request ends and `onDeadline` answers the client. */
  setDeadline(deadlineMs: number, onDeadline: (deadlineMs: number) => void = this.onDeadline): void {
    this.onDeadline = onDeadline;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.end('deadline');
      onDeadline(deadlineMs);
    }, deadlineMs);
  }

  end(reason: EndReason): void {
    clearTimeout(this.timer);
    if (reason === 'completed') return;
    this.endedBy ??= reason;
  }

  /** Its answer will not be delivered as computed: the deadline passed (the client got 503) or the client left. */
  get abandoned(): boolean {
    return this.endedBy !== null;
  }

  get reason(): EndReason | null {
    return this.endedBy;
  }
}

/**
 * Root fields whose work is legitimately long: verifying the whole audit log from zero reads every event (about
 * 20 s per million, bench/audit-results.md). They get the long deadline once the operation is known.
 */
const LONG_RUNNING_FIELDS: ReadonlySet<string> = new Set(['verifyAuditChain']);

export function longRunningOperations(longDeadlineMs: number): AdmissionCheck {
  return ({ operation, contextValue }) => {
    const fields = operation?.selectionSet.selections ?? [];
    if (fields.some((selection) => selection.kind === Kind.FIELD && LONG_RUNNING_FIELDS.has(selection.name.value))) {
      contextValue.lifetime.setDeadline(longDeadlineMs);
    }
  };
}

const LIFETIME = Symbol('request lifetime');

export function lifetimeOf(res: Response): RequestLifetime {
  const lifetime = (res.locals as Record<symbol, RequestLifetime | undefined>)[LIFETIME];
  if (!lifetime) throw new Error('requestLifetimes() must run before the GraphQL handler');
  return lifetime;
}

/**
 * Gives each request a deadline: when it passes, the client gets 503 DEADLINE_EXCEEDED at once, and the request's
 * resolvers stop at the next field that would start work (`stopAbandonedWork`). A client that disconnects ends
 * its request the same way. The database statement timeout, shorter than the deadline, frees a connection held
 * by a statement already running.
 */
export function requestLifetimes(deadlineMs: number): RequestHandler {
  return (_req, res, next) => {
    const lifetime = new RequestLifetime();
    (res.locals as Record<symbol, RequestLifetime>)[LIFETIME] = lifetime;
    lifetime.setDeadline(deadlineMs, (ms) => {
      if (res.headersSent) return;
      sendHttpError(res, 503, ErrorCode.DEADLINE_EXCEEDED, `The request did not complete within ${ms} ms.`, { 'Retry-After': '1' });
    });
    res.on('close', () => lifetime.end(res.writableFinished ? 'completed' : 'client-gone'));
    next();
  };
}

const abandonedError = (lifetime: RequestLifetime): GraphQLError =>
  apiError(ErrorCode.DEADLINE_EXCEEDED, lifetime.reason === 'deadline' ? 'The request ran out of time.' : 'The client disconnected.');

const stopIfAbandoned: IMiddlewareFunction<unknown, Context> = (resolve, parent, args, context, info) => {
  if (context.lifetime.abandoned) throw abandonedError(context.lifetime);
  return resolve(parent, args, context, info);
};

/**
 * The fields where work starts or fans out: every root field, and every field that returns a list of objects.
 * Checking there, not on every field, keeps the cost off the scalars of a page (measured by `npm run bench`).
 */
export function stopAbandonedWork(schema: GraphQLSchema): IMiddlewareTypeMap {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((type) => type !== null && type !== undefined);
  const map: IMiddlewareTypeMap = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isRoot = roots.includes(type);
    const fields = Object.values(type.getFields()).filter(
      (field) => isRoot || (isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type))),
    );
    if (fields.length > 0) map[type.name] = Object.fromEntries(fields.map((field) => [field.name, stopIfAbandoned]));
  }
  return map;
}
