import type { DataSource } from 'typeorm';
import type { Principal } from './auth/principal';
import type { CursorSeal } from './common/cursor-seal';
import type { Loaders } from './loaders';
import type { RequestLifetime } from './http/request-lifetime';
import type { Logger } from './logger';
import type { AuditBuffer } from './modules/audit/audit-buffer';
import type { RefusalBuffer } from './modules/refusals/refusal-buffer';
import type { OperationObservation } from './observability/operation-observation';
import type { PurposeCode } from './policy/purposes';
import type { ReadDecisions } from './policy/read-decisions';

/** What every resolver and rule sees; built once per request, never shared between requests. */
export interface Context {
  principal: Principal;
  loaders: Loaders;
  requestId: string;
  /** The purpose the request is made for (X-Processing-Purpose, or the token's only purpose). */
  purpose: PurposeCode | null;
  /** The request's personal-field decisions, one per customer and data category. */
  decisions: ReadDecisions;
  /** The personal-field reads to audit before the response leaves. */
  audit: AuditBuffer;
  /** The personal-field reads a recipient was refused, recorded for the customer when the response is ready. */
  refusals: RefusalBuffer;
  /** Whether the request outlived its deadline or its client: then nothing more is worth doing for it. */
  lifetime: RequestLifetime;
  /** Seals the cursors pages hand out and opens those sent back; one for the server, keyed from its secret. */
  cursorSeal: CursorSeal;
  dataSource: DataSource;
  logger: Logger;
  /** What the request's log line and metrics are made of (its id is `requestId`). */
  observation: OperationObservation;
}
