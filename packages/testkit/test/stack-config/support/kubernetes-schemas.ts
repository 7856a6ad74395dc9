import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { K8sObject } from './kubernetes.ts';

type Model = new (data: never) => { validate(): void };

/** Kubernetes' own kinds the overlays use, validated against the API's OpenAPI schemas. */
const API_MODELS: Record<string, Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

type ShapeCheck = (object: K8sObject, all: K8sObject[]) => string[];

const isCount = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min;

/** The Kafka a Strimzi resource belongs to (its strimzi.io/cluster label), if rendered beside it. */
const strimziCluster = (object: K8sObject, all: K8sObject[]) =>
  all.find((o) => o.kind === 'Kafka' && o.metadata.name === object.metadata.labels?.['strimzi.io/cluster']);

/**
 * Operator resources (Strimzi, CloudNativePG), whose schemas live in their operators' CRDs: checked
 * for the fields the operator requires and the references between them.
 */
const OPERATOR_SHAPES: Record<string, ShapeCheck> = {
  'kafka.strimzi.io/v1beta2/Kafka': (kafka) => {
    const listeners = kafka.spec?.kafka?.listeners;
    const problems: string[] = [];
    if (!Array.isArray(listeners) || listeners.length === 0) problems.push('spec.kafka.listeners is empty');
    for (const l of listeners ?? [])
      if (
        typeof l.name !== 'string' ||
        !isCount(l.port, 9092) ||
        typeof l.type !== 'string' ||
        typeof l.tls !== 'boolean'
      )
        problems.push(`listener ${JSON.stringify(l)} needs name, port (9092 and up), type and tls`);
    const annotations = (kafka.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    if (annotations['strimzi.io/kraft'] !== 'enabled' || annotations['strimzi.io/node-pools'] !== 'enabled')
      problems.push('KRaft with node pools needs the strimzi.io/kraft and strimzi.io/node-pools annotations');
    if (kafka.spec?.zookeeper) problems.push('spec.zookeeper: the cluster runs KRaft');
    if (!kafka.spec?.entityOperator?.topicOperator)
      problems.push('KafkaTopic resources need the topic operator');
    return problems;
  },
  'kafka.strimzi.io/v1beta2/KafkaNodePool': (pool, all) => {
    const problems = strimziCluster(pool, all) ? [] : ['strimzi.io/cluster names no Kafka'];
    if (!isCount(pool.spec?.replicas, 1)) problems.push('spec.replicas must be a count');
    const roles: unknown[] = pool.spec?.roles ?? [];
    if (roles.length === 0 || roles.some((r) => r !== 'controller' && r !== 'broker'))
      problems.push('spec.roles must be controller and/or broker');
    if (!pool.spec?.storage?.type) problems.push('spec.storage.type is missing');
    return problems;
  },
  'kafka.strimzi.io/v1beta2/KafkaTopic': (topic, all) => {
    const kafka = strimziCluster(topic, all);
    if (!kafka) return ['strimzi.io/cluster names no Kafka'];
    const brokers = all
      .filter((o) => o.kind === 'KafkaNodePool' && strimziCluster(o, all) === kafka)
      .filter((pool) => pool.spec.roles.includes('broker'))
      .reduce((sum, pool) => sum + pool.spec.replicas, 0);
    const problems: string[] = [];
    if (!isCount(topic.spec?.partitions, 1)) problems.push('spec.partitions must be a count');
    if (!isCount(topic.spec?.replicas, 1) || topic.spec.replicas > brokers)
      problems.push(`spec.replicas must be between 1 and the ${brokers} brokers`);
    return problems;
  },
  'postgresql.cnpg.io/v1/Cluster': (cluster) => {
    const problems = isCount(cluster.spec?.instances, 2)
      ? []
      : ['spec.instances must be 2 or more (a replica)'];
    if (!cluster.spec?.storage?.size) problems.push('spec.storage.size is missing');
    return problems;
  },
  'postgresql.cnpg.io/v1/Database': (database, all) => {
    const problems =
      typeof database.spec?.name === 'string' && database.spec?.owner ? [] : ['spec.name and spec.owner'];
    if (!all.some((o) => o.kind === 'Cluster' && o.metadata.name === database.spec?.cluster?.name))
      problems.push('spec.cluster.name names no Cluster');
    return problems;
  },
};

/**
 * kustomize wraps a Secret's base64 values at 70 characters; the API server's decoder skips the
 * line breaks, the schema's `byte` format does not.
 */
function withUnwrappedData(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s/g, '')]));
  return { ...object, data };
}

/** What is wrong with each object: an unknown kind, a schema violation, a broken reference. */
export function schemaProblems(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const type = `${object.apiVersion}/${object.kind}`;
    const where = `${object.kind} ${object.metadata?.name}`;
    const model = API_MODELS[type];
    if (model) {
      try {
        new model(withUnwrappedData(object) as never).validate();
        return [];
      } catch (err) {
        return [`${where}: ${(err as Error).message}`];
      }
    }
    const shape = OPERATOR_SHAPES[type];
    if (!shape) return [`${where}: no schema for ${type}`];
    return shape(object, objects).map((problem) => `${where}: ${problem}`);
  });
}
