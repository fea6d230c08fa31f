import { Query, Resolver } from 'type-graphql';
import { DATA_CATEGORIES } from '../../policy/data-categories';
import { DISCLOSURE_GROUNDS } from '../../policy/disclosure-grounds';
import { REFUSAL_REASONS } from '../../policy/refusal-reasons';
import { VERIFICATION_METHODS } from '../../policy/verification-methods';
import type { PolicyTerm } from '../../policy/vocabulary';
import { DataCategoryTerm } from './data-category.types';
import { VocabularyTerm } from './vocabulary-term.types';

/** A term as the API shows it: the data's own fields, without what only the code or the tests read. */
function vocabularyTermOf({ key, name, description, policySection }: PolicyTerm): VocabularyTerm {
  return { key, name, description, policySection };
}

@Resolver()
export class VocabularyResolver {
  @Query(() => [DataCategoryTerm], { description: 'The categories of personal data that fields are tagged with.' })
  dataCategories(): DataCategoryTerm[] {
    return DATA_CATEGORIES.map(({ key, name, description }) => ({
      key,
      parent: key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : null,
      name,
      description,
    }));
  }

  @Query(() => [VocabularyTerm], {
    description: 'The grounds of policy §2 on which data may be disclosed without consent (the values of DisclosureGround), in the policy order.',
  })
  disclosureGrounds(): VocabularyTerm[] {
    return DISCLOSURE_GROUNDS.map(vocabularyTermOf);
  }

  @Query(() => [VocabularyTerm], {
    description: 'The reasons a privacy request may be refused on (the values of RefusalReason, policy §5).',
  })
  refusalReasons(): VocabularyTerm[] {
    return REFUSAL_REASONS.map(vocabularyTermOf);
  }

  @Query(() => [VocabularyTerm], {
    description: 'The ways a customer proves their identity before a request is acted on (the values of VerificationMethod, policy §5).',
  })
  verificationMethods(): VocabularyTerm[] {
    return VERIFICATION_METHODS.map(vocabularyTermOf);
  }
}
