import { CabinetVocabularyDocument, PurposesDocument } from '../../client';
import { useQuery, type Session } from '../api';
import type { Language, Messages } from '../messages';
import { Status } from '../status';

interface Props {
  session: Session;
  messages: Messages;
  language: Language;
}

/** The policy as the API states it: the five purposes of §1 and the grounds of §2, in the chosen language. */
export function Policy({ session, messages, language }: Props) {
  const purposes = useQuery(session, PurposesDocument);
  const vocabulary = useQuery(session, CabinetVocabularyDocument);
  return (
    <>
      <Status text={purposes.failure ?? vocabulary.failure} />
      <h3>{messages.policy.purposes}</h3>
      <dl className="terms">
        {(purposes.data?.purposes ?? []).map((purpose) => (
          <div key={purpose.code}>
            <dt>{purpose.title[language]}</dt>
            <dd>
              <p>{purpose.description[language]}</p>
              <p className="muted">
                {messages.policy.section(purpose.policySection)} ·{' '}
                {purpose.consentRequired ? messages.policy.consentRequired : messages.policy.consentNotRequired}
              </p>
            </dd>
          </div>
        ))}
      </dl>
      <h3>{messages.policy.grounds}</h3>
      <dl className="terms">
        {(vocabulary.data?.disclosureGrounds ?? []).map((ground) => (
          <div key={ground.key}>
            <dt>{ground.name[language]}</dt>
            <dd>
              <p>{ground.description[language]}</p>
              <p className="muted">{messages.policy.section(ground.policySection)}</p>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
