import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { repoPath } from './repo.ts';

/** The parts of a rendered Kubernetes object the checks read; the rest stays untyped. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: a rendered manifest, checked field by field
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface Probe {
  grpc?: { port: number; service?: string };
  httpGet?: { path: string; port: number | string };
}

/**
 * `kubectl kustomize deploy/k8s/overlays/<overlay>`, offline, parsed. kubectl is KUBECTL or the
 * one on PATH (scripts/install-test-tools.sh installs one when missing).
 */
export function renderOverlay(overlay: string): K8sObject[] {
  const kubectl = process.env.KUBECTL || 'kubectl';
  let text: string;
  try {
    text = execFileSync(kubectl, ['kustomize', repoPath('deploy/k8s/overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const { stderr = '' } = err as { stderr?: string };
    throw new Error(
      `kubectl kustomize failed (install kubectl with scripts/install-test-tools.sh, or set KUBECTL): ${(err as Error).message}\n${stderr}`,
    );
  }
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

export const named = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

export const containersOf = (workload: K8sObject): Container[] =>
  workload.spec?.template?.spec?.containers ?? [];

export const podLabelsOf = (workload: K8sObject): Record<string, string> =>
  workload.spec?.template?.metadata?.labels ?? {};

/** Whether a label selector's matchLabels all hold in `labels`. */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string>,
) {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

/** The marketplace services: Deployments labelled part-of marketplace. */
export const serviceDeployments = (objects: K8sObject[]) =>
  ofKind(objects, 'Deployment').filter(
    (d) => d.metadata.labels?.['app.kubernetes.io/part-of'] === 'marketplace',
  );

/** A deep copy of `objects` with `change` applied to the object of `kind` named `name`. */
export function broken(
  objects: K8sObject[],
  kind: string,
  name: string,
  change: (object: K8sObject) => void,
) {
  const copy = structuredClone(objects);
  const object = named(copy, kind, name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  change(object);
  return copy;
}
