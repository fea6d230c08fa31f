import { GraphQLError } from 'graphql';
import { unavailableReason } from '../db/unavailable';
import { OperatorError } from './operator-error';

/** What Node's `listen` puts on the error it emits: the address and port it could not bind. */
interface ListenError {
  syscall: 'listen';
  code: string;
  address: string;
  port: number;
}

function isListenError(error: unknown): error is ListenError {
  return typeof error === 'object' && error !== null && (error as { syscall?: unknown }).syscall === 'listen';
}

function listenFailure({ code, address, port }: ListenError): string | null {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${address} is in use by another process; stop it or set PORT`;
    case 'EACCES':
      return `port ${port} on ${address} needs privileges this user lacks; set PORT above 1023`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this machine; set HOST`;
    default:
      return null;
  }
}

/**
 * The one line that tells the operator what is wrong and what to do, or null when `error` is a bug, which only its
 * stack explains.
 */
export function operatorLine(error: unknown): string | null {
  if (error instanceof OperatorError || error instanceof GraphQLError) return error.message;
  if (isListenError(error)) return listenFailure(error);
  const reason = unavailableReason(error);
  return reason === null ? null : `the database became unavailable (${reason}); check that it runs and DATABASE_URL`;
}

/**
 * Prints a failure that ends the process on stderr: `prefix` and one line for what the operator fixes, the stack for
 * a bug, and the stack too under LOG_LEVEL=debug or trace. LOG_LEVEL is read from the environment here, not from the
 * configuration: the configuration may be what failed.
 */
export function reportFailure(prefix: string, error: unknown): void {
  const line = operatorLine(error);
  if (line === null) {
    console.error(`${prefix}unexpected error:`, error);
    return;
  }
  console.error(`${prefix}${line}`);
  if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '')) console.error(error);
}
