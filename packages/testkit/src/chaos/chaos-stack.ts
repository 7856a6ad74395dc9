import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@marketplace/platform';
import pg from 'pg';
import { dedicatedKafka } from '../kafka.ts';
import { MARKETPLACE_RECIPES, STACK_PRODUCTS_API_KEY } from '../marketplace-services.ts';
import { isListening, withDatabase } from '../postgres.ts';
import { freePort } from '../service-process.ts';
import type { ChaosCatalog } from './chaos-catalog.ts';
import { type ChaosProcess, startChaosProcess } from './chaos-process.ts';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts';

const REPO = new URL('../../../../', import.meta.url).pathname;
const KAFKA_SCRIPT = join(REPO, 'deploy/kafka/kafka.sh');

export const NOTIFIER_NAMES = ['notifier-1', 'notifier-2'] as const;
export type ChaosProcessName = 'loms' | 'products' | 'cart' | (typeof NOTIFIER_NAMES)[number];

export interface ChaosStackOptions {
  logDir: string;
  /** LOMS's PAYMENT_TIMEOUT: kept short, so abandoned orders expire within the run. */
  paymentTimeout: string;
  catalog: ChaosCatalog;
  readyTimeoutMs: number;
}

export interface ChaosStack {
  postgres: PrivatePostgres;
  kafka: ReturnType<typeof dedicatedKafka>;
  processes: Readonly<Record<ChaosProcessName, ChaosProcess>>;
  /** Each service's database URL on the private server. */
  databases: Readonly<Record<'loms' | 'products' | 'cart' | 'notifier', string>>;
  productsApiKey: string;
  /** Stops every process, the broker (deleting its data) and the server (deleting its folder). */
  stop(): Promise<void>;
}

/**
 * loms, products, cart and two notifier replicas as processes of their own over a PostgreSQL
 * server and a Kafka broker of this stack's own (free ports, temporary data), so faults hit
 * nothing else on the machine: not a `make run-all` stack, not other tests, not the shared server.
 * The databases are migrated and hold `catalog` before the services start.
 */
export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  mkdirSync(options.logDir, { recursive: true });
  // kafka.sh waits 60 s for a broker by default; a loaded machine may take longer to start the JVM.
  process.env.KAFKA_START_TIMEOUT ??= '180';
  const postgres = await startPrivatePostgres();
  const kafkaPort = await freeBrokerPort();
  const kafka = dedicatedKafka(kafkaPort);
  const started: ChaosProcess[] = [];
  // The server and the broker run detached: a run that is interrupted must not leave them behind.
  const stopNow = () => {
    spawnSync('bash', [KAFKA_SCRIPT, 'reset'], {
      env: { ...process.env, KAFKA_PORT: String(kafkaPort), KAFKA_CONTROLLER_PORT: String(kafkaPort + 1) },
      stdio: 'ignore',
      timeout: 60_000,
    });
    postgres.destroyNow();
  };
  process.once('exit', stopNow);
  const stop = async () => {
    process.off('exit', stopNow);
    await Promise.all(started.map((p) => p.stop()));
    await kafka.reset().catch(() => undefined);
    await postgres.destroy();
  };
  try {
    const kafkaStarted = kafka.start();
    const databases = {
      loms: await createDatabase(postgres.url, 'loms'),
      products: await createDatabase(postgres.url, 'products'),
      cart: await createDatabase(postgres.url, 'cart'),
      notifier: await createDatabase(postgres.url, 'notifier'),
    };
    await options.catalog.seed(databases);
    await kafkaStarted;
    const ports = { lomsGrpc: await freePort(), productsGrpc: await freePort() };
    const grpcAddressOf = (name: string) =>
      `127.0.0.1:${name === 'loms' ? ports.lomsGrpc : ports.productsGrpc}`;
    const common = {
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'false',
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_IP_GRPC: '1000000',
    };
    const kafkaEnv = { KAFKA_BROKERS: kafka.brokers.join(',') };
    const launch = async (
      name: ChaosProcessName,
      service: string,
      env: Record<string, string>,
      grpcPort?: number,
    ) => {
      const process = await startChaosProcess({
        name,
        service,
        httpPort: await freePort(),
        ...(grpcPort ? { grpcPort } : {}),
        env: { ...common, ...env },
        logFile: join(options.logDir, `${name}.log`),
        readyTimeoutMs: options.readyTimeoutMs,
      });
      started.push(process);
      return process;
    };
    const recipeEnv = (name: 'loms' | 'products' | 'cart') =>
      MARKETPLACE_RECIPES[name].env({ databaseUrls: [databases[name]], grpcAddressOf });
    const [loms, notifier1, notifier2] = await Promise.all([
      launch(
        'loms',
        'loms',
        {
          ...recipeEnv('loms'),
          ...kafkaEnv,
          OUTBOX_RELAY_ENABLED: 'true',
          OUTBOX_POLL_INTERVAL: '50ms',
          OUTBOX_MAX_BACKOFF: '1s',
          PAYMENT_TIMEOUT: options.paymentTimeout,
          EXPIRY_SWEEP_INTERVAL: '1s',
        },
        ports.lomsGrpc,
      ),
      ...NOTIFIER_NAMES.map((name) =>
        launch(name, 'notifier', { DATABASE_URL: databases.notifier, ...kafkaEnv }),
      ),
    ]);
    const [products, cart] = await Promise.all([
      launch(
        'products',
        'products',
        {
          ...recipeEnv('products'),
          RATE_LIMIT_RPS: '1000000',
          INGEST_CHUNK_SIZE: '10',
          INGEST_LEASE: '3s',
          INGEST_POLL_INTERVAL: '100ms',
          INGEST_RETRY_DELAY: '1s',
          // LOMS may be down for a while (a kill, a database restart): events wait, they do not fail.
          INGEST_MAX_ATTEMPTS: '60',
        },
        ports.productsGrpc,
      ),
      launch('cart', 'cart', {
        ...recipeEnv('cart'),
        PRODUCTS_RATE_LIMIT: '10000',
        PRODUCTS_RATE_BURST: '10000',
      }),
    ]);
    return {
      postgres,
      kafka,
      processes: {
        loms: loms!,
        products: products!,
        cart: cart!,
        'notifier-1': notifier1!,
        'notifier-2': notifier2!,
      },
      databases,
      productsApiKey: STACK_PRODUCTS_API_KEY,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A free port for the broker whose next port (its controller's) is free too. */
async function freeBrokerPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && !(await isListening('127.0.0.1', port + 1))) return port;
  }
}

/** Creates database `name` on the server and migrates it from migrations/<name>. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = withDatabase(adminUrl, name);
  await migrateDatabase(url, join(REPO, 'migrations', name));
  return url;
}
