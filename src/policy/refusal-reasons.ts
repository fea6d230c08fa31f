import { IDENTITY_PROOF_WORDING } from './verification-methods';
import type { WordedPolicyTerm } from './vocabulary';

/**
 * Why a privacy request may be refused: the three grounds policy §5 names in one sentence, and the identity that
 * was not proven, which §5 requires before any request is acted on.
 */
export const REFUSAL_REASONS = [
  {
    key: 'TECHNICALLY_INFEASIBLE',
    name: { az: 'Texniki cəhətdən çox çətin', en: 'Technically very hard' },
    description: {
      az: 'Sorğu texniki cəhətdən yalnız çox çətinliklə yerinə yetirilə bilər.',
      en: 'Technically very hard to carry out.',
    },
    policySection: '§5',
    policyWording: 'Texniki cəhətdən çox çətinliklə yerinə yetirilən',
  },
  {
    key: 'ENDANGERS_OTHERS_PRIVACY',
    name: { az: 'Digər istifadəçilərin məxfiliyinə təhlükə', en: "Risk to other users' privacy" },
    description: {
      az: 'Sorğunun yerinə yetirilməsi digər istifadəçilərə məxsus məlumatların məxfiliyinə təhlükə yaradardı.',
      en: "Carrying it out would put other users' privacy at risk.",
    },
    policySection: '§5',
    policyWording: 'digər istifadəçilərə məxsus məlumatların məxfiliyinə təhlükə yaradan',
  },
  {
    key: 'REPETITIVE',
    name: { az: 'Ehtiyacsız təkrarlanan sorğu', en: 'Repeated without need' },
    description: {
      az: 'Sorğu ehtiyac olmadan davamlı şəkildə və ya tez-tez təkrarlanır (bu səbəbi sistem təklif edir).',
      en: 'Continuous or frequently repeated without need (the system proposes it).',
    },
    policySection: '§5',
    policyWording: 'davamlı şəkildə yaxud tez-tez təkrarlanan sorğulara',
  },
  {
    key: 'IDENTITY_NOT_VERIFIED',
    name: { az: 'Şəxsiyyət təsdiq edilməyib', en: 'Identity not verified' },
    description: {
      az: 'Şəxsiyyət və məlumatın sifarişçiyə məxsus olduğu vaxtında təsdiq edilməyib (bu səbəbi sistem qeyd edir).',
      en: 'The identity was not proven in time (set by the system).',
    },
    policySection: '§5',
    policyWording: IDENTITY_PROOF_WORDING,
  },
] as const satisfies readonly WordedPolicyTerm[];
