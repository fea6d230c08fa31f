import { apiError, type ErrorCode } from '../common/errors';

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** The unique indexes a caller expects a write to violate, as the migrations name them. */
export type UniqueConstraint = 'customer_email_unique' | 'customer_external_ref_unique' | 'processor_name_unique';

/**
 * Whether `error` is PostgreSQL's unique violation of one of `constraints` (as pg raises it, or as TypeORM's
 * QueryFailedError copies it). Callers name the constraints they expect: a violation of any other is a fault,
 * which must propagate and be answered as an internal error rather than as the caller's conflict.
 */
export function isUniqueViolation(error: unknown, ...constraints: UniqueConstraint[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && constraints.some((expected) => expected === constraint);
}

/** The API error a unique violation of `constraint` is answered with. */
export interface UniqueConflict {
  constraint: UniqueConstraint;
  code: ErrorCode;
  message: string;
}

/** Runs `work`; a unique violation of the conflict's constraint becomes its API error, any other error propagates. */
export async function answeringUniqueViolation<T>(conflict: UniqueConflict, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, conflict.constraint)) throw apiError(conflict.code, conflict.message);
    throw error;
  }
}
