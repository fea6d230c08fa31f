import { GraphQLError, Lexer, Source, TokenKind, type Token } from 'graphql';

const PREFIX = 'Syntax Error: ';

/** The tokens graphql-js's parser prints with their text (`String "…"`, `Name "…"`): a string may be personal data. */
const TOKENS_WITH_TEXT: ReadonlySet<TokenKind> = new Set([TokenKind.STRING, TokenKind.BLOCK_STRING, TokenKind.NAME, TokenKind.INT, TokenKind.FLOAT]);

type AtPosition = { token: Token } | { lexerError: GraphQLError } | null;

/** The token that starts at `position`, or the lexer's error on the way there; read up to `maxTokens` tokens. */
function readTo(query: string, position: number, maxTokens: number): AtPosition {
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; count <= maxTokens; count++) {
      const token = lexer.advance();
      if (token.start === position) return { token };
      if (token.start > position || token.kind === TokenKind.EOF) return null;
    }
  } catch (error) {
    if (error instanceof GraphQLError) return { lexerError: error };
    throw error;
  }
  return null;
}

/**
 * A syntax error's message without the document's text. graphql-js's parser names the token it stopped at with its
 * text (`Expected Name, found String "…".`), which is cut down to its kind (`found String`); the lexer quotes the
 * characters it cannot read (`Invalid character escape sequence: "\x".`), which are cut after the description. Where
 * the error is (its locations) stays. Anything else is answered with a message that quotes nothing.
 */
export function syntaxErrorMessage(message: string, query: string, position: number | undefined, maxTokens: number): string {
  const fallback = `${PREFIX}the document is not valid GraphQL.`;
  if (!message.startsWith(PREFIX) || position === undefined) return fallback;
  const at = readTo(query, position, maxTokens);
  if (at === null) return fallback;
  if ('lexerError' in at) {
    const description = message.slice(PREFIX.length);
    const quoted = description.indexOf(': ');
    return quoted === -1 ? message : `${PREFIX}${description.slice(0, quoted)}.`;
  }
  const { token } = at;
  if (!TOKENS_WITH_TEXT.has(token.kind)) return message;
  return message.split(`${token.kind} "${token.value}"`).join(token.kind);
}
