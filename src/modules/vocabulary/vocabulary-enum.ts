import { registerEnumType } from 'type-graphql';
import type { Term } from '../../policy/vocabulary';

/** A vocabulary's keys as an enum object: `RefusalReason.REPETITIVE === 'REPETITIVE'`. */
export type VocabularyEnum<K extends string> = { readonly [Key in K]: Key };

/**
 * Makes a vocabulary a GraphQL enum: one value per term, named by its key and described by its English description.
 * The values and their descriptions are read from the terms, so the enum cannot hold a value the vocabulary does not
 * define, nor describe one differently from it.
 */
export function registerVocabularyEnum<K extends string>(
  terms: readonly Term<K>[],
  { name, description }: { name: string; description: string },
): VocabularyEnum<K> {
  // Object.fromEntries types its keys as string; each object has exactly one entry per key of K.
  const values = Object.fromEntries(terms.map((term) => [term.key, term.key])) as VocabularyEnum<K>;
  const valuesConfig = Object.fromEntries(terms.map((term) => [term.key, { description: term.description.en }])) as Record<
    K,
    { description: string }
  >;
  registerEnumType(values, { name, description, valuesConfig });
  return values;
}
