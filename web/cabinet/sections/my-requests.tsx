import { useId, useState, type FormEvent } from 'react';
import {
  AcceptPrivacyRequestFeeDocument,
  CabinetVocabularyDocument,
  MyDataExportDocument,
  MyPrivacyRequestsDocument,
  SubmitPrivacyRequestDocument,
  VerifyPrivacyRequestDocument,
  type MyPrivacyRequestsQuery,
  type PrivacyRequestType,
} from '../../client';
import { failureText, send, useQuery, type Session } from '../api';
import { downloadJson } from '../download';
import { formRefusal } from '../field-errors';
import { formatDate, formatDateTime } from '../format';
import { OneTimeCodeField } from '../one-time-code-field';
import type { Language, Messages } from '../messages';
import { changedInput, EMPTY_PROFILE, ProfileFields, type ProfileValues } from '../profile-form';
import { Status } from '../status';

type PrivacyRequest = NonNullable<NonNullable<MyPrivacyRequestsQuery['me']>['privacyRequests']>[number];

const REQUEST_TYPES: readonly PrivacyRequestType[] = ['ACCESS', 'RECTIFICATION', 'ERASURE'];

interface Props {
  session: Session;
  messages: Messages;
  language: Language;
}

export function MyRequests({ session, messages, language }: Props) {
  const requests = useQuery(session, MyPrivacyRequestsDocument);
  const vocabulary = useQuery(session, CabinetVocabularyDocument);
  const [status, setStatus] = useState<string>();
  const refusalName = (key: string) => vocabulary.data?.refusalReasons.find((term) => term.key === key)?.name[language] ?? key;

  /** Runs one action on a request, then shows its result and the list as it now stands. */
  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      setStatus(done);
      await requests.reload();
    } catch (error) {
      setStatus(failureText(error));
    }
  };

  return (
    <>
      <NewRequest session={session} messages={messages} onSubmitted={requests.reload} />
      <h3>{messages.requests.list}</h3>
      <button type="button" className="secondary" onClick={() => void requests.reload()}>
        {messages.refresh}
      </button>
      <Status text={status ?? requests.failure} />
      {requests.data?.me?.privacyRequests?.length === 0 && <p>{messages.requests.none}</p>}
      {(requests.data?.me?.privacyRequests ?? []).map((request) => (
        <RequestCard key={request.id} session={session} messages={messages} request={request} refusalName={refusalName} act={act} />
      ))}
    </>
  );
}

interface NewRequestProps {
  session: Session;
  messages: Messages;
  onSubmitted: () => Promise<void>;
}

function NewRequest({ session, messages, onSubmitted }: NewRequestProps) {
  const typeId = useId();
  const [type, setType] = useState<PrivacyRequestType>('ACCESS');
  const [changes, setChanges] = useState<ProfileValues>(EMPTY_PROFILE);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const input = type === 'RECTIFICATION' ? { type, changes: changedInput(changes, EMPTY_PROFILE) } : { type };
      await send(session, SubmitPrivacyRequestDocument, { input });
      setErrors(new Map());
      setChanges(EMPTY_PROFILE);
      setStatus(messages.requests.submitted);
      await onSubmitted();
    } catch (error) {
      // A correction's fields are inside the input's `changes`.
      const refusal = formRefusal(error, 'input.changes', messages);
      setErrors(refusal.errors);
      setStatus(refusal.status);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="panel">
      <h3>{messages.requests.newRequest}</h3>
      <div className="field">
        <label htmlFor={typeId}>{messages.requests.type}</label>
        <select id={typeId} value={type} onChange={(event) => setType(event.target.value as PrivacyRequestType)}>
          {REQUEST_TYPES.map((value) => (
            <option key={value} value={value}>
              {messages.requests.types[value]}
            </option>
          ))}
        </select>
      </div>
      {type === 'RECTIFICATION' && (
        <>
          <p>{messages.requests.changesIntro}</p>
          <ProfileFields messages={messages} values={changes} onChange={setChanges} errors={errors} />
        </>
      )}
      <button type="submit">{messages.requests.submit}</button>
      <Status text={status} />
    </form>
  );
}

interface CardProps {
  session: Session;
  messages: Messages;
  request: PrivacyRequest;
  refusalName: (key: string) => string;
  act: (action: () => Promise<unknown>, done: string) => Promise<void>;
}

/** One request: where it stands, and what the customer can do next (enter the code, accept a fee, download). */
function RequestCard({ session, messages, request, refusalName, act }: CardProps) {
  const text = messages.requests;
  const [code, setCode] = useState('');
  const when = (iso: string) => formatDateTime(iso, messages);

  const confirmCode = (event: FormEvent) => {
    event.preventDefault();
    void act(() => send(session, VerifyPrivacyRequestDocument, { id: request.id, code: code.trim() }), text.codeConfirmed);
  };
  const downloadExport = () =>
    act(async () => {
      const { privacyRequestExport } = await send(session, MyDataExportDocument, { requestId: request.id });
      if (privacyRequestExport) downloadJson(`export-${request.id}.json`, privacyRequestExport.document);
    }, text.exportDownloaded);

  return (
    <section aria-label={`${text.types[request.type]} · ${request.status}`} className="card request">
      <h4>
        {text.types[request.type]}: {text.statuses[request.status]}
      </h4>
      <dl>
        <dt>{text.submittedAt}</dt>
        <dd>{when(request.submittedAt)}</dd>
        <dt>{text.dueAt}</dt>
        <dd>
          {formatDate(request.dueAt, messages)}
          {request.overdue && <strong className="overdue"> · {text.overdue}</strong>}
        </dd>
        {request.closedAt && (
          <>
            <dt>{text.closedAt}</dt>
            <dd>{when(request.closedAt)}</dd>
          </>
        )}
        {request.changedFields && request.changedFields.length > 0 && (
          <>
            <dt>{text.changedFields}</dt>
            <dd>{request.changedFields.join(', ')}</dd>
          </>
        )}
        {request.fee && (
          <>
            <dt>{text.fee}</dt>
            <dd>
              {request.fee.amount} {request.fee.currency}: {request.fee.justification}
              {request.fee.acceptedAt && ` · ${text.feeAccepted} ${when(request.fee.acceptedAt)}`}
            </dd>
          </>
        )}
        {request.refusalReason && (
          <>
            <dt>{text.refusal}</dt>
            <dd>
              {refusalName(request.refusalReason)}
              {request.refusalJustification && `: ${request.refusalJustification}`}
            </dd>
          </>
        )}
      </dl>
      {request.status === 'AWAITING_VERIFICATION' && (
        <form onSubmit={confirmCode} className="row">
          <OneTimeCodeField label={text.oneTimeCode} value={code} onChange={setCode} />
          <button type="submit">{text.confirmCode}</button>
        </form>
      )}
      {request.status === 'AWAITING_FEE_ACCEPTANCE' && (
        <button type="button" onClick={() => void act(() => send(session, AcceptPrivacyRequestFeeDocument, { id: request.id }), text.feeAccepted)}>
          {text.acceptFee}
        </button>
      )}
      {request.status === 'COMPLETED' && request.type === 'ACCESS' && (
        <button type="button" onClick={() => void downloadExport()}>
          {text.downloadExport}
        </button>
      )}
      <details>
        <summary>{text.history}</summary>
        <ol className="history">
          {request.history.map((event) => (
            <li key={`${event.occurredAt}-${event.toStatus}`}>
              {when(event.occurredAt)}: {text.statuses[event.toStatus]} ({event.actor})
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
