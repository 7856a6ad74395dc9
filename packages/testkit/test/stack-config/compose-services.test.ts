import { BlockList } from 'node:net';
import { serviceEntries } from '@marketplace/build';
import { readProcessSettings } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import {
  builtFolder,
  builtServices,
  type ComposeService,
  commandWords,
  composeDurationMs,
  dependenciesOf,
  environmentOf,
  fixedAddressOf,
  loadCompose,
  oneShotJobs,
  publishedPorts,
} from './support/compose.ts';
import { CONTRACT_PORTS } from './support/contract.ts';
import { readRepoFile, serviceFolders } from './support/repo.ts';
import {
  envIntDefaultsOf,
  envNamesReadBy,
  envStringDefaultsOf,
  platformEnvNames,
  requiredEnvOf,
} from './support/service-sources.ts';

const compose = loadCompose();
const jobs = oneShotJobs(compose);
const built = builtServices(compose);
/** Long-running services built from deploy/Dockerfile. */
const apps = built.filter(({ name }) => !jobs.has(name));
/** Images without a shell or HTTP client to probe with (the reason is beside them in the file). */
const UNPROBEABLE = new Set(['otel-collector']);

const hasHealthcheck = (service: ComposeService) =>
  builtFolder(service) !== undefined ||
  (service.healthcheck?.test !== undefined && !service.healthcheck.disable);

describe('docker-compose.yaml services', () => {
  it('builds every service under services/ from deploy/Dockerfile, with SERVICE naming its folder', () => {
    expect([...new Set(apps.map(({ folder }) => folder))].sort()).toEqual(serviceFolders());
    for (const { name, service } of built) expect(service.build, name).toMatchObject({ context: '.' });
  });

  it('names each service package @marketplace/<folder>, the filter of the Dockerfile install', () => {
    for (const folder of serviceFolders())
      expect(JSON.parse(readRepoFile(`services/${folder}/package.json`)).name).toBe(`@marketplace/${folder}`);
  });

  it('publishes the contract ports of each service on the same host ports, which its config defaults to', () => {
    for (const folder of serviceFolders()) {
      const contract = CONTRACT_PORTS[folder];
      expect(contract, `services/${folder} has no ports in support/contract.ts`).toBeDefined();
      const published = apps
        .filter((app) => app.folder === folder)
        .flatMap((app) => publishedPorts(app.service));
      expect(published.map((p) => p.container).sort(), folder).toEqual(Object.values(contract!).sort());
      for (const { host, container } of published) expect(host, folder).toBe(container);
      const defaults = envIntDefaultsOf(folder);
      expect(defaults.get('HTTP_PORT'), `${folder} HTTP_PORT default`).toBe(contract!.http);
      expect(defaults.get('GRPC_PORT'), `${folder} GRPC_PORT default`).toBe(contract!.grpc);
    }
  });

  it('publishes no host port twice', () => {
    const hostPorts = Object.values(compose.services).flatMap((s) => publishedPorts(s).map((p) => p.host));
    expect(hostPorts.length).toBe(new Set(hostPorts).size);
  });

  it('runs three notifier replicas sharing one consumer group', () => {
    const replicas = apps.filter(({ folder }) => folder === 'notifier');
    expect(replicas).toHaveLength(3);
    const groups = new Set(replicas.map(({ service }) => environmentOf(service).CONSUMER_GROUP));
    expect(groups.size).toBe(1);
  });

  it('sets only environment variables the service reads', () => {
    const platform = platformEnvNames();
    for (const { name, service, folder } of built) {
      const read = envNamesReadBy(folder);
      const unread = Object.keys(environmentOf(service)).filter((v) => !read.has(v) && !platform.has(v));
      expect(unread, `${name} sets variables services/${folder} never reads`).toEqual([]);
    }
  });

  it("sets the variables a service needs: required ones and those defaulting to this machine's address", () => {
    for (const { name, service, folder } of apps) {
      const env = environmentOf(service);
      const local = [...envStringDefaultsOf(folder)].filter(([, value]) =>
        /127\.0\.0\.1|localhost/.test(value),
      );
      const needed = [...requiredEnvOf(folder), ...local.map(([variable]) => variable)];
      expect(
        needed.filter((variable) => !env[variable]),
        name,
      ).toEqual([]);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe('http://otel-collector:4318');
      expect(env.OTEL_SERVICE_NAME, name).toBe(folder);
    }
  });

  it('points every host:port in the environment at a compose service, and at contract ports of app services', () => {
    for (const { name, service } of built) {
      for (const value of Object.values(environmentOf(service))) {
        for (const [, host, port] of value.matchAll(/(?:^|\/\/|@|,)([a-z][a-z0-9-]*):(\d+)/g)) {
          const target = compose.services[host!];
          expect(target, `${name}: ${value} names no compose service`).toBeDefined();
          const targetFolder = builtFolder(target!);
          if (targetFolder)
            expect(Object.values(CONTRACT_PORTS[targetFolder]!), `${name}: ${value}`).toContain(Number(port));
        }
      }
    }
  });

  it('gives every long-running service a healthcheck (services built from the Dockerfile have its own)', () => {
    const unprobed = Object.entries(compose.services)
      .filter(([name, service]) => !jobs.has(name) && !UNPROBEABLE.has(name) && !hasHealthcheck(service))
      .map(([name]) => name);
    expect(unprobed).toEqual([]);
  });

  it('waits only for services that exist, with conditions they can meet', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
        const target = compose.services[dependency];
        expect(target, `${name} depends on unknown ${dependency}`).toBeDefined();
        if (condition === 'service_healthy')
          expect(hasHealthcheck(target!), `${name} -> ${dependency}`).toBe(true);
        else if (condition === 'service_completed_successfully')
          expect(target!.restart ?? 'no', `${name} -> ${dependency}`).toBe('no');
        else expect(condition, `${name} -> ${dependency}`).toBe('service_started');
      }
    }
  });

  it('starts each service with a database only after its migration job succeeded, and never migrates at start', () => {
    for (const { name, service, folder } of apps.filter(
      ({ service }) => environmentOf(service).DATABASE_URL,
    )) {
      const migration = Object.entries(dependenciesOf(service)).find(
        ([dependency, condition]) =>
          condition === 'service_completed_successfully' &&
          builtFolder(compose.services[dependency]!) === folder,
      );
      expect(migration, `${name} waits for no migration job of ${folder}`).toBeDefined();
      const job = compose.services[migration![0]]!;
      expect(environmentOf(job).DATABASE_URL, name).toBe(environmentOf(service).DATABASE_URL);
      expect(environmentOf(service).MIGRATE_ON_START, name).toBe('false');
    }
  });

  it("runs jobs whose scripts are bundles that the service's build makes", () => {
    for (const { name, service, folder } of built.filter(({ name }) => jobs.has(name))) {
      const bundles = Object.keys(serviceEntries(folder)).map((entry) => `dist/${entry}.js`);
      const script = commandWords(service).find((word) => word.startsWith('dist/'));
      expect(script, `${name} runs no bundle`).toBeDefined();
      expect(bundles, `${name}: ${script}`).toContain(script);
    }
  });

  it('gives every service a stop_grace_period longer than its shutdown drain plus stop', () => {
    for (const { name, service } of apps) {
      const { drainMs, stopTimeoutMs } = readProcessSettings(environmentOf(service));
      expect(
        service.stop_grace_period,
        `${name} has no stop_grace_period (Compose's default is 10s)`,
      ).toBeDefined();
      expect(composeDurationMs(service.stop_grace_period!), name).toBeGreaterThan(drainMs + stopTimeoutMs);
    }
  });
});

