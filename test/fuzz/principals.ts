import { PURPOSE_CODES, type PurposeCode } from '../../src/policy/purposes';
import type { Category } from './personal-values';

/** What a principal may read, by the policy as the README states it, written out for the scene (not asked of the server). */
export type ReadRule =
  | { kind: 'nothing' }
  | { kind: 'everything' }
  | { kind: 'own'; customerId: string }
  /** A recipient: by the request's purpose, which customers' categories it may read. */
  | {
      kind: 'recipient';
      tokenPurposes: readonly PurposeCode[];
      readable: Partial<Record<PurposeCode, ReadableData[]>>;
      disclosed: ReadableData[];
    };

export interface ReadableData {
  customerId: string;
  categories: readonly Category[];
}

export interface FuzzPrincipal {
  /** Names the role in reports, e.g. "affiliate (consented)". */
  name: string;
  /** Authorization, when the principal has a token. */
  headers: Record<string, string>;
  /** X-Processing-Purpose values to try with this principal (undefined: no header). */
  purposeHeaders: ReadonlyArray<string | undefined>;
  rule: ReadRule;
  /** How many turns it gets in each round of the run (a refused token needs fewer: every answer is the same 401). */
  turns: number;
}

/** Case `index`'s principal: each in turn, as many times in a row of the schedule as its `turns`. */
export function principalOf(principals: readonly FuzzPrincipal[], index: number): FuzzPrincipal {
  const schedule = principals.flatMap((principal) => Array<FuzzPrincipal>(principal.turns).fill(principal));
  return schedule[index % schedule.length];
}

/**
 * The purpose a recipient's request is made for (README, "The recipient rule"): the header's code, or the token's
 * only purpose when there is no header; null when the request is refused as a whole (unknown code, none stated
 * for a several-purpose token, a purpose outside the token). HTTP strips the header value's surrounding spaces.
 */
export function requestPurpose(tokenPurposes: readonly PurposeCode[], header: string | undefined): PurposeCode | null {
  const stated = header?.trim() || undefined;
  if (stated === undefined) return tokenPurposes.length === 1 ? tokenPurposes[0] : null;
  if (!(PURPOSE_CODES as readonly string[]).includes(stated)) return null;
  return tokenPurposes.includes(stated as PurposeCode) ? (stated as PurposeCode) : null;
}

const covers = (data: readonly ReadableData[], customerId: string, category: Category) =>
  data.some((entry) => entry.customerId === customerId && entry.categories.includes(category));

/** Whether the principal, sending this purpose header, may see this customer's value of this category. */
export function mayRead(rule: ReadRule, header: string | undefined): (customerId: string, category: Category) => boolean {
  switch (rule.kind) {
    case 'nothing':
      return () => false;
    case 'everything':
      return () => true;
    case 'own':
      return (customerId) => customerId === rule.customerId;
    case 'recipient': {
      const purpose = requestPurpose(rule.tokenPurposes, header);
      if (purpose === null) return () => false;
      const consented = rule.readable[purpose] ?? [];
      return (customerId, category) => covers(rule.disclosed, customerId, category) || covers(consented, customerId, category);
    }
  }
}
