import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaContainerBrokers } from './backing-containers.ts';
import { chooseBackingSource } from './backing-source.ts';
import { dockerEngineAnswers } from './docker-engine.ts';
import { isListening } from './postgres.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../../deploy/kafka/kafka.sh', import.meta.url).pathname;

/**
 * Finds a Kafka broker for tests and local stacks, in this order: KAFKA_BROKERS; a broker on
 * 127.0.0.1:9092; a container (testcontainers) where a Docker engine answers; one started by
 * deploy/kafka/kafka.sh on 9092 (jars from Maven Central, run on Java). Returns the broker list.
 */
export async function resolveKafka(env = process.env): Promise<string[]> {
  const source = await chooseBackingSource(Boolean(env.KAFKA_BROKERS), {
    defaultPortListening: () => isListening('127.0.0.1', 9092),
    dockerEngine: () => dockerEngineAnswers(env),
  });
  if (source === 'environment') return env.KAFKA_BROKERS!.split(',');
  if (source === 'container') return kafkaContainerBrokers();
  if (source === 'local') await kafkaScript('start', 9092);
  return ['127.0.0.1:9092'];
}

/**
 * A broker of a test's own on `port` (controller on port + 1), which the test may stop and start
 * (outage tests) without disturbing the shared one.
 */
export function dedicatedKafka(port: number) {
  return {
    brokers: [`127.0.0.1:${port}`],
    start: () => kafkaScript('start', port),
    stop: () => kafkaScript('stop', port),
    reset: () => kafkaScript('reset', port),
  };
}

async function kafkaScript(command: 'start' | 'stop' | 'reset', port: number): Promise<void> {
  try {
    await run('bash', [SCRIPT, command], {
      env: { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(port + 1) },
      timeout: 240_000,
    });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`deploy/kafka/kafka.sh ${command} failed:\n${stdout}${stderr}`);
  }
}
