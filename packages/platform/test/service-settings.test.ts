import { describe, expect, it } from 'vitest';
import { ConfigError, readDatabaseSettings, readOutboundApiKey } from '../src/index.ts';
import { readListenSettings } from '../src/service-settings.ts';
import { readEnv } from './fixtures/read-env.ts';

describe('the settings every service reads', () => {
  it('listens on all interfaces and the service’s own ports unless HOST and the ports say otherwise', () => {
    expect(readEnv({}, (read) => readListenSettings(read, { grpcPort: 8081, httpPort: 8082 }))).toEqual({
      host: '0.0.0.0',
      grpcPort: 8081,
      httpPort: 8082,
    });
    expect(
      readEnv({ HOST: '127.0.0.1', HTTP_PORT: '0' }, (read) => readListenSettings(read, { httpPort: 8080 })),
    ).toEqual({
      host: '127.0.0.1',
      httpPort: 0,
    });
  });

  it('names the port variable that is out of range', () => {
    expect(() =>
      readEnv({ GRPC_PORT: '70000' }, (read) => readListenSettings(read, { grpcPort: 1, httpPort: 2 })),
    ).toThrow(/GRPC_PORT: expected an integer in \[0, 65535\]/);
  });

  it('opens the service’s own local database unless DATABASE_URL names another', () => {
    expect(readEnv({}, (read) => readDatabaseSettings(read, { database: 'cart', poolSize: 20 }))).toEqual({
      url: 'postgres://postgres@127.0.0.1:5432/cart',
      maxConnections: 20,
      migrateOnStart: true,
    });
    const env = { DATABASE_URL: 'postgres://db/x', DB_POOL_SIZE: '3', MIGRATE_ON_START: 'false' };
    expect(readEnv(env, (read) => readDatabaseSettings(read, { database: 'cart', poolSize: 20 }))).toEqual({
      url: 'postgres://db/x',
      maxConnections: 3,
      migrateOnStart: false,
    });
    expect(() =>
      readEnv({ DB_POOL_SIZE: '0' }, (read) =>
        readDatabaseSettings(read, { database: 'cart', poolSize: 20 }),
      ),
    ).toThrow(/DB_POOL_SIZE/);
  });

  it('sends the development key outside production and refuses it, or a blank key, in production', () => {
    const key = (env: Record<string, string>) =>
      readEnv(env, (read) => readOutboundApiKey(read, 'X_KEY', 'give it its own key'));
    expect(key({})).toBe('testToken');
    expect(key({ NODE_ENV: 'production', X_KEY: 'k-1' })).toBe('k-1');
    for (const refused of [{}, { X_KEY: ' testToken ' }, { X_KEY: '  ' }] as Record<string, string>[]) {
      const read = () => key({ NODE_ENV: 'production', ...refused });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(
        /X_KEY: the development key "testToken" \(or an empty key\) is refused .*; give it its own key/,
      );
    }
  });
});
