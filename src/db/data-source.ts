import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement; used by the statement-count tests and the benchmark. */
  logger?: TypeOrmLogger;
  poolSize?: number;
}

/** The single DataSource definition used by the server, the scripts and the tests. Never `synchronize`. */
export function createDataSource({ url, logger, poolSize = 10 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logger,
    extra: { max: poolSize },
  });
}
