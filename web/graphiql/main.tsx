// Order matters: both must be in place before GraphiQL starts Monaco.
import './csp-styles';
import './monaco-workers';
import 'graphiql/style.css';
import './page.css';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode, useMemo, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * GraphiQL for privacy-hub: one token pasted once (kept in this browser's localStorage and sent as
 * `Authorization: Bearer …` with every request) and the example operations of `operations/*.graphql` per role.
 */

const TOKEN_KEY = 'privacy-hub:token';
const GRAPHQL_URL = new URL(document.querySelector<HTMLMetaElement>('meta[name="privacy-hub-graphql"]')?.content ?? '/graphql', location.href).href;
const EXAMPLES = __PRIVACY_HUB_EXAMPLES__;

const DEFAULT_QUERY = `# privacy-hub GraphiQL
#
# 1. Paste a token above and press "Use token"
#    (locally: npm run token -- --role analyst).
#    It stays in this browser and goes with every
#    request as Authorization: Bearer <token>.
# 2. Open an example for your role in the Examples
#    panel, or write your own; Ctrl-Enter runs it.
# 3. A personal field you may not read comes back
#    null, its reason in errors[].extensions.code.
# 4. A partner token for several purposes names
#    one per request, under Headers below:
#    {"X-Processing-Purpose": "PERSONALIZATION"}
#
# Docs describes every type and field; personal
# fields say so, with their data category.

query Purposes {
  purposes {
    code
    title {
      en
    }
    consentRequired
  }
}
`;

function readToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function storeToken(token: string): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lasts as long as the page.
  }
}

/** What the token says about its bearer, read without verifying it (the server verifies every request). */
function describeToken(token: string): { text: string; expired: boolean } {
  if (!token) return { text: 'No token: requests are anonymous.', expired: false };
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const parts = [`role ${String(payload.role ?? '?')}`];
    if (payload.sub) parts.push(String(payload.sub));
    if (Array.isArray(payload.purposes)) parts.push(`purposes ${payload.purposes.join(', ')}`);
    const expired = typeof payload.exp === 'number' && payload.exp * 1000 < Date.now();
    if (typeof payload.exp === 'number') {
      const at = new Date(payload.exp * 1000).toLocaleTimeString();
      parts.push(expired ? `expired at ${at}` : `expires at ${at}`);
    }
    return { text: parts.join(' · '), expired };
  } catch {
    return { text: 'Not a JWT: the server will answer 401.', expired: true };
  }
}

function TokenBar({ token, onToken }: { token: string; onToken(token: string): void }) {
  const [draft, setDraft] = useState(token);
  const use = (event: FormEvent) => {
    event.preventDefault();
    onToken(draft.trim().replace(/^Bearer\s+/i, ''));
  };
  const forget = () => {
    setDraft('');
    onToken('');
  };
  const principal = describeToken(token);
  return (
    <form className="ph-bar" onSubmit={use}>
      <strong className="ph-title">privacy-hub</strong>
      <label htmlFor="ph-token">Bearer token</label>
      <input
        id="ph-token"
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="paste a token (JWT)"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit">Use token</button>
      <button type="button" onClick={forget} disabled={!token && !draft}>
        Forget
      </button>
      <span className={principal.expired ? 'ph-principal ph-warning' : 'ph-principal'} data-testid="principal">
        {principal.text}
      </span>
    </form>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M4 5h11M4 10h16M4 15h11M4 20h16" strokeLinecap="round" />
    </svg>
  );
}

/** The Examples panel: each role's operations; one click opens it in a new tab, with variables to fill in. */
function ExamplesPanel() {
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const roles = [...new Set(EXAMPLES.map((example) => example.role))];
  const open = (example: (typeof EXAMPLES)[number]) => {
    addTab();
    queryEditor?.setValue(example.document);
    variableEditor?.setValue(example.variables);
  };
  return (
    <div className="ph-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p className="ph-muted">From operations/*.graphql. Paste a token of that role above, then run.</p>
      {roles.map((role) => {
        const examples = EXAMPLES.filter((example) => example.role === role);
        return (
          <section key={role} data-role={role}>
            <h3>{examples[0].roleLabel}</h3>
            {examples[0].roleDescription && <p className="ph-muted">{examples[0].roleDescription}</p>}
            <ul>
              {examples.map((example) => (
                <li key={example.name}>
                  <button type="button" className="ph-example" data-example={example.name} onClick={() => open(example)}>
                    <span className="ph-kind">{example.kind}</span> {example.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPanel };
const PLUGINS = [EXAMPLES_PLUGIN, HISTORY_PLUGIN];

function App() {
  const [token, setToken] = useState(readToken);
  const fetcher = useMemo(() => createGraphiQLFetcher({ url: GRAPHQL_URL, headers: token ? { Authorization: `Bearer ${token}` } : {} }), [token]);
  const onToken = (next: string) => {
    storeToken(next);
    setToken(next);
  };
  return (
    <>
      <TokenBar token={token} onToken={onToken} />
      <GraphiQL fetcher={fetcher} plugins={PLUGINS} visiblePlugin={EXAMPLES_PLUGIN} defaultQuery={DEFAULT_QUERY}>
        <GraphiQL.Logo>privacy-hub</GraphiQL.Logo>
      </GraphiQL>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
