import type { PolicyTerm } from './vocabulary';

/**
 * The four grounds of policy §2 on which data may be disclosed without the customer's consent, in the policy's
 * order. The Azerbaijani descriptions are the policy's own list items.
 */
export const DISCLOSURE_GROUNDS = [
  {
    key: 'LEGAL_OBLIGATION',
    name: { az: 'Qanuni tələblərə riayət', en: 'Legal obligation' },
    description: {
      az: 'Qüvvədə olan qanunlara əsasən hüquqi prosesin tələblərinə və ya qanuni dövlət sifarişlərinə riayət olunması.',
      en: 'Applicable law, legal process or a lawful government request.',
    },
    policySection: '§2.1',
  },
  {
    key: 'TERMS_ENFORCEMENT',
    name: { az: 'Xidmət şərtlərinə riayət', en: 'Enforcing the terms of service' },
    description: {
      az: 'Potensial qayda pozuntuları daxil olmaqla, xidmətlərin təqdim edilməsi haqqında qüvvədə olan şərtlərə riayət olunması.',
      en: 'Enforcing the terms of service, including investigating potential violations.',
    },
    policySection: '§2.2',
  },
  {
    key: 'FRAUD_SECURITY',
    name: { az: 'Fırıldaqçılıq və təhlükəsizlik', en: 'Fraud and security' },
    description: {
      az: 'Fırıldaqçılıq əməliyyatlarının aşkar edilməsi, qarşısının alınması həmçinin təhlükəsizliklə bağlı problemlərin və texniki nasazlıqların həll olunması.',
      en: 'Detecting and preventing fraud; resolving security or technical problems.',
    },
    policySection: '§2.3',
  },
  {
    key: 'SAFETY_OF_USERS',
    name: { az: 'İstifadəçilərin qorunması', en: 'Safety of users' },
    description: {
      az: 'İstifadəçiləri qanunla tənzimlənən hüququ qaydada səlahiyyətinə və təhlükəsizliyinə təsir edəcək qüvvədən qorunması.',
      en: 'Protecting users or the public against harm to their rights, property or safety.',
    },
    policySection: '§2.4',
  },
] as const satisfies readonly PolicyTerm[];
