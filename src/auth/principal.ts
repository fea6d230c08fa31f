import type { PurposeCode } from '../policy/purposes';

export const ROLES = ['customer', 'staff', 'affiliate', 'analyst', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking. Built once per request from the bearer token; anonymous when there is none. */
export type Principal =
  | { role: 'anonymous' }
  | { role: 'customer'; subject: string; customerId: string }
  | { role: 'staff'; subject: string }
  | { role: 'analyst'; subject: string }
  | { role: 'privacy_officer'; subject: string }
  | { role: 'affiliate'; subject: string; processorId: string; purposes: readonly PurposeCode[]; tokenId: string };

export const ANONYMOUS: Principal = { role: 'anonymous' };

export type PrincipalOf<R extends Principal['role']> = Extract<Principal, { role: R }>;
