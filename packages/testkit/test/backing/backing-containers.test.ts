import { describe, expect, it, vi } from 'vitest';
import { kafkaContainerBrokers, postgresContainerUrl } from '../../src/backing-containers.ts';
import { resolveKafka } from '../../src/kafka.ts';
import { resolvePostgres } from '../../src/postgres.ts';

// Stand-ins for the testcontainers modules (no Docker engine here): they record when they are
// loaded and how the containers are set up, so the tests see what the adapter asks for.
const record = vi.hoisted(() => ({ loaded: [] as string[], calls: [] as string[] }));

vi.mock('@testcontainers/postgresql', () => {
  record.loaded.push('@testcontainers/postgresql');
  return {
    PostgreSqlContainer: class {
      constructor(image: string) {
        record.calls.push(`postgresql image ${image}`);
      }
      withDatabase(name: string) {
        record.calls.push(`postgresql withDatabase(${name})`);
        return this;
      }
      withUsername(name: string) {
        record.calls.push(`postgresql withUsername(${name})`);
        return this;
      }
      withPassword(password: string) {
        record.calls.push(`postgresql withPassword(${password})`);
        return this;
      }
      withReuse() {
        record.calls.push('postgresql withReuse()');
        return this;
      }
      async start() {
        record.calls.push('postgresql start');
        return { getConnectionUri: () => 'postgres://postgres:postgres@localhost:32768/postgres' };
      }
    },
  };
});

vi.mock('@testcontainers/kafka', () => {
  record.loaded.push('@testcontainers/kafka');
  return {
    KafkaContainer: class {
      constructor(image: string) {
        record.calls.push(`kafka image ${image}`);
      }
      withKraft() {
        record.calls.push('kafka withKraft()');
        return this;
      }
      withReuse() {
        record.calls.push('kafka withReuse()');
        return this;
      }
      async start() {
        record.calls.push('kafka start');
        return { getHost: () => 'localhost', getMappedPort: (port: number) => (port === 9093 ? 32769 : 0) };
      }
    },
  };
});

describe('the testcontainers adapter', () => {
  it('is not loaded when the environment names the servers', async () => {
    expect(await resolvePostgres({ DATABASE_URL: 'postgres://app@db.internal:5432/app' })).toBe(
      'postgres://app@db.internal:5432/postgres',
    );
    expect(await resolveKafka({ KAFKA_BROKERS: 'k1:9092,k2:9092' })).toEqual(['k1:9092', 'k2:9092']);
    expect(record.loaded).toEqual([]);
  });

  it('starts one reusable PostgreSQL 16 container per process and answers its admin URL', async () => {
    expect(await postgresContainerUrl()).toBe('postgres://postgres:postgres@localhost:32768/postgres');
    expect(await postgresContainerUrl()).toBe('postgres://postgres:postgres@localhost:32768/postgres');
    expect(record.loaded).toEqual(['@testcontainers/postgresql']);
    expect(record.calls.filter((call) => call.startsWith('postgresql'))).toEqual([
      'postgresql image postgres:16',
      'postgresql withDatabase(postgres)',
      'postgresql withUsername(postgres)',
      'postgresql withPassword(postgres)',
      'postgresql withReuse()',
      'postgresql start',
    ]);
  });

  it("starts one reusable KRaft Kafka container per process and answers its plaintext listener's address", async () => {
    expect(await kafkaContainerBrokers()).toEqual(['localhost:32769']);
    expect(await kafkaContainerBrokers()).toEqual(['localhost:32769']);
    expect(record.calls.filter((call) => call.startsWith('kafka'))).toEqual([
      'kafka image confluentinc/cp-kafka:7.9.0',
      'kafka withKraft()',
      'kafka withReuse()',
      'kafka start',
    ]);
  });
});
