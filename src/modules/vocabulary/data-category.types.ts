import { Field, ObjectType } from 'type-graphql';
import { LocalizedText } from '../../common/localized-text';

@ObjectType({ description: 'A category of personal data. Dotted keys: `contact` covers `contact.email`.' })
export class DataCategoryTerm {
  @Field(() => String, { description: 'Dotted key, e.g. contact.email; the value of @personal(category:).' })
  key: string;

  @Field(() => String, { nullable: true, description: 'The broader category, e.g. contact for contact.email.' })
  parent: string | null;

  @Field(() => LocalizedText, { description: 'Name of the category, in Azerbaijani and English.' })
  name: LocalizedText;

  @Field(() => LocalizedText, { description: 'What data the category covers, in Azerbaijani and English.' })
  description: LocalizedText;
}
