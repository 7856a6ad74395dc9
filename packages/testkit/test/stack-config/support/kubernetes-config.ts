import { type Container, containersOf, type K8sObject, ofKind, serviceDeployments } from './kubernetes.ts';
import { readRepoFile, repoPath } from './repo.ts';

/** A Secret's values by key; undefined when the Secret is not there. */
export type SecretValues = (name: string) => Record<string, string> | undefined;

/** The values of the Secrets rendered in `objects` (the dev overlay's generated ones). */
export const renderedSecrets =
  (objects: K8sObject[]): SecretValues =>
  (name) => {
    const secret = ofKind(objects, 'Secret').find((s) => s.metadata.name === name);
    if (!secret) return undefined;
    return Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
    );
  };

/**
 * The environment a container starts with: the image's NODE_ENV=production, then its envFrom
 * ConfigMaps and Secrets, then its env. Names the Secrets it cannot find.
 */
export function containerEnv(objects: K8sObject[], container: Container, secrets: SecretValues) {
  const env: Record<string, string> = { NODE_ENV: 'production' };
  const missing: string[] = [];
  for (const ref of container.envFrom ?? []) {
    if (ref.configMapRef) {
      const map = ofKind(objects, 'ConfigMap').find((m) => m.metadata.name === ref.configMapRef!.name);
      if (map) Object.assign(env, map.data);
      else missing.push(`ConfigMap ${ref.configMapRef.name}`);
    }
    if (ref.secretRef) {
      const values = secrets(ref.secretRef.name);
      if (values) Object.assign(env, values);
      else missing.push(`Secret ${ref.secretRef.name}`);
    }
  }
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return { env, missing };
}

/**
 * The source of a service's bundle (`make build`): `dist/main.js` is `src/main.ts`, any other
 * `dist/<command>.js` is `src/cli/<command>.ts`.
 */
export function sourceOfBundle(bundle: string): string {
  const name = bundle.match(/^dist\/([\w-]+)\.js$/)?.[1];
  if (!name) throw new Error(`${bundle} is not a bundle under dist/`);
  return name === 'main' ? 'src/main.ts' : `src/cli/${name}.ts`;
}

/** The `read…Config` a service's source file calls. */
function configReaderOf(service: string, source: string): string {
  const match = readRepoFile(`services/${service}/${source}`).match(/\b(read\w*Config)\(/);
  if (!match) throw new Error(`services/${service}/${source} calls no read…Config`);
  return match[1]!;
}

type ConfigReader = (env: Record<string, string>) => unknown;

/**
 * What the configuration reader that a service's `source` calls (src/main.ts, or a command's
 * src/cli file) refuses in `env`; undefined when it reads it.
 */
export async function configRefusal(
  service: string,
  source: string,
  env: Record<string, string>,
): Promise<string | undefined> {
  const config = (await import(repoPath('services', service, 'src/config.ts'))) as Record<
    string,
    ConfigReader
  >;
  try {
    config[configReaderOf(service, source)]!(env);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A private signing key of the form the users service takes in JWT_SIGNING_KEY (a one-line JWK). */
export async function exampleSigningKey(): Promise<string> {
  const { generateSigningKey } = (await import(repoPath('services/users/src/infra/signing-keys.ts'))) as {
    generateSigningKey: () => object;
  };
  return JSON.stringify(generateSigningKey());
}

/**
 * Runs each service's own configuration reader over the environment its Deployment (src/main.ts)
 * and its migration Job (the source of its bundle) get, as the process would at start: returns
 * what a reader refused, or a Secret or ConfigMap that is not there.
 */
export async function configProblems(objects: K8sObject[], secrets: SecretValues): Promise<string[]> {
  const targets = serviceDeployments(objects).flatMap((deployment) => {
    const service = deployment.metadata.name;
    const job = ofKind(objects, 'Job').find((j) => j.metadata.name === `${service}-migrate`);
    return [
      {
        what: `Deployment ${service}`,
        service,
        source: 'src/main.ts',
        container: containersOf(deployment)[0]!,
      },
      ...(job
        ? [
            {
              what: `Job ${job.metadata.name}`,
              service,
              source: sourceOfBundle(containersOf(job)[0]!.command!.at(-1)!),
              container: containersOf(job)[0]!,
            },
          ]
        : []),
    ];
  });
  const problems: string[] = [];
  for (const { what, service, source, container } of targets) {
    const { env, missing } = containerEnv(objects, container, secrets);
    if (missing.length) {
      problems.push(`${what}: no ${missing.join(', ')}`);
      continue;
    }
    const refusal = await configRefusal(service, source, env);
    if (refusal) problems.push(`${what}: ${refusal}`);
  }
  return problems;
}

/**
 * The Secrets prod expects, as the README's "Running on Kubernetes" table names them, filled with
 * values of the right form: what an operator following the README would create.
 */
export async function secretsFromReadme(): Promise<Record<string, Record<string, string>>> {
  const readme = readRepoFile('README.md');
  const start = readme.indexOf('## Running on Kubernetes');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const signingKey = await exampleSigningKey();
  const exampleValue = (secret: string, key: string): string => {
    if (key === 'DATABASE_URL')
      return `postgres://marketplace:pw@marketplace-pg-rw:5432/${secret.split('-')[0]}`;
    if (key === 'API_KEYS') return 'cart:cart-key-0123,storefront:storefront-key-0123,ops:ops-key-0123';
    if (key === 'JWT_SIGNING_KEY') return signingKey;
    if (key === 'ADMIN_EMAIL') return 'admin@example.com';
    if (key === 'ADMIN_PASSWORD') return 'a long admin password';
    return `${secret}-${key}-0123`.toLowerCase();
  };
  const secrets: Record<string, Record<string, string>> = {};
  for (const [, name, keys] of section.matchAll(/^\| `([a-z-]+)` +\| (.*)\|$/gm)) {
    const names = [...keys!.matchAll(/`([A-Z_]+)`/g)].map(([, key]) => key!);
    secrets[name!] = Object.fromEntries(names.map((key) => [key, exampleValue(name!, key)]));
  }
  return secrets;
}
