import { Kind, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { ScalarRefusal } from '../../common/scalars/string-scalar';
import { DocumentLiterals, type LiteralRefusal } from './literal-refusals';
import { argumentRefusalMessage, variableRefusalMessage, type Refusal } from './refusals';
import { schemaSuggestion } from './suggestions';
import { syntaxErrorMessage } from './syntax-error-message';
import { variableRefusals } from './variable-refusals';

/** The extensions a rewritten refusal keeps: anything else may have come from the value (a scalar's own extensions). */
const KEPT_EXTENSIONS: ReadonlySet<string> = new Set(['code', 'http']);

/** Sets the refusal's message, and its extensions to the code (and HTTP status) and `extensions` only. */
function answerWith(error: GraphQLError, message: string, extensions: Record<string, unknown> = {}): void {
  error.message = message;
  for (const key of Object.keys(error.extensions)) if (!KEPT_EXTENSIONS.has(key)) delete error.extensions[key];
  Object.assign(error.extensions, extensions);
}

export interface SentRequest {
  query?: string;
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * One request's refusals of the values it sent, rewritten in place (Apollo formats the same error objects next): what
 * each needs (the document's literals, a variable's coercion) is worked out once, when the first refusal needs it.
 */
export class RequestRefusals {
  private literals: DocumentLiterals | undefined;
  /** Each variable's refusals in graphql-js's order, taken one per error it reports for the variable. */
  private readonly pendingVariables = new Map<string, Refusal[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly request: SentRequest,
    private readonly document: DocumentNode | undefined,
    private readonly maxTokens: number,
  ) {}

  /** Rewrites `error` when it refuses a value the request sent (or is a syntax error); false when it is neither. */
  rewrite(error: GraphQLError): boolean {
    if (error.extensions.code === 'GRAPHQL_PARSE_FAILED') {
      answerWith(error, syntaxErrorMessage(error.message, this.request.query ?? '', error.positions?.[0], this.maxTokens));
      return true;
    }
    const variable = this.variableMessage(error);
    if (variable !== null) {
      answerWith(error, variable);
      return true;
    }
    const literal = this.literalRefusal(error);
    if (literal) {
      const { owner, refusal } = literal;
      const where = owner.kind === 'argument' ? { argumentPath: refusal.path } : {};
      answerWith(error, this.literalMessage(error, literal), { code: ErrorCode.BAD_USER_INPUT, ...where });
      return true;
    }
    if (error.extensions.code === 'OPERATION_RESOLUTION_FAILURE' && error.message.startsWith('Unknown operation named "')) {
      answerWith(error, 'The document has no operation of the name given as operationName.');
      return true;
    }
    return false;
  }

  private variableMessage(error: GraphQLError): string | null {
    const node = error.nodes?.[0];
    if (node?.kind !== Kind.VARIABLE_DEFINITION) return null;
    const name = node.variable.name.value;
    // graphql-js's other variable errors ("of required type … was not provided") name no value.
    if (!error.message.startsWith(`Variable "$${name}" got invalid value `)) return null;
    if (!this.pendingVariables.has(name)) this.pendingVariables.set(name, variableRefusals(this.schema, node, this.request.variables?.[name]));
    const refusal = this.pendingVariables.get(name)!.shift();
    if (!refusal) return `Variable "$${name}" has an invalid value.`;
    // This API's own scalars say what they expect in their own words (graphql-js keeps their error as the original).
    if (refusal.problem.kind === 'invalid' && error.originalError instanceof ScalarRefusal) {
      return variableRefusalMessage(name, { ...refusal, problem: { ...refusal.problem, reason: error.originalError.message } });
    }
    return variableRefusalMessage(name, refusal) + schemaSuggestion(error.message, refusal.problem);
  }

  /** A literal's refusal: graphql-js reports it at the literal's node, at validation or (given its variables) at execution. */
  private literalRefusal(error: GraphQLError): LiteralRefusal | undefined {
    const node = error.nodes?.[0];
    if (!node || !this.document) return undefined;
    this.literals ??= new DocumentLiterals(this.schema, this.document);
    return this.literals.refusalAt(node);
  }

  private literalMessage(error: GraphQLError, { owner, refusal }: LiteralRefusal): string {
    // This API's own scalars say what they expect in their own words, never with the value.
    if (error.originalError instanceof ScalarRefusal) return error.originalError.message;
    const template = owner.kind === 'argument' ? argumentRefusalMessage(refusal) : variableRefusalMessage(owner.variable, refusal, 'default value');
    return template + schemaSuggestion(error.message, refusal.problem);
  }
}
