/** The controller of the personal data and the policy version currently published (policy text in policy/ at the repository root). */
export const CONTROLLER = {
  name: 'Allprint',
  jurisdiction: 'AZ',
  policyName: { az: 'Məxfilik siyasəti', en: 'Privacy policy' },
} as const;

export const CURRENT_POLICY_VERSION = '2024-01';
