import type { PrivacyRequestType } from './privacy-request.enums';

/** A channel a one-time code is sent over. */
export type VerificationChannel = 'EMAIL' | 'SMS';

/**
 * How a service handles its privacy requests ("some services apply their own procedure", policy §5):
 * its deadline and the codes a customer must confirm. Add an entry to give a service its own procedure.
 */
export interface RequestProcedure {
  service: string;
  description: string;
  /** Days from submission to the due date; null uses the configured default. */
  deadlineDays: number | null;
  /** The codes to confirm, in order: more than one is an extra verification step. */
  verificationChannels: (type: PrivacyRequestType) => readonly VerificationChannel[];
}

export const DEFAULT_SERVICE = 'default';

export const REQUEST_PROCEDURES: readonly RequestProcedure[] = [
  {
    service: DEFAULT_SERVICE,
    description: 'The personal cabinet: a code sent by email.',
    deadlineDays: null,
    verificationChannels: () => ['EMAIL'],
  },
  {
    // The print archive holds customers' uploaded documents: erasing it or exporting it is confirmed twice.
    service: 'print-archive',
    description: 'Allprint print archive: a 14-day deadline; access and erasure need a second code by SMS.',
    deadlineDays: 14,
    verificationChannels: (type) => (type === 'RECTIFICATION' ? ['EMAIL'] : ['EMAIL', 'SMS']),
  },
];

export function procedureFor(service: string): RequestProcedure | undefined {
  return REQUEST_PROCEDURES.find((procedure) => procedure.service === service);
}
