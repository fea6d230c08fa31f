import { useEffect, useId, useState, type FormEvent } from 'react';
import { failureText } from '../api';
import { demoCustomers, demoSignIn, type DemoCustomer } from '../demo-sign-in';
import type { Messages } from '../messages';
import { Status } from '../status';

interface Props {
  messages: Messages;
  demoSignInUrl: string | undefined;
  onSignIn: (token: string) => void;
}

export function SignIn({ messages, demoSignInUrl, onSignIn }: Props) {
  const tokenId = useId();
  const [token, setToken] = useState('');
  const [customers, setCustomers] = useState<DemoCustomer[]>([]);
  const [status, setStatus] = useState<string>();

  useEffect(() => {
    if (demoSignInUrl === undefined) return;
    demoCustomers(demoSignInUrl).then(setCustomers, (error: unknown) => setStatus(failureText(error)));
  }, [demoSignInUrl]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() !== '') onSignIn(token.trim());
  };
  const signInAs = (customer: DemoCustomer) => {
    if (demoSignInUrl === undefined) return;
    demoSignIn(demoSignInUrl, customer.id).then(onSignIn, (error: unknown) => setStatus(failureText(error)));
  };

  return (
    <section className="panel" aria-labelledby={`${tokenId}-heading`}>
      <h2 id={`${tokenId}-heading`}>{messages.signIn.heading}</h2>
      <form onSubmit={submit} className="row">
        <div className="field grow">
          <label htmlFor={tokenId}>{messages.signIn.token}</label>
          <input id={tokenId} type="text" autoComplete="off" spellCheck={false} value={token} onChange={(event) => setToken(event.target.value)} />
        </div>
        <button type="submit">{messages.signIn.button}</button>
      </form>
      {demoSignInUrl !== undefined && (
        <section aria-label={messages.signIn.demoCustomers} className="demo">
          <p>{messages.signIn.demoIntro}</p>
          <ul className="buttons">
            {customers.map((customer) => (
              <li key={customer.id}>
                <button type="button" className="secondary" onClick={() => signInAs(customer)}>
                  {customer.fullName}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Status text={status} />
    </section>
  );
}
