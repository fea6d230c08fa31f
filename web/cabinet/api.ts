/**
 * The cabinet's calls to the API, through the typed client of web/client: one signed-in session, answers with
 * errors turned into an ApiFailure, and a hook that loads a query and reloads it on demand.
 */
import { useCallback, useEffect, useState } from 'react';
import { request, type ApiError, type TypedDocumentString } from '../client';

export interface Session {
  graphqlUrl: string;
  token: string;
  /** The API no longer accepts the token (malformed, expired, revoked): the app signs out and says why. */
  onRefused: (message: string) => void;
}

/** An answer with errors: the API's own messages, and the errors for callers that place them (a form's fields). */
export class ApiFailure extends Error {
  constructor(readonly errors: readonly ApiError[]) {
    super(errors.map((error) => error.message).join(' '));
  }
}

/** Sends one operation as the signed-in customer; the data, or an ApiFailure when the API answered any error. */
export async function send<TResult, TVariables>(
  session: Session,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const { data, errors } = await request(document, variables, { endpoint: session.graphqlUrl, token: session.token });
  const refusal = errors?.find((error) => error.extensions.code === 'UNAUTHENTICATED');
  if (refusal) session.onRefused(refusal.message);
  if (errors?.length || !data) throw new ApiFailure(errors ?? []);
  return data;
}

/** The words to show for a failed call: the API's messages, or the network's. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface Loaded<TResult> {
  data: TResult | undefined;
  failure: string | undefined;
  reload: () => Promise<void>;
}

/** Loads a query without variables when the session starts, and again on reload(). */
export function useQuery<TResult>(session: Session, document: TypedDocumentString<TResult, Record<string, never>>): Loaded<TResult> {
  const [data, setData] = useState<TResult>();
  const [failure, setFailure] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setData(await send(session, document, {}));
      setFailure(undefined);
    } catch (error) {
      setFailure(failureText(error));
    }
  }, [session, document]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, failure, reload };
}
