import { PURPOSES } from '../../policy/purposes';
import { registerVocabularyEnum } from '../vocabulary/vocabulary-enum';

/** The purposes of policy §1 as a GraphQL enum, so that an unknown code is rejected before any resolver runs. */
export const PurposeCodeEnum = registerVocabularyEnum(PURPOSES, { name: 'PurposeCode', description: 'A purpose of processing from policy §1.' });
