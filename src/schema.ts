import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchema, type ContainerType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { ConsentResolver } from './modules/consents/consent.resolver';
import { CustomerResolver } from './modules/customers/customer.resolver';
import { CustomerService } from './modules/customers/customer.service';
import { ProcessorResolver } from './modules/processors/processor.resolver';
import { ProcessorService } from './modules/processors/processor.service';
import { PurposeResolver } from './modules/purposes/purpose.resolver';
import { PrivacyRequestResolver } from './modules/requests/privacy-request.resolver';
import { PrivacyRequestService } from './modules/requests/privacy-request.service';
import { VocabularyResolver } from './modules/vocabulary/vocabulary.resolver';
import { createShield } from './policy/permissions';
import { personalDirective } from './policy/personal';

const RESOLVERS = [
  CustomerResolver,
  ConsentResolver,
  PurposeResolver,
  ProcessorResolver,
  PrivacyRequestResolver,
  VocabularyResolver,
] as const;

/** Builds each resolver with its services; resolvers hold no request state, so one instance serves all requests. */
function resolverContainer(dataSource: DataSource): ContainerType {
  const instances = new Map<Function, object>([
    [CustomerResolver, new CustomerResolver(new CustomerService(dataSource))],
    [ConsentResolver, new ConsentResolver()],
    [PurposeResolver, new PurposeResolver()],
    [VocabularyResolver, new VocabularyResolver()],
    [ProcessorResolver, new ProcessorResolver(new ProcessorService(dataSource))],
    [PrivacyRequestResolver, new PrivacyRequestResolver(new PrivacyRequestService(dataSource))],
  ]);
  return {
    get(resolverClass: Function) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error(`no instance for resolver ${resolverClass.name}`);
      return instance;
    },
  };
}

/** The schema as built from the code, without the shield: what `schema.graphql` shows. */
export function buildBareSchema(dataSource?: DataSource): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    directives: [personalDirective],
    validate: { forbidUnknownValues: false },
    container: dataSource ? resolverContainer(dataSource) : undefined,
  });
}

/** The executable schema: every field behind the shield. */
export async function buildExecutableSchema(dataSource: DataSource): Promise<GraphQLSchema> {
  return applyMiddleware(await buildBareSchema(dataSource), createShield());
}

/** The SDL committed as `schema.graphql`, sorted so that it changes only when the schema does. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
