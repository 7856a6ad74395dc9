import type { ExposedMetrics } from '../../../src/exposed-metrics.ts';
import { serviceFolders, sourceTexts } from './repo.ts';

const ENV_NAME = '[A-Z][A-Z0-9_]*';

/**
 * Variables the OpenTelemetry SDK reads by itself (not named in our sources) that the compose file
 * may set for every service.
 */
const OTEL_SDK_ENV = ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES'];

/**
 * Variables every service reads through @marketplace/platform or the SDK: `process.env.NAME` and
 * `env.NAME` (LOG_LEVEL, OTEL_*, SHUTDOWN_DRAIN) and the config reader's calls (`read.int('NAME'`:
 * TRUSTED_PROXIES, READ_TIMEOUT, SHUTDOWN_TIMEOUT, ...).
 */
export function platformEnvNames(): Set<string> {
  const names = new Set(OTEL_SDK_ENV);
  const patterns = [
    new RegExp(`env\\.(${ENV_NAME})`, 'g'),
    new RegExp(`read\\.\\w+\\(\\s*'(${ENV_NAME})'`, 'g'),
  ];
  for (const text of sourceTexts('packages/platform/src'))
    for (const pattern of patterns) for (const [, name] of text.matchAll(pattern)) names.add(name!);
  return names;
}

/**
 * What platform's shared readers read for a service that calls them (service-config.ts,
 * service-settings.ts): the schema of `readServiceConfig(env, { ports: { grpcPort: 8083, httpPort:
 * 8084 }, database: ... })` makes it read HOST, GRPC_PORT (when it declares a gRPC port) and HTTP_PORT
 * with those defaults, and DATABASE_URL, DB_POOL_SIZE and MIGRATE_ON_START when it declares a
 * database; `readDatabaseSettings` reads those three too; `readOutboundApiKey(read, 'NAME', ...)` NAME;
 * `readClientCallSettings(read, 'USERS', { callTimeout: '1s', retryAttempts: 2 })` USERS_CALL_TIMEOUT
 * and USERS_RETRY_ATTEMPTS (default 2), `readClientBreakerSettings(read, 'USERS')`
 * USERS_BREAKER_FAILURES and USERS_BREAKER_HALF_OPEN_AFTER.
 */
function sharedReadsOf(text: string): { names: string[]; intDefaults: Array<[string, number]> } {
  const names: string[] = [];
  const intDefaults: Array<[string, number]> = [];
  for (const declared of declaredSchemas(text)) {
    const [, ports] = /^\s*ports:\s*\{([^}]*)\}/m.exec(declared) ?? [];
    names.push('HOST');
    for (const [, port, value] of (ports ?? '').matchAll(/(grpcPort|httpPort):\s*([\d_]+)/g)) {
      const name = port === 'grpcPort' ? 'GRPC_PORT' : 'HTTP_PORT';
      names.push(name);
      intDefaults.push([name, Number(value!.replaceAll('_', ''))]);
    }
    if (/^\s*database:/m.test(declared)) names.push('DATABASE_URL', 'DB_POOL_SIZE', 'MIGRATE_ON_START');
  }
  if (/readDatabaseSettings\(/.test(text)) names.push('DATABASE_URL', 'DB_POOL_SIZE', 'MIGRATE_ON_START');
  for (const [, name] of text.matchAll(new RegExp(`readOutboundApiKey\\(\\s*\\w+,\\s*'(${ENV_NAME})'`, 'g')))
    names.push(name!);
  const calls = new RegExp(`readClientCallSettings\\(\\s*\\w+,\\s*'(${ENV_NAME})',\\s*\\{([^}]*)\\}`, 'g');
  for (const [, target, defaults] of text.matchAll(calls)) {
    names.push(`${target}_CALL_TIMEOUT`, `${target}_RETRY_ATTEMPTS`);
    const [, attempts] = /retryAttempts:\s*(\d+)/.exec(defaults!) ?? [];
    if (attempts) intDefaults.push([`${target}_RETRY_ATTEMPTS`, Number(attempts)]);
  }
  const breakers = new RegExp(`readClientBreakerSettings\\(\\s*\\w+,\\s*'(${ENV_NAME})'`, 'g');
  for (const [, target] of text.matchAll(breakers))
    names.push(`${target}_BREAKER_FAILURES`, `${target}_BREAKER_HALF_OPEN_AFTER`);
  return { names, intDefaults };
}

