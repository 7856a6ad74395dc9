import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  containersOf,
  type K8sObject,
  named,
  ofKind,
  renderOverlay,
  serviceDeployments,
} from './support/kubernetes.ts';
import {
  configProblems,
  renderedSecrets,
  secretsFromReadme,
  sourceOfBundle,
} from './support/kubernetes-config.ts';
import {
  autoscaledAndBudgeted,
  graceOutlastsShutdown,
  grpcPortsSpeakH2c,
  networkPolicyPerService,
  noPlaintextCredentials,
  notifierWithinPartitions,
  probesAndResources,
  probeTargets,
} from './support/kubernetes-rules.ts';
import { schemaProblems } from './support/kubernetes-schemas.ts';
import { readRepoFile, repoPath, serviceFolders } from './support/repo.ts';
import { envNamesReadBy, platformEnvNames } from './support/service-sources.ts';

const overlays = { dev: renderOverlay('dev'), prod: renderOverlay('prod') };

/** Partitions of loms.order-events: the dev kafka-topics Job's command, prod's Strimzi KafkaTopic. */
function orderEventPartitions(objects: K8sObject[]): number {
  const topic = ofKind(objects, 'KafkaTopic').find((t) => t.spec.topicName === 'loms.order-events');
  if (topic) return topic.spec.partitions;
  const job = named(objects, 'Job', 'kafka-topics');
  const command = job ? containersOf(job).flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]) : [];
  const match = command.join(' ').match(/--topic loms\.order-events --partitions (\d+)/);
  if (!match) throw new Error('no loms.order-events topic in the overlay');
  return Number(match[1]);
}

describe.each(Object.entries(overlays))('kubectl kustomize deploy/k8s/overlays/%s', (_overlay, objects) => {
  it('renders objects that the Kubernetes API schemas (and the operators CRDs fields) accept', () => {
    expect(objects.length).toBeGreaterThan(40);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('puts everything of the marketplace in its namespace', () => {
    const outside = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'marketplace');
    expect(outside.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
  });

  it('runs a Deployment of every service', () => {
    expect(
      serviceDeployments(objects)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(serviceFolders());
  });

  it('gives every service readiness and liveness probes, requests and limits', () => {
    expect(probesAndResources(objects)).toEqual([]);
  });

  it('probes gRPC health on the h2c port of gRPC services, /readyz otherwise, and /healthz for liveness', () => {
    expect(probeTargets(objects)).toEqual([]);
  });

  it('declares appProtocol kubernetes.io/h2c on every gRPC Service port', () => {
    expect(grpcPortsSpeakH2c(objects)).toEqual([]);
  });

  it('scales every service with an HPA and bounds its voluntary disruptions with a PDB', () => {
    expect(autoscaledAndBudgeted(objects)).toEqual([]);
  });

  it('admits traffic to every service through a NetworkPolicy of its own', () => {
    expect(networkPolicyPerService(objects)).toEqual([]);
  });

  it('runs no more notifier replicas than loms.order-events has partitions', () => {
    expect(notifierWithinPartitions(objects, orderEventPartitions(objects))).toEqual([]);
  });

  it('lets every pod finish its shutdown drain and stop before Kubernetes kills it', () => {
    expect(graceOutlastsShutdown(objects)).toEqual([]);
  });

  it("migrates every database with a Job that runs one of the service's scripts as the image runs main", () => {
    // The image's CMD runs the bundle of src/main.ts; a Job runs the bundle of a src/cli command the
    // same way.
    const cmd = JSON.parse(readRepoFile('deploy/Dockerfile').match(/^CMD (\[.*\])$/m)![1]!) as string[];
    const runtime = cmd.slice(0, -1);
    for (const name of serviceFolders().filter((folder) => folder !== 'storefront')) {
      const job = named(objects, 'Job', `${name}-migrate`);
      expect(job, `${name}-migrate`).toBeDefined();
      const command = containersOf(job!)[0]!.command!;
      expect(command.slice(0, -1)).toEqual(runtime);
      const source = sourceOfBundle(command.at(-1)!);
      expect(source).toMatch(/^src\/cli\//);
      expect(existsSync(repoPath('services', name, source)), source).toBe(true);
    }
  });

  it('sets only environment variables that the service or the platform reads', () => {
    const platform = platformEnvNames();
    for (const deployment of serviceDeployments(objects)) {
      const reads = envNamesReadBy(deployment.metadata.name);
      const unread = (containersOf(deployment)[0]!.env ?? [])
        .map((e) => e.name)
        .filter((name) => !reads.has(name) && !platform.has(name) && name !== 'NODE_ENV');
      expect(unread, deployment.metadata.name).toEqual([]);
    }
  });
});

describe('the dev overlay', () => {
  const objects = overlays.dev;

  it("starts every service and migration Job with settings the service's config accepts", async () => {
    expect(await configProblems(objects, renderedSecrets(objects))).toEqual([]);
  });

  it('generates every Secret a workload names, with placeholder values', () => {
    const secrets = ofKind(objects, 'Secret');
    const workloads = [
      ...ofKind(objects, 'Deployment'),
      ...ofKind(objects, 'Job'),
      ...ofKind(objects, 'StatefulSet'),
    ];
    for (const c of workloads.flatMap(containersOf)) {
      for (const ref of c.envFrom ?? [])
        if (ref.secretRef) expect(secrets.map((s) => s.metadata.name)).toContain(ref.secretRef.name);
      for (const e of c.env ?? []) {
        const ref = (e.valueFrom as { secretKeyRef?: { name: string; key: string } } | undefined)
          ?.secretKeyRef;
        if (ref)
          expect(Object.keys(secrets.find((s) => s.metadata.name === ref.name)?.data ?? {})).toContain(
            ref.key,
          );
      }
    }
    const values = secrets.flatMap((s) => Object.entries(s.data ?? {}));
    const real = values.filter(
      ([key, value]) =>
        key !== 'ADMIN_EMAIL' && !Buffer.from(value, 'base64').toString().includes('dev-placeholder'),
    );
    expect(real.map(([key]) => key)).toEqual([]);
  });
});

describe('the prod overlay', () => {
  const objects = overlays.prod;

  it("starts every service and migration Job with the README's Secrets, as their configs require", async () => {
    const secrets = await secretsFromReadme();
    expect(Object.keys(secrets)).toHaveLength(8);
    expect(await configProblems(objects, (name) => secrets[name])).toEqual([]);
  });

  it('holds no credential: every one comes from a Secret created outside git', () => {
    expect(noPlaintextCredentials(objects)).toEqual([]);
  });

  it('takes Kafka from Strimzi and PostgreSQL from a CloudNativePG cluster with a replica', () => {
    const [kafka] = ofKind(objects, 'Kafka');
    const plain = kafka!.spec.kafka.listeners.find((l: { tls: boolean }) => !l.tls);
    const env = ofKind(objects, 'ConfigMap').find((m) => m.metadata.name.startsWith('marketplace-env'));
    expect(env?.data?.KAFKA_BROKERS).toBe(`${kafka!.metadata.name}-kafka-bootstrap:${plain.port}`);
    expect(ofKind(objects, 'Cluster')[0]!.spec.instances).toBeGreaterThanOrEqual(2);
  });
});
