/**
 * The page's Content-Security-Policy admits a <style> element only if it carries this response's nonce. Monaco
 * (GraphiQL's editor) writes its theme, token colours and layout rules into <style> elements it creates at run time,
 * without a nonce; so does React's scroll lock in dialogs. Every <style> element created on this page from here on
 * carries the page's nonce; markup injected into the page cannot, so the policy still refuses it.
 * Imported first, before anything that creates one.
 */
const nonce = document.querySelector<HTMLMetaElement>('meta[name="privacy-hub-style-nonce"]')?.content;

if (nonce) {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function createElementWithNonce(this: Document, tagName: string, options?: ElementCreationOptions): HTMLElement {
    const element = createElement.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof Document.prototype.createElement;
}

export {};
