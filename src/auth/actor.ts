import { basename } from 'node:path';
import type { Principal } from './principal';

/**
 * Who did something, as the rows that record it say (consent events, privacy requests and their history,
 * disclosures, processor trust, partner tokens, trusted documents, notice confirmations): one format,
 * `<kind>:<name>`, built only by the functions below (test/actors.test.ts reads back what each writer stored).
 *
 * - A signed-in principal is `<role>:<subject>`: its token's role and subject. The subject is the identity
 *   provider's and opaque, and may itself contain ':' (`privacy_officer:officer:nigar`): a reader splits an actor
 *   at its first ':' only.
 * - A customer acting for themself is `customer:<customer id>`, the id in its canonical lower-case form, however
 *   their token spelled it.
 * - The hub itself is `system:<job>`, one constant per job (SYSTEM_ACTORS), or `system:import:<file name>`.
 *
 * The audit log is not written through this: its rows keep role and subject in columns of their own, sealed into
 * the audit tree.
 */
/** Who did something, in the format above. */
export type Actor = string;

type SignedInPrincipal = Exclude<Principal, { role: 'anonymous' }>;

const actor = (kind: string, name: string): Actor => `${kind}:${name}`;

export function actorOf(principal: SignedInPrincipal): Actor {
  return principal.role === 'customer' ? customerActor(principal.customerId) : actor(principal.role, principal.subject);
}

/** A customer acting for themself, known by their id (the form the request rows already hold). */
export function customerActor(customerId: string): Actor {
  return actor('customer', customerId);
}

/** The jobs the hub runs on its own. */
export const SYSTEM_ACTORS = {
  /** Refuses a privacy request whose identity check lapsed (code expired, or too many wrong codes). */
  requestVerification: actor('system', 'request-verification'),
  /** `npm run token`, issuing a partner token from the command line. */
  tokenCli: actor('system', 'token-cli'),
  /** `npm run seed:demo`, writing the demo data set. */
  demoSeed: actor('system', 'demo-seed'),
} as const;

/** `npm run import` of one file, known by the file's name (not its path, which says where the operator keeps it). */
export function importActor(filePath: string): Actor {
  return actor('system', `import:${basename(filePath)}`);
}