/** `172.28.0.0/24` as a BlockList holding it. */
function rangeList(cidr: string): BlockList {
  const [address, prefix] = cidr.split('/');
  const list = new BlockList();
  list.addSubnet(address!, Number(prefix), 'ipv4');
  return list;
}

describe('docker-compose.yaml: the storefront as the proxy of its visitors', () => {
  const storefront = compose.services.storefront!;
  const address = fixedAddressOf(storefront);
  const ipam = compose.networks?.default?.ipam?.config?.[0];
  /** The services the storefront calls (the hosts of its *_URL variables), each once. */
  const upstreams = [
    ...new Set(
      Object.entries(environmentOf(storefront)).flatMap(([variable, value]) => {
        const host = variable.endsWith('_URL')
          ? /^https?:\/\/([a-z][a-z0-9-]*):\d+/.exec(value)?.[1]
          : undefined;
        return host ? [host] : [];
      }),
    ),
  ];

  it("has a fixed address in the default network's explicit subnet, outside the range containers get theirs from", () => {
    expect(ipam?.subnet, 'networks.default.ipam.config[0].subnet').toBeDefined();
    expect(ipam?.ip_range, 'networks.default.ipam.config[0].ip_range').toBeDefined();
    expect(address, 'storefront networks.default.ipv4_address').toBeDefined();
    expect(rangeList(ipam!.subnet!).check(address!, 'ipv4'), `${address} in ${ipam!.subnet}`).toBe(true);
    expect(rangeList(ipam!.ip_range!).check(address!, 'ipv4'), `${address} in ${ipam!.ip_range}`).toBe(false);
    expect(address).not.toBe(ipam!.gateway);
    // Only the storefront is pinned: every other container takes a dynamic address from ip_range.
    const pinned = Object.entries(compose.services).filter(([, service]) => fixedAddressOf(service));
    expect(pinned.map(([name]) => name)).toEqual(['storefront']);
  });

  it("makes cart, products, LOMS, comments and users trust the storefront's address, and nothing else, in TRUSTED_PROXIES", () => {
    expect(upstreams.sort()).toEqual(['cart', 'comments', 'loms', 'products', 'users']);
    for (const name of upstreams) {
      const entries = (environmentOf(compose.services[name]!).TRUSTED_PROXIES ?? '')
        .split(',')
        .map((e) => e.trim());
      expect(entries, `${name} TRUSTED_PROXIES`).toEqual([address]);
    }
  });

  it('trusts no proxy in services the storefront does not call', () => {
    for (const { name, service } of apps.filter(({ name }) => !upstreams.includes(name)))
      expect(environmentOf(service).TRUSTED_PROXIES, name).toBeUndefined();
  });
});
