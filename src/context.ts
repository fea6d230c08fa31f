import type { DataSource } from 'typeorm';
import type { Principal } from './auth/principal';
import type { Loaders } from './loaders';
import type { Logger } from './logger';

/** What every resolver and rule sees; built once per request, never shared between requests. */
export interface Context {
  principal: Principal;
  loaders: Loaders;
  requestId: string;
  dataSource: DataSource;
  logger: Logger;
}
