import { readProcessSettings } from '@marketplace/platform';
import { CONTRACT_PORTS } from './contract.ts';
import {
  type Container,
  containersOf,
  type K8sObject,
  named,
  ofKind,
  podLabelsOf,
  selects,
  serviceDeployments,
} from './kubernetes.ts';

/**
 * The rules every rendered overlay keeps. Each returns the problems it finds (empty when the
 * manifests keep it), so a test can show a rule failing on a broken copy.
 */

/** Every container of a service has readiness and liveness probes, requests and limits. */
export function probesAndResources(objects: K8sObject[]): string[] {
  return serviceDeployments(objects).flatMap((deployment) =>
    containersOf(deployment).flatMap((c) => {
      const where = `Deployment ${deployment.metadata.name}, container ${c.name}`;
      const problems: string[] = [];
      if (!c.readinessProbe) problems.push(`${where}: no readinessProbe`);
      if (!c.livenessProbe) problems.push(`${where}: no livenessProbe`);
      for (const part of ['requests', 'limits'] as const)
        for (const resource of ['cpu', 'memory'])
          if (!c.resources?.[part]?.[resource])
            problems.push(`${where}: no ${resource} in resources.${part}`);
      return problems;
    }),
  );
}

/**
 * Readiness asks gRPC health on the h2c port of a gRPC service, `/readyz` of an HTTP-only one;
 * liveness asks `/healthz` (the process answers), never something a dependency can fail.
 */
export function probeTargets(objects: K8sObject[]): string[] {
  return serviceDeployments(objects).flatMap((deployment) => {
    const name = deployment.metadata.name;
    const ports = CONTRACT_PORTS[name];
    const c = containersOf(deployment)[0];
    if (!ports || !c) return [`Deployment ${name}: not a service of the contract, or no container`];
    const problems: string[] = [];
    const ready = c.readinessProbe;
    if (ports.grpc !== undefined ? ready?.grpc?.port !== ports.grpc : ready?.httpGet?.path !== '/readyz')
      problems.push(
        `Deployment ${name}: readiness must be ${ports.grpc ? `grpc on ${ports.grpc}` : 'GET /readyz'}`,
      );
    if (c.livenessProbe?.httpGet?.path !== '/healthz')
      problems.push(`Deployment ${name}: liveness must be GET /healthz`);
    const exposed = (c.ports ?? []).map((p) => p.containerPort).sort();
    const expected = [ports.http, ports.grpc].filter((p) => p !== undefined).sort();
    if (exposed.join() !== expected.join())
      problems.push(`Deployment ${name}: ports ${exposed} instead of the contract's ${expected}`);
    return problems;
  });
}

/** Every Service port in front of a gRPC (h2c) container port declares appProtocol h2c. */
export function grpcPortsSpeakH2c(objects: K8sObject[]): string[] {
  const grpcPorts = new Set(
    Object.values(CONTRACT_PORTS).flatMap(({ grpc }) => (grpc === undefined ? [] : [grpc])),
  );
  return ofKind(objects, 'Service').flatMap((service) => {
    const pods = serviceDeployments(objects).filter((d) =>
      selects({ matchLabels: service.spec?.selector }, podLabelsOf(d)),
    );
    const containerPorts = pods.flatMap((d) => containersOf(d).flatMap((c) => c.ports ?? []));
    return (service.spec?.ports ?? []).flatMap(
      (port: { name?: string; port: number; targetPort?: number | string; appProtocol?: string }) => {
        const target = containerPorts.find(
          (p) => p.name === port.targetPort || p.containerPort === port.targetPort,
        );
        const isGrpc = grpcPorts.has(target?.containerPort ?? port.port);
        return isGrpc && port.appProtocol !== 'kubernetes.io/h2c'
          ? [
              `Service ${service.metadata.name}: port ${port.port} is gRPC without appProtocol kubernetes.io/h2c`,
            ]
          : [];
      },
    );
  });
}

/** Each service Deployment has an HPA scaling it and a PodDisruptionBudget over its pods. */
export function autoscaledAndBudgeted(objects: K8sObject[]): string[] {
  return serviceDeployments(objects).flatMap((deployment) => {
    const name = deployment.metadata.name;
    const problems: string[] = [];
    const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
      (h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === name,
    );
    if (!hpa) problems.push(`Deployment ${name}: no HorizontalPodAutoscaler`);
    else if (hpa.spec.maxReplicas < (hpa.spec.minReplicas ?? 1))
      problems.push(`HorizontalPodAutoscaler ${name}: maxReplicas below minReplicas`);
    if (
      !ofKind(objects, 'PodDisruptionBudget').some((p) => selects(p.spec?.selector, podLabelsOf(deployment)))
    )
      problems.push(`Deployment ${name}: no PodDisruptionBudget`);
    return problems;
  });
}

