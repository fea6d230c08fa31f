import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A text in both languages the policy is published in.' })
export class LocalizedText {
  @Field(() => String, { description: 'Azerbaijani, as in the published policy.' })
  az: string;

  @Field(() => String, { description: 'English reading.' })
  en: string;
}
