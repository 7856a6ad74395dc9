import { describe, expect, it } from 'vitest';
import { broken, containersOf, renderOverlay } from './support/kubernetes.ts';
import { configProblems, renderedSecrets } from './support/kubernetes-config.ts';
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

// Each rule of kubernetes.test.ts, shown to fail on a rendered overlay broken the way it guards against.
const dev = renderOverlay('dev');
const prod = renderOverlay('prod');

describe('each manifest rule fails on a manifest that breaks it', () => {
  it('finds a missing probe or limit', () => {
    const noLiveness = broken(dev, 'Deployment', 'cart', (d) => delete containersOf(d)[0]!.livenessProbe);
    expect(probesAndResources(noLiveness)).toEqual(['Deployment cart, container cart: no livenessProbe']);
    const noLimit = broken(
      dev,
      'Deployment',
      'loms',
      (d) => delete containersOf(d)[0]!.resources!.limits!.memory,
    );
    expect(probesAndResources(noLimit)).toEqual([
      'Deployment loms, container loms: no memory in resources.limits',
    ]);
  });

  it('finds readiness that is not gRPC health on the h2c port of a gRPC service', () => {
    const http = broken(dev, 'Deployment', 'loms', (d) => {
      containersOf(d)[0]!.readinessProbe = { httpGet: { path: '/readyz', port: 'http' } };
    });
    expect(probeTargets(http)).toEqual(['Deployment loms: readiness must be grpc on 8083']);
  });

  it('finds a gRPC Service port without appProtocol h2c', () => {
    const plain = broken(dev, 'Service', 'products', (s) => delete s.spec.ports[0].appProtocol);
    expect(grpcPortsSpeakH2c(plain)).toEqual([
      'Service products: port 8081 is gRPC without appProtocol kubernetes.io/h2c',
    ]);
  });

  it('finds a service without an HPA or a PDB', () => {
    const copy = structuredClone(dev).filter(
      (o) =>
        !(
          o.metadata.name === 'comments' &&
          ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind)
        ),
    );
    expect(autoscaledAndBudgeted(copy)).toEqual([
      'Deployment comments: no HorizontalPodAutoscaler',
      'Deployment comments: no PodDisruptionBudget',
    ]);
  });

  it('finds a service without a NetworkPolicy', () => {
    const copy = dev.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'users'));
    expect(networkPolicyPerService(copy)).toEqual(['Deployment users: no NetworkPolicy']);
  });

  it('finds notifiers beyond the partitions', () => {
    const many = broken(prod, 'HorizontalPodAutoscaler', 'notifier', (h) => {
      h.spec.maxReplicas = 7;
    });
    expect(notifierWithinPartitions(many, 6)).toEqual(['notifier maxReplicas 7 > 6 partitions']);
    expect(notifierWithinPartitions(prod, 2)).toContain('notifier maxReplicas 6 > 2 partitions');
  });

  it('finds a grace period that a longer drain outlasts', () => {
    const long = broken(dev, 'Deployment', 'notifier', (d) => {
      containersOf(d)[0]!.env!.push({ name: 'SHUTDOWN_DRAIN', value: '20s' });
    });
    expect(graceOutlastsShutdown(long)).toEqual([
      'Deployment notifier: grace 30000ms <= drain 20000ms + stop 15000ms',
    ]);
  });

  it('finds credentials in plain text: the dev overlay has them, by design', () => {
    expect(noPlaintextCredentials(dev)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Secret loms-secrets-\w+ holds values$/)]),
    );
    const inline = broken(prod, 'Deployment', 'cart', (d) => {
      containersOf(d)[0]!.env!.push({ name: 'PRODUCTS_API_KEY', value: 'k' });
    });
    expect(noPlaintextCredentials(inline)).toEqual(['Deployment cart: PRODUCTS_API_KEY has a plain value']);
  });

  it('finds settings a service refuses, or a Secret that is not there', async () => {
    const noKey = broken(dev, 'Deployment', 'storefront', (d) => {
      containersOf(d)[0]!.env!.push({ name: 'PRODUCTS_API_KEY', value: 'testToken' });
    });
    const problems = await configProblems(noKey, renderedSecrets(noKey));
    expect(problems).toEqual([
      expect.stringMatching(/^Deployment storefront: .*PRODUCTS_API_KEY: the development key/s),
    ]);
    expect(await configProblems(prod, () => undefined)).toContain('Deployment cart: no Secret cart-secrets');
  });

  it('finds an operator resource the operator would refuse', () => {
    const single = broken(prod, 'Cluster', 'marketplace-pg', (c) => {
      c.spec.instances = 1;
    });
    expect(schemaProblems(single)).toEqual([
      'Cluster marketplace-pg: spec.instances must be 2 or more (a replica)',
    ]);
    const badPort = broken(dev, 'Deployment', 'cart', (d) => {
      containersOf(d)[0]!.ports![0]!.containerPort = 'http' as never;
    });
    expect(schemaProblems(badPort)).toHaveLength(1);
  });
});
