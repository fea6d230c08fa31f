import { PrivacyRequestStatus as Status } from './privacy-request.enums';

/** Every change a request's status may undergo, and the statuses it may start from. */
export const TRANSITIONS = {
  VERIFY: { from: [Status.AWAITING_VERIFICATION], to: Status.VERIFIED },
  LAPSE_VERIFICATION: { from: [Status.AWAITING_VERIFICATION], to: Status.REFUSED },
  REQUIRE_FEE: { from: [Status.VERIFIED, Status.IN_PROGRESS], to: Status.AWAITING_FEE_ACCEPTANCE },
  ACCEPT_FEE: { from: [Status.AWAITING_FEE_ACCEPTANCE], to: Status.VERIFIED },
  ASSIGN: { from: [Status.VERIFIED, Status.IN_PROGRESS], to: Status.IN_PROGRESS },
  COMPLETE: { from: [Status.IN_PROGRESS], to: Status.COMPLETED },
  REFUSE: { from: [Status.VERIFIED, Status.AWAITING_FEE_ACCEPTANCE, Status.IN_PROGRESS], to: Status.REFUSED },
} as const satisfies Record<string, { from: readonly Status[]; to: Status }>;

export type Transition = keyof typeof TRANSITIONS;

export const OPEN_STATUSES: readonly Status[] = [Status.AWAITING_VERIFICATION, Status.VERIFIED, Status.AWAITING_FEE_ACCEPTANCE, Status.IN_PROGRESS];

export function allows(transition: Transition, from: Status): boolean {
  return (TRANSITIONS[transition].from as readonly Status[]).includes(from);
}
