/**
 * PostgreSQL and Kafka in containers, for machines with a Docker engine and neither server on its
 * default port. testcontainers is imported here only, when first needed, so the usual paths never
 * load it. The containers are reused (testcontainers' `withReuse`, same settings, same container):
 * by every test process of a run and by later runs, as a server started locally would be; remove
 * them with `docker rm -f`, or set TESTCONTAINERS_REUSE_ENABLE=false for ones of each process.
 */

const POSTGRES_IMAGE = 'postgres:16';
/** Confluent's image: testcontainers' Kafka module drives its start scripts (KRaft from 7.0). */
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';

let postgres: Promise<string> | undefined;
let kafka: Promise<string[]> | undefined;

/** The admin URL (database `postgres`) of a PostgreSQL container, started once per process. */
export function postgresContainerUrl(): Promise<string> {
  postgres ??= (async () => {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
      .withDatabase('postgres')
      .withUsername('postgres')
      .withPassword('postgres')
      .withReuse()
      .start();
    return container.getConnectionUri();
  })();
  return postgres;
}

/** The broker list of a single-node Kafka (KRaft) container, started once per process. */
export function kafkaContainerBrokers(): Promise<string[]> {
  kafka ??= (async () => {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().withReuse().start();
    // The module's plaintext listener, advertised at the host's mapped port.
    return [`${container.getHost()}:${container.getMappedPort(9093)}`];
  })();
  return kafka;
}
