import { useId } from 'react';
import type { CabinetRefusedReadsQuery } from '../../client';
import { formatDateTime } from '../format';
import type { Messages, ReadRefusalCode } from '../messages';

export type RefusedRead = NonNullable<NonNullable<CabinetRefusedReadsQuery['me']>['refusedReads']>[number];

interface Props {
  /** Every refused read of the customer, or undefined until they are loaded. */
  reads: readonly RefusedRead[] | undefined;
  /** The section's recipient and purpose filters. */
  shows: (read: RefusedRead) => boolean;
  messages: Messages;
  purposeTitle: (code: string) => string;
  fieldName: (field: string) => string;
}

/**
 * The reads the policy refused to a recipient, below the access log: who asked, for what, and why it was turned away,
 * so that a withdrawn consent is seen to hold. Nothing was handed over, so there is nothing to verify in the sealed log.
 */
export function RefusedReads({ reads, shows, messages, purposeTitle, fieldName }: Props) {
  const text = messages.accessLog;
  const headingId = useId();
  // The API answers the code as a string; a code the cabinet has no words for yet is shown as it is.
  const reasonText = (reason: string) => text.refusalReasons[reason as ReadRefusalCode] ?? reason;

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{text.refusedHeading}</h3>
      <p>{text.refusedIntro}</p>
      {reads?.length === 0 && <p>{text.refusedNone}</p>}
      {reads !== undefined && reads.length > 0 && (
        <div className="table-scroll">
          <table aria-label={text.refusedHeading}>
            <thead>
              <tr>
                <th scope="col">{text.who}</th>
                <th scope="col">{text.purpose}</th>
                <th scope="col">{text.reason}</th>
                <th scope="col">{text.fields}</th>
                <th scope="col">{text.when}</th>
              </tr>
            </thead>
            <tbody>
              {reads.filter(shows).map((read) => (
                <tr key={read.id}>
                  <td>{read.processor?.name ?? '—'}</td>
                  <td>{read.purpose ? purposeTitle(read.purpose.code) : '—'}</td>
                  <td>{reasonText(read.reason)}</td>
                  <td>{read.fields.map(fieldName).join(', ')}</td>
                  <td>
                    <time dateTime={read.occurredAt}>{formatDateTime(read.occurredAt, messages)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
