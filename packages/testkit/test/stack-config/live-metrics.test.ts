import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingMetricNames, scrapeMetrics } from '../../src/exposed-metrics.ts';
import { resolveKafka } from '../../src/kafka.ts';
import { STACK_ADMIN } from '../../src/marketplace-services.ts';
import { type MarketplaceStack, startMarketplaceServices } from '../../src/marketplace-stack.ts';
import { freePort, type ServiceProcess, startServiceProcess } from '../../src/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../../src/test-database.ts';
import { committedDashboards, metricNamesOf, servicesOf } from './support/dashboards.ts';
import { repoPath } from './support/repo.ts';
import { PROMETHEUS_SERIES } from './support/service-sources.ts';

/**
 * Every service runs as a child process on throwaway databases and free ports, so the dashboards
 * are checked against what the services really expose. LOMS runs its outbox relay (its metrics
 * exist only then); with an empty outbox it never connects to Kafka. The notifier needs a broker
 * and uses a topic and group of its own, apart from the real order events.
 */
let stack: MarketplaceStack | undefined;
let notifierDatabase: TestDatabase | undefined;
const extra: Record<string, { child: ServiceProcess; httpUrl: string }> = {};

async function startExtra(folder: string, env: Record<string, string>) {
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const child = await startServiceProcess({
    cwd: repoPath('services', folder),
    entry: 'src/main.ts',
    env: { HOST: '127.0.0.1', HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    readyUrl: `${httpUrl}/readyz`,
    timeoutMs: 120_000,
  });
  extra[folder] = { child, httpUrl };
}

function httpUrlOf(service: string): string {
  return extra[service]?.httpUrl ?? stack!.httpUrl(service as Parameters<MarketplaceStack['httpUrl']>[0]);
}

beforeAll(async () => {
  const brokers = (await resolveKafka()).join(',');
  notifierDatabase = await createTestDatabase('notifier');
  await Promise.all([
    startMarketplaceServices({
      services: ['loms', 'products', 'cart', 'comments', 'users'],
      env: {
        loms: {
          OUTBOX_RELAY_ENABLED: 'true',
          KAFKA_BROKERS: brokers,
          // The users check registers its client metrics (breaker state); no order is placed here.
          USERS_CHECK: 'on',
          USERS_GRPC_ADDRESS: '127.0.0.1:1',
          USERS_EMAIL: STACK_ADMIN.email,
          USERS_PASSWORD: STACK_ADMIN.password,
        },
      },
      startTimeoutMs: 120_000,
    }).then((started) => {
      stack = started;
    }),
    startExtra('notifier', {
      DATABASE_URL: notifierDatabase.url,
      KAFKA_BROKERS: brokers,
      ORDER_EVENTS_TOPIC: 'stack-config.order-events',
      DLQ_TOPIC: 'stack-config.order-events.dlq',
      CONSUMER_GROUP: 'stack-config-notifier',
    }),
  ]);
  await startExtra('storefront', {
    CART_URL: stack!.httpUrl('cart'),
    PRODUCTS_URL: stack!.httpUrl('products'),
    LOMS_URL: stack!.httpUrl('loms'),
    COMMENTS_URL: stack!.httpUrl('comments'),
  });
});

afterAll(async () => {
  for (const { child } of Object.values(extra)) await child.stop();
  await stack?.stop();
  await notifierDatabase?.drop();
});

describe('dashboards against running services', () => {
  it('find every metric they query in the /metrics of the services they show', async () => {
    for (const [file, dashboard] of committedDashboards()) {
      const services = servicesOf(dashboard);
      const exposed = await scrapeMetrics(services.map((service) => `${httpUrlOf(service)}/metrics`));
      const used = metricNamesOf(dashboard).filter((name) => !PROMETHEUS_SERIES.has(name));
      expect(missingMetricNames(used, exposed), `${file} (scraped ${services.join(', ')})`).toEqual([]);
    }
  });

  it('the image healthcheck passes against every running service', async () => {
    for (const service of ['loms', 'products', 'cart', 'comments', 'notifier', 'storefront']) {
      const port = new URL(httpUrlOf(service)).port;
      const code = await new Promise<number>((resolve) =>
        execFile(
          process.execPath,
          [repoPath('deploy/docker/healthcheck.mjs')],
          { env: { ...process.env, HTTP_PORT: port } },
          (err) => resolve(err ? Number(err.code) : 0),
        ),
      );
      expect(code, service).toBe(0);
    }
  });
});
