import { Field, ObjectType } from 'type-graphql';
import { LocalizedText } from '../../common/localized-text';

@ObjectType({
  description: 'A term of the policy vocabulary (a disclosure ground, a refusal reason, a verification method), named in Azerbaijani and English.',
})
export class VocabularyTerm {
  @Field(() => String, { description: 'The enum value that names the term in the API, e.g. LEGAL_OBLIGATION of DisclosureGround.' })
  key: string;

  @Field(() => LocalizedText, { description: 'Name of the term, in Azerbaijani and English.' })
  name: LocalizedText;

  @Field(() => LocalizedText, { description: 'What the term means, in Azerbaijani and English.' })
  description: LocalizedText;

  @Field(() => String, { description: 'Where the published policy states it, e.g. §2.1 (the sections are numbered in policy/README.md).' })
  policySection: string;
}
