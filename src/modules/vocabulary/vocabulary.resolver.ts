import { Query, Resolver } from 'type-graphql';
import { DATA_CATEGORIES } from '../../policy/data-categories';
import { DataCategoryTerm } from './data-category.types';

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
}
