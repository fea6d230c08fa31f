import { useState } from 'react';
import {
  CabinetConsentsDocument,
  CabinetRecipientsDocument,
  GrantConsentDocument,
  PurposesDocument,
  WithdrawConsentDocument,
  type CabinetConsentsQuery,
  type PurposeCode,
  type PurposesQuery,
} from '../../client';
import { failureText, send, useQuery, type Session } from '../api';
import { downloadJson } from '../download';
import { formatDateTime } from '../format';
import type { Language, Messages } from '../messages';
import { Status } from '../status';

type Consent = NonNullable<CabinetConsentsQuery['myConsents']>[number];
type Purpose = PurposesQuery['purposes'][number];

/** Who a consent is given to: the company itself (no processor id), or a processor. */
interface Recipient {
  processorId: string | null;
  name: string;
}

const consentKey = (purpose: PurposeCode, processorId: string | null) => `${purpose}|${processorId ?? ''}`;

interface Props {
  session: Session;
  messages: Messages;
  language: Language;
}

/**
 * One consent per purpose and recipient: the company for the purposes its own processing needs consent for, and
 * each processor for the purposes it may receive data for (inactive ones only while a consent to them stands, so
 * it can be withdrawn).
 */
export function MyConsents({ session, messages, language }: Props) {
  const purposes = useQuery(session, PurposesDocument);
  const recipients = useQuery(session, CabinetRecipientsDocument);
  const consents = useQuery(session, CabinetConsentsDocument);
  const [status, setStatus] = useState<string>();

  const byKey = new Map(
    (consents.data?.myConsents ?? []).map((consent) => [consentKey(consent.purpose.code, consent.recipient?.id ?? null), consent]),
  );
  const company: Recipient = { processorId: null, name: messages.consents.company };
  const recipientsOf = (purpose: Purpose): Recipient[] => [
    ...(purpose.consentRequired ? [company] : []),
    ...(recipients.data?.processors ?? [])
      .filter((processor) => processor.allowedPurposes.some((allowed) => allowed.code === purpose.code))
      .filter((processor) => processor.active || byKey.has(consentKey(purpose.code, processor.id)))
      .map((processor) => ({ processorId: processor.id, name: processor.name })),
  ];

  const change = async (grant: boolean, purpose: Purpose, recipient: Recipient) => {
    const variables = { purpose: purpose.code, processorId: recipient.processorId };
    try {
      const consent = grant
        ? (await send(session, GrantConsentDocument, variables)).grantConsent
        : (await send(session, WithdrawConsentDocument, variables)).withdrawConsent;
      await consents.reload();
      const state = consent?.status === 'GRANTED' ? messages.consents.granted : messages.consents.withdrawn;
      setStatus(`${purpose.title[language]} · ${recipient.name}: ${state}`);
    } catch (error) {
      setStatus(failureText(error));
    }
  };

  return (
    <>
      <p>{messages.consents.intro}</p>
      <button type="button" className="secondary" onClick={() => void consents.reload()}>
        {messages.refresh}
      </button>
      <Status text={status ?? purposes.failure ?? recipients.failure ?? consents.failure} />
      {(purposes.data?.purposes ?? []).map((purpose) => (
        <div key={purpose.code} className="purpose">
          <h3>{purpose.title[language]}</h3>
          <div className="cards">
            {recipientsOf(purpose).map((recipient) => (
              <ConsentCard
                key={recipient.processorId ?? 'company'}
                messages={messages}
                label={`${purpose.title[language]} · ${recipient.name}`}
                recipientName={recipient.name}
                consent={byKey.get(consentKey(purpose.code, recipient.processorId))}
                onChange={(grant) => void change(grant, purpose, recipient)}
              />
            ))}
          </div>
        </div>
      ))}
    </>
  );
}

interface CardProps {
  messages: Messages;
  label: string;
  recipientName: string;
  consent: Consent | undefined;
  onChange: (grant: boolean) => void;
}

/** One consent: its state, Grant and Withdraw side by side with the same weight, the receipt and the history. */
function ConsentCard({ messages, label, recipientName, consent, onChange }: CardProps) {
  const granted = consent?.status === 'GRANTED';
  const state = consent === undefined ? messages.consents.notGiven : granted ? messages.consents.granted : messages.consents.withdrawn;
  return (
    <section aria-label={label} className="card">
      <h4>{recipientName}</h4>
      <p className={granted ? 'state granted' : 'state'}>{state}</p>
      <div className="buttons">
        <button type="button" disabled={granted} onClick={() => onChange(true)}>
          {messages.consents.grant}
        </button>
        <button type="button" disabled={!granted} onClick={() => onChange(false)}>
          {messages.consents.withdraw}
        </button>
        {consent !== undefined && (
          <button type="button" className="secondary" onClick={() => downloadJson(`receipt-${consent.id}.json`, consent.receipt)}>
            {messages.consents.downloadReceipt}
          </button>
        )}
      </div>
      {consent !== undefined && (
        <details>
          <summary>{messages.consents.history}</summary>
          <ol className="history">
            {consent.history.map((event) => (
              <li key={`${event.occurredAt}-${event.status}`}>
                {formatDateTime(event.occurredAt, messages)}: {messages.consents.historyEvents[event.status]} ({event.source}, {event.policyVersion})
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
