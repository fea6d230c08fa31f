import type { WordedPolicyTerm } from './vocabulary';

/** The words of policy §5 asking for proof of identity and ownership before a request is acted on. */
export const IDENTITY_PROOF_WORDING = 'istifadəçidən şəxsiyyətini və məlumatın ona məxsus olduğunu təsdiq etməyi xahiş edirik';

/** How a customer proves their identity and that the data is theirs before a request is acted on (policy §5). */
export const VERIFICATION_METHODS = [
  {
    key: 'ONE_TIME_CODE',
    name: { az: 'Birdəfəlik kod', en: 'One-time code' },
    description: {
      az: 'Sifarişçi ona göndərilmiş birdəfəlik kodu (kodları) təsdiq edib.',
      en: 'The customer confirmed the one-time code(s) sent to them.',
    },
    policySection: '§5',
    policyWording: IDENTITY_PROOF_WORDING,
  },
  {
    key: 'STAFF_ASSISTED',
    name: { az: 'Əməkdaşın köməyi ilə', en: 'Staff-assisted' },
    description: {
      az: 'Əməkdaş zəng edən şəxsin şəxsiyyətini telefonla yoxlayıb.',
      en: 'A staff member verified the caller on the phone.',
    },
    policySection: '§5',
    policyWording: IDENTITY_PROOF_WORDING,
  },
] as const satisfies readonly WordedPolicyTerm[];
