import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * Values shorter than this are left in messages: they cannot carry much of a person, and removing every "ab" from
 * a message would garble its words.
 */
const MIN_REMOVED_LENGTH = 3;
const REMOVED = '…';

function stringsIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, found);
}

/** The document's string literals, read with graphql-js's lexer up to a bound (the parser's token limit). */
function literalStrings(query: string, maxTokens: number, found: Set<string>): void {
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; count <= maxTokens; count++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) return;
      if ((token.kind === TokenKind.STRING || token.kind === TokenKind.BLOCK_STRING) && token.value) found.add(token.value);
    }
  } catch {
    // A lexical error ends the document; what was read so far is all there is to remove.
  }
}

/**
 * graphql-js and the scalars quote the rejected value in their messages ('Value is not a valid UUID: …', 'Expected
 * Name, found String "…"', 'String cannot represent a non string value: …'), and that value may be personal data in
 * a log or a shared screen. Every string the caller sent, as a variable or a literal, is cut out of every error
 * message of the answer; what was expected and where stays.
 */
export function noEchoPlugin(maxTokens: number): ApolloServerPlugin {
  const listener: GraphQLRequestListener<object> = {
    async didEncounterErrors({ request, errors }) {
      const sent = new Set<string>();
      stringsIn(request.variables, sent);
      if (typeof request.query === 'string') literalStrings(request.query, maxTokens, sent);
      const removed = [...sent].filter((value) => value.length >= MIN_REMOVED_LENGTH).sort((a, b) => b.length - a.length);
      if (removed.length === 0) return;
      for (const error of errors as GraphQLError[]) {
        error.message = removed.reduce((message, value) => message.split(value).join(REMOVED), error.message);
      }
    },
  };
  return { requestDidStart: async () => listener };
}