/** Each service's pods are selected by a NetworkPolicy that limits who may connect to them. */
export function networkPolicyPerService(objects: K8sObject[]): string[] {
  return serviceDeployments(objects).flatMap((deployment) => {
    const policy = ofKind(objects, 'NetworkPolicy').find((p) =>
      selects(p.spec?.podSelector, podLabelsOf(deployment)),
    );
    if (!policy) return [`Deployment ${deployment.metadata.name}: no NetworkPolicy`];
    return policy.spec.policyTypes?.includes('Ingress')
      ? []
      : [`NetworkPolicy ${policy.metadata.name}: does not restrict ingress`];
  });
}

/**
 * Notifier replicas share loms.order-events' partitions in one consumer group: never more replicas
 * (HPA maximum included) than partitions, and ORDER_EVENTS_PARTITIONS says the same number.
 */
export function notifierWithinPartitions(objects: K8sObject[], partitions: number): string[] {
  const deployment = named(objects, 'Deployment', 'notifier');
  const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
    (h) => h.spec?.scaleTargetRef?.name === 'notifier',
  );
  if (!deployment || !hpa) return ['no notifier Deployment or HorizontalPodAutoscaler'];
  const problems: string[] = [];
  if (hpa.spec.maxReplicas > partitions)
    problems.push(`notifier maxReplicas ${hpa.spec.maxReplicas} > ${partitions} partitions`);
  if ((deployment.spec.replicas ?? 1) > partitions)
    problems.push(`notifier replicas ${deployment.spec.replicas} > ${partitions} partitions`);
  const declared = envValue(containersOf(deployment)[0], 'ORDER_EVENTS_PARTITIONS');
  if (declared !== String(partitions))
    problems.push(`notifier ORDER_EVENTS_PARTITIONS is ${declared}, the topic has ${partitions}`);
  return problems;
}

/**
 * A pod's grace period outlasts its shutdown: SHUTDOWN_DRAIN plus SHUTDOWN_TIMEOUT, as the
 * platform reads them from the container's environment (its defaults when unset).
 */
export function graceOutlastsShutdown(objects: K8sObject[]): string[] {
  return serviceDeployments(objects).flatMap((deployment) => {
    const container = containersOf(deployment)[0];
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    const { drainMs, stopTimeoutMs } = readProcessSettings(env);
    const graceMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    return graceMs > drainMs + stopTimeoutMs
      ? []
      : [
          `Deployment ${deployment.metadata.name}: grace ${graceMs}ms <= drain ${drainMs}ms + stop ${stopTimeoutMs}ms`,
        ];
  });
}

/** Environment names whose values are credentials. */
const CREDENTIAL_NAME = /PASSWORD|SECRET|TOKEN|_KEYS?$|DATABASE_URL|SHARD_URLS/;

/**
 * Production holds no credential: no Secret with values, no credential in a ConfigMap or a
 * container's plain `env` (each comes from a Secret created outside git).
 */
export function noPlaintextCredentials(objects: K8sObject[]): string[] {
  const problems = ofKind(objects, 'Secret')
    .filter((s) => Object.keys({ ...s.data, ...s.stringData }).length > 0)
    .map((s) => `Secret ${s.metadata.name} holds values`);
  for (const map of ofKind(objects, 'ConfigMap'))
    for (const key of Object.keys(map.data ?? {}).filter((k) => CREDENTIAL_NAME.test(k)))
      problems.push(`ConfigMap ${map.metadata.name}: ${key} is a credential`);
  for (const workload of [
    ...ofKind(objects, 'Deployment'),
    ...ofKind(objects, 'Job'),
    ...ofKind(objects, 'StatefulSet'),
  ])
    for (const c of containersOf(workload))
      for (const e of c.env ?? [])
        if (CREDENTIAL_NAME.test(e.name) && e.value !== undefined)
          problems.push(`${workload.kind} ${workload.metadata.name}: ${e.name} has a plain value`);
  return problems;
}

function envValue(container: Container | undefined, name: string): string | undefined {
  return container?.env?.find((e) => e.name === name)?.value;
}
