import { describe, expect, it } from 'vitest';
import { ConfigError, type EnvReader, readConfig, readServiceConfig } from '../src/index.ts';

/** The variables a ConfigError names, in its order; none when reading succeeds. */
const namesOfProblems = (read: () => unknown): string[] => {
  try {
    read();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((problem) => problem.split(':')[0]!);
    throw err;
  }
  return [];
};

describe('readConfig', () => {
  it('gives what the settings reader read, frozen all the way down', () => {
    const config = readConfig({ BATCH: '7' }, (read) => ({
      jobs: { batch: read.int('BATCH', 100), intervalMs: read.durationMs('INTERVAL', '1m') },
    }));
    expect(config).toEqual({ jobs: { batch: 7, intervalMs: 60_000 } });
    expect(Object.isFrozen(config.jobs)).toBe(true);
  });

  it('reports every bad variable at once, in the order they were read', () => {
    const read = () =>
      readConfig({ BATCH: 'many', INTERVAL: 'soon' }, (reader) => ({
        batch: reader.int('BATCH', 100),
        intervalMs: reader.durationMs('INTERVAL', '1m'),
        name: reader.string('NAME'),
      }));
    expect(read).toThrow(ConfigError);
    expect(namesOfProblems(read)).toEqual(['BATCH', 'INTERVAL', 'NAME']);
  });
});

describe('readServiceConfig', () => {
  const schema = {
    ports: { grpcPort: 8083, httpPort: 8084 },
    database: { database: 'loms', poolSize: 20 },
    settings: (read: EnvReader) => ({
      jobs: { batch: read.int('BATCH', 100, { min: 1 }) },
    }),
  };

  it('reads the declared ports and database, the own settings and the edge of the listeners', () => {
    const config = readServiceConfig(
      { GRPC_PORT: '9000', DB_POOL_SIZE: '3', RATE_LIMIT_PER_IP: '5' },
      schema,
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      grpcPort: 9000,
      httpPort: 8084,
      database: { url: 'postgres://postgres@127.0.0.1:5432/loms', maxConnections: 3, migrateOnStart: true },
      jobs: { batch: 100 },
      edges: { perIpRatePerSecond: 5, limits: { idleTimeoutMs: 120_000 } },
    });
    expect(Object.isFrozen(config.edges.limits)).toBe(true);
  });

  it('reads no database and no gRPC port that the service does not declare', () => {
    const config = readServiceConfig(
      { DATABASE_URL: 'not a url', GRPC_PORT: 'x' },
      {
        ports: { httpPort: 8090 },
        settings: () => ({}),
      },
    );
    expect(config).not.toHaveProperty('database');
    expect(config).not.toHaveProperty('grpcPort');
    expect(config.httpPort).toBe(8090);
  });

  it('reads only the server limits, as `limits`, for a service whose listener serves the ops endpoints', () => {
    const config = readServiceConfig(
      { RATE_LIMIT_PER_IP: 'x', READ_TIMEOUT: '40s' },
      { ports: { httpPort: 8088 }, edge: 'limits', settings: () => ({}) },
    );
    expect(config.limits.requestTimeoutMs).toBe(40_000);
    expect(config).not.toHaveProperty('edges');
  });

  it("reports the service's bad variables together, and those of the edge once they are good", () => {
    const env = { HTTP_PORT: '70000', DB_POOL_SIZE: '0', BATCH: '0', RATE_LIMIT_PER_IP: '0' };
    expect(namesOfProblems(() => readServiceConfig(env, schema))).toEqual([
      'HTTP_PORT',
      'DB_POOL_SIZE',
      'BATCH',
    ]);
    const good = { ...env, HTTP_PORT: '80', DB_POOL_SIZE: '2', BATCH: '5' };
    expect(namesOfProblems(() => readServiceConfig(good, schema))).toEqual(['RATE_LIMIT_PER_IP']);
  });
});
