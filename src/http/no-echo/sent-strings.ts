import { Lexer, Source, TokenKind } from 'graphql';

/**
 * Values shorter than this are left in messages: removing every "ab" from a message would garble its words. Only the
 * messages no template rewrote reach this (see the no-echo plugin), so it is a second line, not the rule.
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

/** Cuts every string the request carried, as a variable or a literal, out of a text; longest first. */
export function sentStringsRemover(query: unknown, variables: unknown, maxTokens: number): (text: string) => string {
  const sent = new Set<string>();
  stringsIn(variables, sent);
  if (typeof query === 'string') literalStrings(query, maxTokens, sent);
  const removed = [...sent].filter((value) => value.length >= MIN_REMOVED_LENGTH).sort((a, b) => b.length - a.length);
  return (text) => removed.reduce((message, value) => message.split(value).join(REMOVED), text);
}
