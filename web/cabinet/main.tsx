/**
 * The personal cabinet of a signed-in customer, served by the hub at /cabinet: bundled at install (no CDN) and run
 * under a strict CSP, hence classes and cabinet.css only, never an inline style.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './cabinet.css';
import { readPageConfig } from './page-config';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App config={readPageConfig()} />
  </StrictMode>,
);
