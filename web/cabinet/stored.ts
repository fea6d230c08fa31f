import { LANGUAGES, type Language } from './messages';

/**
 * What the cabinet remembers in the browser: the language for good (localStorage), the token only for the tab's
 * session (sessionStorage), so a closed tab leaves no token behind.
 */
const LANGUAGE_KEY = 'privacy-hub-cabinet-language';
const TOKEN_KEY = 'privacy-hub-cabinet-token';

export function storedLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return LANGUAGES.find((language) => language === stored) ?? 'az';
}

export function storeLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
}

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}
