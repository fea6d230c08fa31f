/** The tunable parts of the request procedure; defaults here, overridden from the environment in config.ts. */
export interface RequestSettings {
  /** Days from submission to the due date, unless a service's procedure says otherwise. */
  deadlineDays: number;
  /** A request is proposed as REPETITIVE when the customer made more than this many of its type in the window. */
  repetitiveLimit: number;
  repetitiveWindowDays: number;
  verificationCodeTtlMinutes: number;
  verificationMaxAttempts: number;
  /** How long an access export can be downloaded. */
  exportTtlHours: number;
  /** Log one-time codes (development only: the sender is not wired in there). */
  logVerificationCodes: boolean;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  deadlineDays: 30,
  repetitiveLimit: 2,
  repetitiveWindowDays: 90,
  verificationCodeTtlMinutes: 15,
  verificationMaxAttempts: 5,
  exportTtlHours: 72,
  logVerificationCodes: false,
};
