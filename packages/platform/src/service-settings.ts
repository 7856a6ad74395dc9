import { DEVELOPMENT_API_KEY, isDevelopmentApiKey } from './auth/api-key-check.ts';
import type { EnvReader } from './config.ts';
import type { ServiceDatabaseSettings } from './database.ts';

/** Where a service's listeners bind: HOST (default all interfaces) and its ports. */
export interface ListenSettings {
  host: string;
  httpPort: number;
}

/**
 * HOST, GRPC_PORT and HTTP_PORT, each port defaulting to the service's own; a service without a
 * gRPC listener names only its HTTP port.
 */
export function readListenSettings(
  read: EnvReader,
  ports: { grpcPort?: number; httpPort: number },
): ListenSettings & { grpcPort?: number } {
  const host = read.string('HOST', '0.0.0.0');
  const grpcPort =
    ports.grpcPort === undefined ? undefined : read.int('GRPC_PORT', ports.grpcPort, { max: 65535 });
  const httpPort = read.int('HTTP_PORT', ports.httpPort, { max: 65535 });
  return grpcPort === undefined ? { host, httpPort } : { host, grpcPort, httpPort };
}

/** The defaults of a service's own database: its name on the local server, and its pool size. */
export interface DatabaseDefaults {
  database: string;
  poolSize: number;
}

/**
 * DATABASE_URL (default: the `database` database of the local server), DB_POOL_SIZE (default
 * `poolSize`, 1 to 1000) and MIGRATE_ON_START (default true).
 */
export function readDatabaseSettings(read: EnvReader, defaults: DatabaseDefaults): ServiceDatabaseSettings {
  return {
    url: read.string('DATABASE_URL', `postgres://postgres@127.0.0.1:5432/${defaults.database}`),
    maxConnections: read.int('DB_POOL_SIZE', defaults.poolSize, { min: 1, max: 1000 }),
    migrateOnStart: read.bool('MIGRATE_ON_START', true),
  };
}

/**
 * An API key this service sends, from `name` (default the development key). With
 * NODE_ENV=production the development key or a blank one is a problem naming `name`, ending with
 * `advice` (whose key to give the service).
 */
export function readOutboundApiKey(read: EnvReader, name: string, advice: string): string {
  const key = read.string(name, DEVELOPMENT_API_KEY);
  if (read.optionalString('NODE_ENV') === 'production' && isDevelopmentApiKey(key))
    read.problem(
      name,
      `the development key "${DEVELOPMENT_API_KEY}" (or an empty key) is refused when NODE_ENV=production; ${advice}`,
    );
  return key;
}
