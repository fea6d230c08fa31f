import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalizedText } from '../../common/localized-text';
import type { PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from './purpose-code.enums';

@ObjectType({ description: 'A purpose of processing from policy §1. Reference data, seeded from src/policy/purposes.ts.' })
@Entity('purpose')
export class Purpose {
  @Field(() => PurposeCodeEnum, { description: 'Stable code, e.g. PERSONALIZATION.' })
  @PrimaryColumn({ type: 'text' })
  code: PurposeCode;

  @Column({ name: 'title_az', type: 'text' })
  titleAz: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ name: 'description_az', type: 'text' })
  descriptionAz: string;

  @Column({ name: 'description_en', type: 'text' })
  descriptionEn: string;

  @Field(() => Boolean, {
    description:
      "Whether the company's own processing for this purpose needs consent. A recipient outside the company always needs consent (policy §2).",
  })
  @Column({ name: 'consent_required', type: 'boolean' })
  consentRequired: boolean;

  @Field(() => String, { description: 'Where the purpose is stated in the published policy, e.g. §1.1.' })
  @Column({ name: 'policy_section', type: 'text' })
  policySection: string;

  @Field(() => LocalizedText, { description: 'Short name of the purpose, in Azerbaijani (from the policy text) and English.' })
  get title(): LocalizedText {
    return { az: this.titleAz, en: this.titleEn };
  }

  @Field(() => LocalizedText, { description: 'What the purpose covers, in Azerbaijani (from the policy text) and English.' })
  get description(): LocalizedText {
    return { az: this.descriptionAz, en: this.descriptionEn };
  }
}
