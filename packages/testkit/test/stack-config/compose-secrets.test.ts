import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  builtFolder,
  commandWords,
  envExampleEntries,
  environmentOf,
  loadCompose,
  publishedPorts,
} from './support/compose.ts';
import { readRepoFile } from './support/repo.ts';

const compose = loadCompose();
const text = readRepoFile('docker-compose.yaml');

/** Where Compose takes the credentials from: `.env` beside the compose file (git-ignored). */
const ENV_FILE = '.env';
const ENV_EXAMPLE = '.env.example';

/** A variable the value must come from, failing when it is missing: `${NAME:?message}`. */
const REQUIRED = /\$\{([A-Z][A-Z0-9_]*):\?[^}]*\}/;
const EVERY_REQUIRED = new RegExp(REQUIRED.source, 'g');
/** Environment variables that hold credentials, by name. */
const CREDENTIAL_NAME = /PASSWORD|SECRET|TOKEN|API_KEY/;
/** Services whose ports give control over the stack or its data: published on 127.0.0.1 only. */
const LOCAL_ONLY = ['kafka-ui', 'grafana', 'prometheus', 'jaeger', 'postgres', 'kafka', 'otel-collector'];

/** Every string value of a parsed YAML tree (comments are not values). */
const stringsOf = (node: unknown): string[] =>
  typeof node === 'string'
    ? [node]
    : node && typeof node === 'object'
      ? Object.values(node).flatMap(stringsOf)
      : [];

/** Every `${NAME...}` in the compose file's values and whether it must be set (`:?`). */
const interpolated = stringsOf(parse(text, { merge: true })).flatMap((value) =>
  [...value.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:?[-?])?[^}]*\}/g)].map(([, name, operator]) => ({
    name: name!,
    required: operator === ':?',
  })),
);
const requiredNames = new Set(interpolated.filter((v) => v.required).map((v) => v.name));

const exampleEntries = envExampleEntries();

/** A value with its `${NAME:?...}` interpolations taken out: the literal text left in it. */
const literalPartOf = (value: string) => value.replace(EVERY_REQUIRED, '');

describe('docker-compose.yaml credentials', () => {
  it('writes no credential literally: each is a required variable of the env file (NAME:? interpolation)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [variable, value] of Object.entries(environmentOf(service))) {
        if (CREDENTIAL_NAME.test(variable) && !variable.endsWith('_USER')) {
          expect(value, `${name}: ${variable}`).toMatch(REQUIRED);
          // What is left is structure (`cart:`, `,`), never a key.
          expect(literalPartOf(value), `${name}: ${variable}`).toMatch(/^([a-z-]+:)?(,[a-z-]+:)*$/);
        }
        // Passwords inside connection URLs too.
        for (const [, password] of value.matchAll(/\/\/[^:/@\s]+:([^@\s]*)@/g))
          expect(password, `${name}: ${variable}`).toMatch(new RegExp(`^${REQUIRED.source}$`));
      }
    }
    for (const word of ['testToken', 'admin:admin', ':postgres@', 'PASSWORD: postgres', 'PASSWORD: admin'])
      expect(text, word).not.toContain(word);
  });

  it('gives no credential a default (NAME:- interpolation), so a missing one stops `docker compose up`', () => {
    for (const { name, required } of interpolated)
      if (CREDENTIAL_NAME.test(name)) expect(required, `${name} must be required (:?)`).toBe(true);
  });

  it('takes the variables from .env, which git ignores, listed with empty values in .env.example', () => {
    const ignored = readRepoFile('.gitignore')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toContain(ENV_FILE);
    expect(new Set(exampleEntries.map(([name]) => name))).toEqual(requiredNames);
    for (const [name, value] of exampleEntries) expect(value, `${ENV_EXAMPLE}: ${name}`).toBe('');
    expect(requiredNames).toContain('POSTGRES_PASSWORD');
    expect(requiredNames).toContain('GRAFANA_ADMIN_PASSWORD');
  });

  it('gives the cart and the storefront products keys of their own, each a client of products', () => {
    const env = (name: string) => environmentOf(compose.services[name]!);
    const keyOf = (value: string | undefined) => /^\$\{([A-Z_]+):\?/.exec(value ?? '')?.[1];
    const cartKey = keyOf(env('cart').PRODUCTS_API_KEY);
    const storefrontKey = keyOf(env('storefront').PRODUCTS_API_KEY);
    expect(cartKey).toBeDefined();
    expect(storefrontKey).toBeDefined();
    expect(cartKey).not.toBe(storefrontKey);
    const clients = Object.fromEntries(
      env('products')
        .API_KEYS!.split(',')
        .map((entry) => [entry.slice(0, entry.indexOf(':')), keyOf(entry.slice(entry.indexOf(':') + 1))]),
    );
    expect(clients).toMatchObject({ cart: cartKey, storefront: storefrontKey });
    expect(new Set(Object.values(clients)).size).toBe(Object.keys(clients).length);
  });

  it('runs the services with NODE_ENV=production (from the image), where the development key is refused', () => {
    for (const [name, service] of Object.entries(compose.services))
      if (builtFolder(service)) expect(environmentOf(service).NODE_ENV, name).toBeUndefined();
    expect(readRepoFile('deploy/Dockerfile')).toMatch(/^ENV NODE_ENV=production\b/m);
  });
});

describe('docker-compose.yaml admin interfaces', () => {
  it('publishes admin UIs and backing services on 127.0.0.1 only', () => {
    for (const name of LOCAL_ONLY) {
      const ports = compose.services[name]?.ports ?? [];
      expect(ports.length, `${name} publishes no port`).toBeGreaterThan(0);
      for (const port of ports) expect(String(port), name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    // Everything else published is a service of the marketplace on its contract port.
    for (const [name, service] of Object.entries(compose.services))
      if (!LOCAL_ONLY.includes(name) && publishedPorts(service).length > 0)
        expect(builtFolder(service), `${name} publishes ports on every interface`).toBeDefined();
  });

  it('puts kafka-ui behind a login form whose password comes from the env file', () => {
    const env = environmentOf(compose.services['kafka-ui']!);
    expect(env.AUTH_TYPE).toBe('LOGIN_FORM');
    expect(env.SPRING_SECURITY_USER_PASSWORD).toMatch(/^\$\{KAFKA_UI_PASSWORD:\?[^}]*\}$/);
  });

  it('runs Grafana without anonymous access and without the default admin password', () => {
    const env = environmentOf(compose.services.grafana!);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBeUndefined();
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]*\}$/);
    expect(env.GF_SECURITY_ADMIN_USER).not.toBe('admin');
  });

  it('runs Prometheus without the lifecycle API (no remote reload or shutdown)', () => {
    expect(commandWords(compose.services.prometheus!)).not.toContain('--web.enable-lifecycle');
    expect(commandWords(compose.services.prometheus!).join(' ')).not.toMatch(/enable-admin-api/);
  });

  it('parses as YAML with the interpolations left to Compose', () => {
    expect(parse(text, { merge: true }).services.postgres.environment.POSTGRES_PASSWORD).toMatch(REQUIRED);
  });
});
