import { useEffect, useMemo, useState } from 'react';
import type { Session } from './api';
import { LANGUAGE_NAMES, LANGUAGES, MESSAGES, SECTIONS, type Language, type SectionId } from './messages';
import type { PageConfig } from './page-config';
import { AccessLog } from './sections/access-log';
import { MyConsents } from './sections/my-consents';
import { MyData } from './sections/my-data';
import { MyRequests } from './sections/my-requests';
import { Policy } from './sections/policy';
import { SignIn } from './sections/sign-in';
import { storedLanguage, storedToken, storeLanguage, storeToken } from './stored';

export function App({ config }: { config: PageConfig }) {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const [token, setToken] = useState<string | undefined>(storedToken);
  const [section, setSection] = useState<SectionId>('data');
  /** Why the customer was signed out without asking: the API refused the token. */
  const [refusal, setRefusal] = useState<string>();
  const messages = MESSAGES[language];
  const session = useMemo<Session | undefined>(() => {
    if (token === undefined) return undefined;
    const onRefused = (message: string) => {
      storeToken(undefined);
      setToken(undefined);
      setRefusal(message);
    };
    return { graphqlUrl: config.graphqlUrl, token, onRefused };
  }, [config, token]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = messages.title;
  }, [language, messages]);

  const chooseLanguage = (chosen: Language) => {
    storeLanguage(chosen);
    setLanguage(chosen);
  };
  const signIn = (signedIn: string | undefined) => {
    storeToken(signedIn);
    setToken(signedIn);
    setRefusal(undefined);
    setSection('data');
  };

  const sectionProps = session && { session, messages, language };
  return (
    <>
      <header className="top">
        <h1>{messages.title}</h1>
        <div className="field inline">
          <label htmlFor="language">{messages.language}</label>
          <select id="language" value={language} onChange={(event) => chooseLanguage(event.target.value as Language)}>
            {LANGUAGES.map((option) => (
              <option key={option} value={option}>
                {LANGUAGE_NAMES[option]}
              </option>
            ))}
          </select>
        </div>
        {session && (
          <button type="button" className="secondary" onClick={() => signIn(undefined)}>
            {messages.signIn.signOut}
          </button>
        )}
      </header>
      {sectionProps === undefined ? (
        <main>
          {refusal !== undefined && (
            <p role="alert" className="alert">
              {messages.signIn.refused} {refusal}
            </p>
          )}
          <SignIn messages={messages} demoSignInUrl={config.demoSignInUrl} onSignIn={signIn} />
        </main>
      ) : (
        <>
          <nav aria-label={messages.title}>
            <ul>
              {SECTIONS.map((id) => (
                <li key={id}>
                  <button type="button" aria-current={id === section ? 'page' : undefined} onClick={() => setSection(id)}>
                    {messages.sections[id]}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {/* Keyed by the session: a new sign-in starts every section afresh. */}
          <main key={sectionProps.session.token}>
            <h2>{messages.sections[section]}</h2>
            {section === 'data' && <MyData {...sectionProps} />}
            {section === 'consents' && <MyConsents {...sectionProps} />}
            {section === 'accessLog' && <AccessLog {...sectionProps} />}
            {section === 'requests' && <MyRequests {...sectionProps} />}
            {section === 'policy' && <Policy {...sectionProps} />}
          </main>
        </>
      )}
    </>
  );
}
