import { useId, useState } from 'react';
import {
  AuditLogPublicKeyDocument,
  CabinetAccessLogDocument,
  CabinetRefusedReadsDocument,
  CabinetVocabularyDocument,
  PurposesDocument,
  type CabinetAccessLogQuery,
} from '../../client';
import { useQuery, type Session } from '../api';
import { formatDateTime } from '../format';
import type { Language, Messages, ProfileField } from '../messages';
import { Status } from '../status';
import { verifyInclusion, type InclusionVerdict } from '../verify-inclusion';
import { RefusedReads, type RefusedRead } from './refused-reads';

type Read = NonNullable<NonNullable<CabinetAccessLogQuery['me']>['accessLog']>[number];

/** The recipient filter's value for the officer's reads and the customer's own downloads, beside processor ids. */
const OFFICER = 'officer';
const CUSTOMER = 'customer';

const readerOf = (read: Read): string => read.processor?.id ?? (read.actorRole === 'customer' ? CUSTOMER : OFFICER);

interface Props {
  session: Session;
  messages: Messages;
  language: Language;
}

export function AccessLog({ session, messages, language }: Props) {
  const text = messages.accessLog;
  const log = useQuery(session, CabinetAccessLogDocument);
  const refused = useQuery(session, CabinetRefusedReadsDocument);
  const purposes = useQuery(session, PurposesDocument);
  const vocabulary = useQuery(session, CabinetVocabularyDocument);
  const publicKey = useQuery(session, AuditLogPublicKeyDocument);
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('');
  const [verdicts, setVerdicts] = useState<ReadonlyMap<string, InclusionVerdict>>(new Map());
  const filterId = useId();

  const reads = log.data?.me?.accessLog ?? [];
  const refusedReads = refused.data === undefined ? undefined : (refused.data.me?.refusedReads ?? []);
  const purposeTitle = (code: string) => purposes.data?.purposes.find((term) => term.code === code)?.title[language] ?? code;
  const groundName = (key: string) => vocabulary.data?.disclosureGrounds.find((term) => term.key === key)?.name[language] ?? key;
  const readerName = (read: Read) => read.processor?.name ?? (read.actorRole === 'customer' ? text.customer : text.officer);
  const fieldName = (field: string) => (field === 'address' ? messages.profile.address : (messages.profile.fields[field as ProfileField] ?? field));
  const basisOf = (read: Read): string => {
    switch (read.basis) {
      case 'CONSENT':
        return text.byConsent;
      case 'DISCLOSURE':
        return read.disclosure ? text.byLegalGround(groundName(read.disclosure.ground), read.disclosure.reference) : text.byLegalGround('', '');
      case 'PRIVACY_OFFICER':
        return text.byOfficer;
      case 'ACCESS_REQUEST':
        return text.byAccessRequest;
    }
  };
  // A recipient that was only ever refused is offered too, so that its refusals can be picked out.
  const refusedReaders = (refusedReads ?? []).flatMap((read) => (read.processor ? [[read.processor.id, read.processor.name] as const] : []));
  const readers = [...new Map([...reads.map((read) => [readerOf(read), readerName(read)] as const), ...refusedReaders])];
  const passesFilters = (readerId: string | undefined, purposeCode: string | undefined) =>
    (recipient === '' || readerId === recipient) && (purpose === '' || purposeCode === purpose);
  const shown = reads.filter((read) => passesFilters(readerOf(read), read.purpose?.code));
  const showsRefused = (read: RefusedRead) => passesFilters(read.processor?.id, read.purpose?.code);

  const verify = (read: Read) => {
    if (!read.inclusionProof || publicKey.data === undefined) return;
    const verdict = verifyInclusion(read.inclusionProof, publicKey.data.auditLogPublicKey, read);
    setVerdicts(new Map(verdicts).set(read.id, verdict));
  };
  const lastVerdict = [...verdicts.values()].at(-1);

  return (
    <>
      <p>{text.intro}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={`${filterId}-recipient`}>{text.recipient}</label>
          <select id={`${filterId}-recipient`} value={recipient} onChange={(event) => setRecipient(event.target.value)}>
            <option value="">{messages.all}</option>
            {readers.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${filterId}-purpose`}>{text.purpose}</label>
          <select id={`${filterId}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value)}>
            <option value="">{messages.all}</option>
            {(purposes.data?.purposes ?? []).map((term) => (
              <option key={term.code} value={term.code}>
                {term.title[language]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="secondary" onClick={() => void Promise.all([log.reload(), refused.reload()])}>
          {messages.refresh}
        </button>
      </div>
      <Status
        text={
          log.failure ??
          refused.failure ??
          (lastVerdict === undefined ? undefined : lastVerdict.verified ? text.verified : `${text.notVerified}: ${lastVerdict.reason}`)
        }
      />
      {log.data !== undefined && reads.length === 0 && <p>{text.none}</p>}
      {reads.length > 0 && (
        <div className="table-scroll">
          <table aria-label={text.heading}>
            <thead>
              <tr>
                <th scope="col">{text.who}</th>
                <th scope="col">{text.purpose}</th>
                <th scope="col">{text.basis}</th>
                <th scope="col">{text.fields}</th>
                <th scope="col">{text.when}</th>
                <th scope="col">{text.proof}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((read) => {
                const verdict = verdicts.get(read.id);
                return (
                  <tr key={read.id}>
                    <td>{readerName(read)}</td>
                    <td>{read.purpose ? purposeTitle(read.purpose.code) : '—'}</td>
                    <td>{basisOf(read)}</td>
                    <td>{read.fields.map(fieldName).join(', ')}</td>
                    <td>
                      <time dateTime={read.occurredAt}>{formatDateTime(read.occurredAt, messages)}</time>
                    </td>
                    <td>
                      {read.inclusionProof ? (
                        <span className="proof">
                          <button type="button" className="secondary" disabled={publicKey.data === undefined} onClick={() => verify(read)}>
                            {text.verify}
                          </button>
                          {verdict !== undefined && (
                            <span className={verdict.verified ? 'verdict ok' : 'verdict bad'} title={verdict.verified ? undefined : verdict.reason}>
                              {verdict.verified ? text.verified : text.notVerified}
                            </span>
                          )}
                        </span>
                      ) : (
                        text.notSealed
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <RefusedReads reads={refusedReads} shows={showsRefused} messages={messages} purposeTitle={purposeTitle} fieldName={fieldName} />
    </>
  );
}