/** What each schema a text passes to `readServiceConfig(env, { ... })` declares before its `settings`. */
function declaredSchemas(text: string): string[] {
  const schemas = text.matchAll(/readServiceConfig\(\s*\w+,\s*\{([\s\S]*?)^\s*settings:/gm);
  return [...schemas].map(([, declared]) => declared!);
}

/**
 * Variables a service's sources read: first arguments of the config reader's calls
 * (`read.int('HTTP_PORT', ...)`, `url('CART_URL', ...)`), `process.env.NAME`, and what the shared
 * readers it calls read (see `sharedReadsOf`).
 */
export function envNamesReadBy(folder: string): Set<string> {
  const names = new Set<string>();
  const patterns = [new RegExp(`\\(\\s*'(${ENV_NAME})'`, 'g'), new RegExp(`env\\.(${ENV_NAME})`, 'g')];
  for (const text of sourceTexts(`services/${folder}/src`)) {
    for (const pattern of patterns) for (const [, name] of text.matchAll(pattern)) names.add(name!);
    for (const name of sharedReadsOf(text).names) names.add(name);
  }
  return names;
}

/**
 * String defaults of a service's config (`read.string('NAME', 'default')`, or a constant of
 * platform's such as `read.string('ORDER_EVENTS_TOPIC', ORDER_EVENTS_TOPIC)`), by variable.
 */
export function envStringDefaultsOf(folder: string): Map<string, string> {
  const defaults = new Map<string, string>();
  const literal = new RegExp(`\\(\\s*'(${ENV_NAME})',\\s*'([^']*)'`, 'g');
  const named = new RegExp(`\\(\\s*'(${ENV_NAME})',\\s*([A-Z][A-Z0-9_]*)\\s*\\)`, 'g');
  const constants = platformStringConstants();
  for (const text of sourceTexts(`services/${folder}/src`)) {
    for (const [, name, value] of text.matchAll(literal)) defaults.set(name!, value!);
    for (const [, name, constant] of text.matchAll(named))
      if (constants.has(constant!)) defaults.set(name!, constants.get(constant!)!);
  }
  return defaults;
}

/** `export const NAME = 'value'` of platform's sources, by name. */
function platformStringConstants(): Map<string, string> {
  const constants = new Map<string, string>();
  for (const text of sourceTexts('packages/platform/src'))
    for (const [, name, value] of text.matchAll(/export const ([A-Z][A-Z0-9_]*) = '([^']*)'/g))
      constants.set(name!, value!);
  return constants;
}

/** Integer defaults of a service's config (`read.int('HTTP_PORT', 8084, ...)`), by variable. */
export function envIntDefaultsOf(folder: string): Map<string, number> {
  const defaults = new Map<string, number>();
  const pattern = new RegExp(`read\\.int\\(\\s*'(${ENV_NAME})',\\s*([\\d_]+)`, 'g');
  for (const text of sourceTexts(`services/${folder}/src`)) {
    for (const [, name, value] of text.matchAll(pattern))
      defaults.set(name!, Number(value!.replaceAll('_', '')));
    for (const [name, value] of sharedReadsOf(text).intDefaults) defaults.set(name, value);
  }
  return defaults;
}

/** Variables read with no default at all (`read.string('NAME')`): the service cannot start without them. */
export function requiredEnvOf(folder: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`read\\.string\\(\\s*'(${ENV_NAME})'\\s*\\)`, 'g');
  for (const text of sourceTexts(`services/${folder}/src`))
    for (const [, name] of text.matchAll(pattern)) names.add(name!);
  return names;
}

const PROM_CLIENT_IMPORT = /from 'prom-client'/;
// `name: 'x_y'` of a metric's options, or the first argument of a factory (`gauge('db_pool_...')`).
const METRIC_NAME = /(?:name:\s*|\(\s*)'([a-z_:][a-z0-9_:]*_[a-z0-9_:]+)'/g;
const HISTOGRAM_NAME = /new Histogram\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g;

/**
 * The metrics registered in the sources of packages/ and services/ (files that import
 * prom-client), as name -> `histogram` or `registered`, in the form missingMetricNames takes.
 */
export function registeredMetrics(): ExposedMetrics {
  const metrics: ExposedMetrics = new Map();
  const dirs = [
    ...['platform', 'gateway', 'testkit'].map((name) => `packages/${name}/src`),
    ...serviceFolders().map((name) => `services/${name}/src`),
  ];
  for (const text of dirs.flatMap(sourceTexts).filter((t) => PROM_CLIENT_IMPORT.test(t))) {
    for (const [, name] of text.matchAll(METRIC_NAME))
      if (!metrics.has(name!)) metrics.set(name!, 'registered');
    for (const [, name] of text.matchAll(HISTOGRAM_NAME)) metrics.set(name!, 'histogram');
  }
  return metrics;
}

/** prom-client's default metrics (collectDefaultMetrics): process_* and nodejs_*. */
export function isDefaultProcessMetric(name: string): boolean {
  return /^(process|nodejs)_/.test(name);
}

/** Series Prometheus makes itself, not read from any /metrics. */
export const PROMETHEUS_SERIES = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'ALERTS',
]);
