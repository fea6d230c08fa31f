import type { Term } from './vocabulary';

export interface PurposeTerm extends Term {
  /**
   * Whether the company's own processing for this purpose needs the customer's consent. Disclosure to any
   * recipient outside the company needs consent whatever this says (policy §2).
   */
  consentRequired: boolean;
  /** Where the purpose is stated in the published policy. */
  policySection: string;
}

/** The five purposes of processing of policy §1, in the policy's order. Seeded into `purpose`. */
export const PURPOSES = [
  {
    key: 'PERSONALIZATION',
    name: {
      az: 'İstifadəçilərə şəxsiləşdirilmiş məzmun və reklamın göstərilməsi',
      en: 'Personalised content and advertising',
    },
    description: {
      az: 'İstifadəçilərə şəxsiləşdirilmiş məzmun və reklamın göstərilməsi xidməti.',
      en: 'Showing users personalised content and advertising.',
    },
    consentRequired: true,
    policySection: '§1.1',
  },
  {
    key: 'SERVICE_PROTECTION_AND_IMPROVEMENT',
    name: {
      az: 'Xidmətlərin qorunması və təkmilləşdirilməsi',
      en: 'Protecting and improving the services',
    },
    description: {
      az: 'Xidmətlərimizin qorunması və təkmilləşdirilməsini təmin edən yoxlama, araşdırma və analiz etmə.',
      en: 'Checking, research and analysis that protect and improve the services.',
    },
    consentRequired: false,
    policySection: '§1.2',
  },
  {
    key: 'TECHNICAL_SUPPORT',
    name: { az: 'Texniki dəstək', en: 'Technical support' },
    description: {
      az: 'Xidmətlərimizin texniki cəhətdən fəaliyyətinə dəstək.',
      en: 'Keeping the services technically running.',
    },
    consentRequired: false,
    policySection: '§1.3',
  },
  {
    key: 'RIGHTS_AND_PROPERTY_PROTECTION',
    name: { az: 'Hüquq və mülkiyyətin qorunması', en: 'Protecting rights and property' },
    description: {
      az: 'Allprint şirkətinin və ya istifadəçilərimizin hüquq və mülkiyyətinin qorunması.',
      en: 'Protecting the rights and property of the company or of its users.',
    },
    consentRequired: false,
    policySection: '§1.4',
  },
  {
    key: 'NEW_SERVICES',
    name: { az: 'Yeni xidmət növlərinin işlənib hazırlanması', en: 'Developing new services' },
    description: {
      az: 'Yeni xidmət növlərinin işlənib hazırlanması.',
      en: 'Developing new kinds of services.',
    },
    consentRequired: true,
    policySection: '§1.5',
  },
] as const satisfies readonly PurposeTerm[];

export type PurposeCode = (typeof PURPOSES)[number]['key'];

export const PURPOSE_CODES: readonly PurposeCode[] = PURPOSES.map((purpose) => purpose.key);

export function isPurposeCode(value: unknown): value is PurposeCode {
  return typeof value === 'string' && (PURPOSE_CODES as readonly string[]).includes(value);
}
