import { IsOptional, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GraphQLCountryCode, GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { Locale } from '../../common/locale';
import { PageArgs } from '../../common/pagination';
import type { DataCategory } from '../../policy/data-categories';
import { NotPersonal, Personal } from '../../policy/personal';

export enum CustomerSortField {
  CREATED_AT = 'CREATED_AT',
  EMAIL = 'EMAIL',
  FULL_NAME = 'FULL_NAME',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(CustomerSortField, {
  name: 'CustomerSortField',
  description: 'EMAIL and FULL_NAME sort on personal data: privacy officer only.',
});
registerEnumType(SortDirection, { name: 'SortDirection' });

/** The personal data a sort reveals (the order of values), checked like a filter on that field. */
export const SORT_FIELD_CATEGORY: Record<CustomerSortField, DataCategory | null> = {
  [CustomerSortField.CREATED_AT]: null,
  [CustomerSortField.EMAIL]: 'contact.email',
  [CustomerSortField.FULL_NAME]: 'identity.name',
};

@InputType({ description: 'Conditions all matching customers meet. Fields marked @personal: privacy officer only.' })
export class CustomerFilter {
  @NotPersonal()
  @Field(() => GraphQLDateTime, { nullable: true })
  createdAfter?: Date;

  @NotPersonal()
  @Field(() => GraphQLDateTime, { nullable: true })
  createdBefore?: Date;

  @NotPersonal()
  @Field(() => Locale, { nullable: true })
  locale?: Locale;

  @NotPersonal()
  @Field(() => Boolean, { nullable: true, description: 'Only erased (true) or only held (false) customers.' })
  erased?: boolean;

  @Personal('contact.email')
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the email address.' })
  @MinLength(3)
  @MaxLength(254)
  emailContains?: string;

  @Personal('identity.name')
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the full name.' })
  @MinLength(2)
  @MaxLength(200)
  fullNameContains?: string;

  @Personal('location.address')
  @Field(() => GraphQLCountryCode, { nullable: true, description: 'Country of the postal address.' })
  country?: string;
}

@InputType()
export class CustomerOrder {
  @Field(() => CustomerSortField)
  field: CustomerSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class CustomersArgs extends PageArgs {
  @Field(() => CustomerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: 'Defaults to CREATED_AT ascending.' })
  orderBy?: CustomerOrder | null;
}
