import type { DataSource } from 'typeorm';
import type { Principal } from './auth/principal';
import type { Loaders } from './loaders';
import type { Logger } from './logger';
import type { AuditBuffer } from './modules/audit/audit-buffer';

/** What every resolver and rule sees; built once per request, never shared between requests. */
export interface Context {
  principal: Principal;
  loaders: Loaders;
  requestId: string;
  /** The request's purpose and the personal-field reads to audit. */
  audit: AuditBuffer;
  dataSource: DataSource;
  logger: Logger;
}
