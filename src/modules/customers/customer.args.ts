import { IsOptional, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { Locale } from '../../common/locale';
import { CountryCodeScalar } from '../../common/scalars';
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
  description: 'What to sort customers by. EMAIL and FULL_NAME sort on personal data: privacy officer only.',
  valuesConfig: {
    CREATED_AT: { description: 'When the customer record was created (not personal).' },
    EMAIL: { description: 'Email address, case-insensitive: the order reveals Customer.email; privacy officer only.' },
    FULL_NAME: { description: 'Full name, case-insensitive: the order reveals Customer.fullName; privacy officer only.' },
  },
});
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'The order of a sort.',
  valuesConfig: {
    ASC: { description: 'Ascending: oldest or A first.' },
    DESC: { description: 'Descending: newest or Z first.' },
  },
});

/** The personal data a sort reveals (the order of values), checked like a filter on that field. */
export const SORT_FIELD_CATEGORY: Record<CustomerSortField, DataCategory | null> = {
  [CustomerSortField.CREATED_AT]: null,
  [CustomerSortField.EMAIL]: 'contact.email',
  [CustomerSortField.FULL_NAME]: 'identity.name',
};

@InputType({ description: 'Conditions all matching customers meet. Fields marked @personal: privacy officer only.' })
export class CustomerFilter {
  @NotPersonal()
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only customers whose record was created after this instant.' })
  createdAfter?: Date;

  @NotPersonal()
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only customers whose record was created before this instant.' })
  createdBefore?: Date;

  @NotPersonal()
  @Field(() => Locale, { nullable: true, description: 'Only customers who read the policy in this language.' })
  locale?: Locale;

  @NotPersonal()
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only customers erased on request (true), or only those whose data is held (false); policy §5.',
  })
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
  @Field(() => CountryCodeScalar, { nullable: true, description: 'Country of the postal address.' })
  country?: string;
}

@InputType({
  description:
    'How to sort customers. Sorting on a personal field reveals it: privacy officer only, audited as a read of that field of each customer returned.',
})
export class CustomerOrder {
  @Field(() => CustomerSortField, { description: 'What to sort by.' })
  field: CustomerSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Ascending or descending.' })
  direction: SortDirection = SortDirection.ASC;
}

@ArgsType()
export class CustomersArgs extends PageArgs {
  @Field(() => CustomerFilter, {
    nullable: true,
    description:
      'Conditions the customers must meet; filtering on a personal field is for the privacy officer only, and is audited as a read of that field of each customer returned.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: 'Defaults to CREATED_AT ascending.' })
  orderBy?: CustomerOrder | null;
}
