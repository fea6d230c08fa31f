import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the example operations in `operations/`, generated from the committed SDL.
 * `typescript-operations` v6 writes the input and enum types it needs itself: do not add
 * the `typescript` plugin to the same output ("Duplicate identifier").
 * Run with `npm run codegen`; test/operations.test.ts checks the output is up to date.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: 'schema.graphql',
  documents: 'operations/**/*.graphql',
  generates: {
    'test/generated/operations.ts': {
      plugins: ['typescript-operations'],
      config: {
        enumType: 'string-literal',
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          UUID: 'string',
          EmailAddress: 'string',
          PhoneNumber: 'string',
          LocalDate: 'string',
          CountryCode: 'string',
          SafeInt: 'number',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default config;
