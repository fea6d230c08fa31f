import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import type { PrivacyRequest } from '../privacy-request.entity';
import type { RequestSettings } from '../request-settings';

/** What carrying out a request needs: the transaction it runs in, so that it succeeds or fails as a whole. */
export interface FulfilmentContext {
  manager: EntityManager;
  request: PrivacyRequest;
  settings: RequestSettings;
  /** The privacy officer completing the request. */
  actor: Actor;
  now: Date;
}

/** Carries out one type of request; returns what to record on the request itself. */
export type Fulfil = (context: FulfilmentContext) => Promise<Partial<PrivacyRequest>>;
