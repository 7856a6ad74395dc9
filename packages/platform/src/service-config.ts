import { deepFreeze, type EnvReader, readConfig } from './config.ts';
import type { ServiceDatabaseSettings } from './database.ts';
import { readServerLimits, type ServerLimits } from './edge/server-limits.ts';
import { type HttpEdgeOptions, readHttpEdgeOptions } from './http-edges.ts';
import {
  type DatabaseDefaults,
  type ListenSettings,
  readDatabaseSettings,
  readListenSettings,
} from './service-settings.ts';

/** What a service declares of its config; the settings every service has are read from it. */
export interface ServiceConfigSchema {
  /** Its default ports: HOST, GRPC_PORT (for a gRPC listener) and HTTP_PORT are read with them. */
  ports: { grpcPort?: number; httpPort: number };
  /** The defaults of the database it owns, if one: DATABASE_URL, DB_POOL_SIZE, MIGRATE_ON_START. */
  database?: DatabaseDefaults;
  /**
   * The edge of its listeners: `http` (the default) reads it whole as `edges` (readHttpEdgeOptions:
   * CORS, per-client rate limits, server limits); `limits` only the server limits as `limits`, for
   * a service whose one listener serves the ops endpoints.
   */
  edge?: 'http' | 'limits';
  /** Its own settings, read after the listen and database settings. */
  settings(read: EnvReader): object;
}

/** The config a schema declares: listen settings, database, the service's own settings, edge. */
export type ServiceConfig<S extends ServiceConfigSchema> = (S['ports'] extends { grpcPort: number }
  ? ListenSettings & { grpcPort: number }
  : ListenSettings) &
  (S extends { database: DatabaseDefaults } ? { database: ServiceDatabaseSettings } : unknown) &
  ReturnType<S['settings']> &
  (S extends { edge: 'limits' } ? { limits: ServerLimits } : { edges: HttpEdgeOptions });

/**
 * Reads a service's config once from `env`: HOST and its ports, its database, then its own settings,
 * all reported in one ConfigError naming every bad variable; once those are good, the edge of its
 * listeners, with its own ConfigError. The config is frozen.
 */
export function readServiceConfig<const S extends ServiceConfigSchema>(
  env: Record<string, string | undefined>,
  schema: S,
): Readonly<ServiceConfig<S>> {
  const settings = readConfig(env, (read) => ({
    ...readListenSettings(read, schema.ports),
    ...(schema.database && { database: readDatabaseSettings(read, schema.database) }),
    ...schema.settings(read),
  }));
  const edge =
    schema.edge === 'limits'
      ? { limits: readConfig(env, readServerLimits) }
      : { edges: readHttpEdgeOptions(env) };
  return deepFreeze({ ...settings, ...edge }) as Readonly<ServiceConfig<S>>;
}
