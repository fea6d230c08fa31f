import { ApolloServerErrorCode, ApolloServerValidationErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '../common/errors';

/**
 * What became of an operation, read from the answer the client was sent: `ok`, `partial` (data and errors),
 * `error:<CODE>` (the first error's code, no data), or `aborted` (the client left before any answer).
 */
export type Outcome = 'ok' | 'partial' | 'aborted' | `error:${string}`;

export interface AnswerFacts {
  outcome: Outcome;
  /** How many errors the answer carried, by code. */
  errors: Record<string, number>;
}

/** The codes an outcome may name: the API's and Apollo's. Any other (a bug's) is counted as OTHER, so a label stays bounded. */
const KNOWN_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode),
  ...Object.values(ApolloServerErrorCode),
  ...Object.values(ApolloServerValidationErrorCode),
]);
const OTHER_CODE = 'OTHER';

interface SentAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ extensions?: { code?: unknown } }>;
}

const boundedCode = (code: unknown): string => (typeof code === 'string' && KNOWN_CODES.has(code) ? code : OTHER_CODE);

/**
 * The facts of an answer from its body as sent. A body without an `"errors"` key is a success and is not parsed:
 * a page of customers costs no second JSON parse. (Inside a JSON string the sequence `"errors"` is escaped, so no
 * stored value can make a success look like a failure.)
 */
export function answerFacts(sentBody: string | undefined): AnswerFacts {
  if (sentBody === undefined) return { outcome: 'aborted', errors: {} };
  if (!sentBody.includes('"errors"')) return { outcome: 'ok', errors: {} };
  let answer: SentAnswer;
  try {
    answer = JSON.parse(sentBody) as SentAnswer;
  } catch {
    return { outcome: `error:${OTHER_CODE}`, errors: { [OTHER_CODE]: 1 } };
  }
  const codes = (answer.errors ?? []).map((error) => boundedCode(error.extensions?.code));
  if (codes.length === 0) return { outcome: 'ok', errors: {} };
  const errors: Record<string, number> = {};
  for (const code of codes) errors[code] = (errors[code] ?? 0) + 1;
  const someData = answer.data != null && Object.values(answer.data).some((value) => value !== null);
  return { outcome: someData ? 'partial' : `error:${codes[0]}`, errors };
}
