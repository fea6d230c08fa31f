import { DISCLOSURE_GROUNDS } from '../../policy/disclosure-grounds';
import { registerVocabularyEnum } from '../vocabulary/vocabulary-enum';

/** The four grounds of policy §2 on which data may be disclosed without consent (src/policy/disclosure-grounds.ts). */
export const DisclosureGround = registerVocabularyEnum(DISCLOSURE_GROUNDS, {
  name: 'DisclosureGround',
  description: 'A ground of policy §2 for access without consent.',
});
export type DisclosureGround = (typeof DisclosureGround)[keyof typeof DisclosureGround];
