/** A term of the privacy vocabulary, named in both languages the policy is published in. */
export interface Term<K extends string = string> {
  key: K;
  name: { az: string; en: string };
  description: { az: string; en: string };
}

/**
 * A term the published policy states, with where it states it. The text has no section numbers: this repository
 * numbers its five parts §1–§5 and the items of a numbered list within a part (§2.1), as policy/README.md does.
 */
export interface PolicyTerm<K extends string = string> extends Term<K> {
  policySection: string;
}

/**
 * A term the policy names within a sentence rather than as an item of its own, so that its Azerbaijani description
 * cannot simply be the policy's words: these are kept beside it, verbatim (test/policy-text.test.ts finds them).
 */
export interface WordedPolicyTerm<K extends string = string> extends PolicyTerm<K> {
  policyWording: string;
}
