import { parse } from 'yaml';
import { readRepoFile } from './repo.ts';

type Scalar = string | number | boolean | null;

/** The parts of a Compose service the stack-config tests look at. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, Scalar> | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, Scalar> | string[];
  ports?: (string | number)[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  volumes?: (string | { source?: string })[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  stop_grace_period?: string;
}

/** A network's address management: the subnets Compose creates it with. */
export interface ComposeNetwork {
  ipam?: { config?: { subnet?: string; ip_range?: string; gateway?: string }[] };
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, ComposeNetwork | null>;
}

/** The root docker-compose.yaml with YAML merge keys (`<<: *anchor`) applied, as Compose does. */
export function loadCompose(): ComposeFile {
  return parse(readRepoFile('docker-compose.yaml'), { merge: true }) as ComposeFile;
}

/** The SERVICE build argument of a service built from deploy/Dockerfile, else undefined. */
export function builtFolder(service: ComposeService): string | undefined {
  const { build } = service;
  if (typeof build !== 'object' || build.dockerfile !== 'deploy/Dockerfile') return undefined;
  const args = Array.isArray(build.args)
    ? Object.fromEntries(build.args.map((arg) => arg.split('=', 2)))
    : build.args;
  return args?.SERVICE === undefined ? undefined : String(args.SERVICE);
}

/** The services and jobs built from deploy/Dockerfile, each with its SERVICE folder. */
export function builtServices(
  compose: ComposeFile,
): { name: string; service: ComposeService; folder: string }[] {
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const folder = builtFolder(service);
    return folder ? [{ name, service, folder }] : [];
  });
}

/** The environment as name -> value, from either the map or the `NAME=value` list form. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const { environment = {} } = service;
  const entries = Array.isArray(environment)
    ? environment.map((item) => item.split('=', 2) as [string, string])
    : Object.entries(environment).map(([name, value]) => [name, String(value ?? '')]);
  return Object.fromEntries(entries);
}

/** NAME=value lines of .env.example (the variables Compose takes from .env), comments left out. */
export function envExampleEntries(): [string, string][] {
  return readRepoFile('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => line.split('=', 2) as [string, string]);
}

/**
 * A value with its variables substituted as Compose does: `$$`, `$NAME`, `${NAME}`, and
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, `${NAME:+alternative}`,
 * `${NAME+alternative}` (the colon forms take an empty value as unset). Throws where Compose would
 * refuse to start: a required variable that is unset (or empty, with `:?`).
 */
export function interpolate(value: string, variables: Record<string, string>): string {
  const pattern = /\$\$|\$([A-Za-z_]\w*)|\$\{([A-Za-z_]\w*)(?:(:?)([-?+])([^}]*))?\}/g;
  return value.replace(
    pattern,
    (match, bare?: string, name?: string, colon?: string, operator?: string, word = '') => {
      if (match === '$$') return '$';
      const variable = (bare ?? name)!;
      const set = colon ? Boolean(variables[variable]) : variables[variable] !== undefined;
      const current = variables[variable] ?? '';
      if (operator === '-') return set ? current : word;
      if (operator === '+') return set ? word : '';
      if (operator === '?' && !set)
        throw new Error(`required variable ${variable} is missing a value: ${word}`);
      return current;
    },
  );
}

/** The command the image runs when a service names none: deploy/Dockerfile's CMD. */
export function imageCommand(): string[] {
  const cmd = readRepoFile('deploy/Dockerfile').match(/^CMD (\[.*\])$/m)?.[1];
  if (!cmd) throw new Error('deploy/Dockerfile has no CMD in exec form');
  return JSON.parse(cmd) as string[];
}

/** Published ports (`"host:container"` short syntax) as numbers. */
export function publishedPorts(service: ComposeService): { host: number; container: number }[] {
  return (service.ports ?? []).map((port) => {
    const match = /^(?:[\d.]+:)?(\d+):(\d+)$/.exec(String(port));
    if (!match) throw new Error(`unsupported port syntax "${port}" (write "host:container")`);
    return { host: Number(match[1]), container: Number(match[2]) };
  });
}

/** depends_on as dependency -> condition (the list form means service_started). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const { depends_on: dependsOn = {} } = service;
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}

/** Services something waits for with service_completed_successfully: jobs that run once and exit. */
export function oneShotJobs(compose: ComposeFile): Set<string> {
  const jobs = new Set<string>();
  for (const service of Object.values(compose.services)) {
    for (const [name, condition] of Object.entries(dependenciesOf(service)))
      if (condition === 'service_completed_successfully') jobs.add(name);
  }
  return jobs;
}

/** The command as words (a string command is split on whitespace). */
export function commandWords(service: ComposeService): string[] {
  const { command = [] } = service;
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

/** The fixed IPv4 address a service has on `network` (`networks.<network>.ipv4_address`), if any. */
export function fixedAddressOf(service: ComposeService, network = 'default'): string | undefined {
  const { networks } = service;
  if (!networks || Array.isArray(networks)) return undefined;
  return networks[network]?.ipv4_address ?? undefined;
}

const DURATION_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A Compose duration (`30s`, `1m30s`, `1500ms`) in milliseconds; throws on anything else. */
export function composeDurationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map(([part]) => part).join('') !== text)
    throw new Error(`not a Compose duration: "${text}"`);
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS_MS[unit!]!, 0);
}
