import { echoedIn } from './echo';
import type { RawResponse } from './http-client';
import type { PersonalNeedle } from './personal-values';

/** One thing wrong with one answer: `failure` names its class (what a fix makes go away), `detail` this instance. */
export interface Finding {
  failure: string;
  detail: string;
}

export const ECHO_FAILURE = 'an error message repeats a value the caller sent';

/** Codes that say the server failed, not the request: never an answer to a request while the database is up. */
const SERVER_FAILURE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'AUDIT_UNAVAILABLE']);

/** What a stack trace or the server's file system looks like in an answer. */
const SERVER_INTERNALS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat (?:async )?[\w$.<>[\]]+ \(/],
  ['a stack frame', /\n\s+at \S/],
  ['a source position', /\.(?:ts|js|mjs|cjs):\d+:\d+/],
  ['a path of the server', /\/work\/|node_modules|file:\/\/|\/home\/|\/root\/|\/usr\/lib\//],
  ['a stacktrace field', /"stack(?:trace)?"\s*:/],
];

const excerpt = (text: string, length = 300) => (text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text);

/** Every `extensions.code` in a GraphQL answer, or in each answer of a batch. */
function errorCodes(body: unknown): string[] {
  if (Array.isArray(body)) return body.flatMap(errorCodes);
  if (body === null || typeof body !== 'object') return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((error: unknown) => {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    return typeof code === 'string' ? [code] : [];
  });
}

/** An answer with no body by definition. */
const bodiless = (method: string, status: number) => method === 'HEAD' || status === 204 || status === 304;

/**
 * What every answer must be, whatever was asked: answered, not a 5xx, JSON, no server-failure code, nothing of
 * the server's internals, no error message repeating an argument the caller sent, and none of the personal values
 * the principal may not see.
 */
export function checkAnswer(
  method: string,
  response: RawResponse,
  leaked: (body: string) => PersonalNeedle[],
  sentStrings: readonly string[] = [],
): Finding[] {
  if (!response.answered) return [{ failure: 'no answer', detail: response.error }];
  const findings: Finding[] = [];
  const { status, body, contentType } = response;
  let parsed: unknown;
  let json = false;
  if (!bodiless(method, status)) {
    try {
      parsed = JSON.parse(body);
      json = true;
    } catch {
      findings.push({
        failure: `answer is not JSON (HTTP ${status}, ${contentType.split(';')[0] || 'no content type'})`,
        detail: excerpt(body),
      });
    }
  }
  const codes = json ? errorCodes(parsed) : [];
  if (status >= 500) findings.push({ failure: `HTTP ${status}${codes.length ? ` (${[...new Set(codes)].join(', ')})` : ''}`, detail: excerpt(body) });
  for (const code of new Set(codes)) {
    if (SERVER_FAILURE_CODES.has(code)) findings.push({ failure: `error code ${code}`, detail: excerpt(body) });
  }
  for (const [what, pattern] of SERVER_INTERNALS) {
    const match = pattern.exec(body);
    if (match) {
      findings.push({ failure: `answer shows ${what}`, detail: excerpt(body.slice(Math.max(0, match.index - 100), match.index + 200)) });
      break;
    }
  }
  const echoes = json ? echoedIn(parsed, sentStrings) : [];
  if (echoes.length > 0) {
    findings.push({
      failure: ECHO_FAILURE,
      detail: `${echoes.map((text) => JSON.stringify(excerpt(text, 80))).join(', ')} in ${excerpt(body, 600)}`,
    });
  }
  const leaks = leaked(body);
  const categories = [...new Set(leaks.map((needle) => needle.category))].sort();
  if (leaks.length > 0) {
    findings.push({
      failure: `personal data the principal may not see: ${categories.join(', ')}`,
      detail: `${leaks.map((needle) => `${needle.category} "${needle.text}" of customer ${needle.customerId}`).join('; ')} in ${excerpt(body, 600)}`,
    });
  }
  return findings;
}
