import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { Kind, parse, print } from 'graphql';

/**
 * The typed client a frontend imports (web/client/): the operations in `operations/` as typed documents, generated
 * from the committed SDL with the client preset, and the ErrorCode enum. Run with `npm run codegen`;
 * test/operations.test.ts checks the output is up to date.
 */

const schemaFile = resolve(__dirname, 'schema.graphql');

/** How the custom scalars arrive in JSON; strictScalars makes a new scalar fail codegen until it is named here. */
const SCALARS = {
  DateTime: 'string',
  UUID: 'string',
  EmailAddress: 'string',
  PhoneNumber: 'string',
  LocalDate: 'string',
  CountryCode: 'string',
  SafeInt: 'number',
  JSONObject: 'Record<string, unknown>',
};

/**
 * The ErrorCode enum's definition alone. The preset writes only the enums an operation selects, and no field returns
 * ErrorCode; the `typescript` plugin over the whole schema would write every enum a second time.
 */
function errorCodeDefinition(): string {
  const definition = parse(readFileSync(schemaFile, 'utf8')).definitions.find(
    (node) => node.kind === Kind.ENUM_TYPE_DEFINITION && node.name.value === 'ErrorCode',
  );
  if (!definition) throw new Error('schema.graphql has no ErrorCode enum: run `npm run schema`');
  return print(definition);
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    'web/client/generated/': {
      schema: schemaFile,
      documents: 'operations/**/*.graphql',
      preset: 'client',
      presetConfig: {
        // Masking hides a fragment's fields behind useFragment(), for component-scoped data; plain fetch callers read them.
        fragmentMasking: false,
      },
      config: {
        // The exact text the operation is sent as (no graphql-js at run time), which also keeps its trusted-document hash.
        documentMode: 'string',
        useTypeImports: true,
        enumType: 'string-literal',
        strictScalars: true,
        scalars: SCALARS,
      },
    },
    'web/client/generated/error-code.ts': {
      schema: errorCodeDefinition(),
      plugins: ['typescript'],
      config: { onlyEnums: true, enumsAsTypes: true },
    },
  },
};

export default config;
