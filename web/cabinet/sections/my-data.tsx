import { useEffect, useState, type FormEvent } from 'react';
import { ConfirmMyEmailDocument, MyProfileDocument, UpdateMyProfileDocument, type MyProfileQuery } from '../../client';
import { failureText, send, useQuery, type Session } from '../api';
import { formRefusal } from '../field-errors';
import { OneTimeCodeField } from '../one-time-code-field';
import type { Messages } from '../messages';
import { changedInput, EMPTY_PROFILE, ProfileFields, type ProfileValues } from '../profile-form';
import { Status } from '../status';

type Profile = NonNullable<MyProfileQuery['me']>;

function valuesOf(profile: Profile): ProfileValues {
  return {
    fullName: profile.fullName ?? '',
    email: profile.email ?? '',
    phone: profile.phone ?? '',
    dateOfBirth: profile.dateOfBirth ?? '',
    street: profile.address?.street ?? '',
    city: profile.address?.city ?? '',
    postalCode: profile.address?.postalCode ?? '',
    country: profile.address?.country ?? '',
  };
}

interface Props {
  session: Session;
  messages: Messages;
}

export function MyData({ session, messages }: Props) {
  const { data, failure, reload } = useQuery(session, MyProfileDocument);
  const [values, setValues] = useState<ProfileValues>(EMPTY_PROFILE);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<string>();
  const profile = data?.me ?? undefined;
  const before = profile === undefined ? EMPTY_PROFILE : valuesOf(profile);

  useEffect(() => {
    if (profile !== undefined) setValues(valuesOf(profile));
  }, [profile]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    try {
      await send(session, UpdateMyProfileDocument, { input: changedInput(values, before) });
      setErrors(new Map());
      await reload();
      setStatus(messages.profile.saved);
    } catch (error) {
      const refusal = formRefusal(error, 'input', messages);
      setErrors(refusal.errors);
      setStatus(refusal.status);
    }
  };

  return (
    <>
      {profile?.erasedAt && <p>{messages.profile.erased}</p>}
      <form onSubmit={(event) => void save(event)} noValidate className="panel">
        <ProfileFields messages={messages} values={values} onChange={setValues} errors={errors} />
        <button type="submit">{messages.profile.save}</button>
        <Status text={status ?? failure} />
      </form>
      {profile?.pendingEmail && <PendingEmail session={session} messages={messages} address={profile.pendingEmail} onConfirmed={reload} />}
    </>
  );
}

interface PendingEmailProps extends Props {
  address: string;
  onConfirmed: () => Promise<void>;
}

/** A new address waits for the code sent to it; entering it here makes it the email. */
function PendingEmail({ session, messages, address, onConfirmed }: PendingEmailProps) {
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<string>();
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await send(session, ConfirmMyEmailDocument, { code: code.trim() });
      setStatus(messages.profile.emailConfirmed);
      await onConfirmed();
    } catch (error) {
      setStatus(failureText(error));
    }
  };
  return (
    <form onSubmit={(event) => void confirm(event)} className="panel">
      <p>{messages.profile.pendingEmail(address)}</p>
      <div className="row">
        <OneTimeCodeField label={messages.profile.emailCode} value={code} onChange={setCode} />
        <button type="submit">{messages.profile.confirmEmail}</button>
      </div>
      <Status text={status} />
    </form>
  );
}
