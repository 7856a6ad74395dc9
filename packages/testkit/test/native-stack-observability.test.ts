import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { createKafka, createLogger, ensureTopics } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveKafka } from '../src/kafka.ts';
import { randomInt63 } from '../src/random-ids.ts';
import { freePort } from '../src/service-process.ts';

const REPO = new URL('../../../', import.meta.url).pathname;
const CART = 'http://127.0.0.1:8080';
const LOMS = 'http://127.0.0.1:8084';

let launcher: ChildProcess;
const output: string[] = [];
let prometheus: string;
let zipkin: string;

/** Polls `probe` until it returns a value, or fails after `ms` saying `what` (read then). */
async function eventually<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`not seen within ${ms / 1000} s: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Order-event topics and a consumer group of this run's own: the notifiers see only its events,
 * not a backlog that other runs left on the shared broker's default topic.
 */
async function eventTopics(): Promise<Record<string, string>> {
  const suffix = randomBytes(3).toString('hex');
  const names = {
    ORDER_EVENTS_TOPIC: `loms.order-events.${suffix}`,
    DLQ_TOPIC: `loms.order-events.${suffix}.dlq`,
    CONSUMER_GROUP: `notifier-${suffix}`,
  };
  const kafka = createKafka({
    brokers: await resolveKafka(),
    clientId: 'stack-test',
    log: createLogger('test', 'silent'),
  });
  await ensureTopics(kafka, [
    { topic: names.ORDER_EVENTS_TOPIC, numPartitions: 2 },
    { topic: names.DLQ_TOPIC, numPartitions: 1 },
  ]);
  return names;
}

// `make run-all` itself, with Prometheus and Zipkin on free ports (the services on the contract's).
beforeAll(async () => {
  const [prometheusPort, zipkinPort] = [await freePort(), await freePort()];
  const topics = await eventTopics();
  prometheus = `http://127.0.0.1:${prometheusPort}`;
  zipkin = `http://127.0.0.1:${zipkinPort}`;
  launcher = spawn(process.execPath, ['--import', 'tsx', 'packages/testkit/src/stack/run-all.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      PROMETHEUS_PORT: String(prometheusPort),
      ZIPKIN_PORT: String(zipkinPort),
      ...topics,
      LOG_LEVEL: 'warn',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [launcher.stdout!, launcher.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(stripVTControlCharacters(line));
        if (line.includes('stack ready in')) resolve();
      });
    launcher.once('exit', (code) =>
      reject(new Error(`make run-all ended (${code}) before the stack was ready:\n${output.join('\n')}`)),
    );
  });
  await ready;
}, 300_000);

afterAll(async () => {
  if (!launcher || launcher.exitCode !== null) return;
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  launcher.kill('SIGTERM');
  await exited;
}, 60_000);

describe('make run-all with Prometheus and Zipkin', () => {
  it('lists both in its ready table', () => {
    expect(output).toContainEqual(expect.stringMatching(new RegExp(`^prometheus .*${prometheus.slice(17)}`)));
    expect(output).toContainEqual(expect.stringMatching(new RegExp(`^zipkin .*${zipkin.slice(17)}`)));
  });

  it('has Prometheus and Zipkin listen on the loopback address only, like the services', () => {
    const listening = execFileSync('ss', ['-ltnH'], { encoding: 'utf8' }).split('\n');
    for (const url of [zipkin, prometheus]) {
      const port = new URL(url).port;
      const local = listening
        .map((line) => line.trim().split(/\s+/)[3] ?? '')
        .filter((a) => a.endsWith(`:${port}`));
      expect(local.length).toBeGreaterThan(0);
      for (const address of local) expect(address).toMatch(/^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):/);
    }
  });

  it('traces a checkout through cart, products, LOMS and its SQL, the relay and a notifier, and Prometheus sees every service up with the rules loaded', async () => {
    // One trace for the shopper's whole checkout: adding the item (the cart asks products), checking
    // out (cart, LOMS, its SQL, the outbox relay, Kafka, a notifier) and paying.
    const traceId = randomBytes(16).toString('hex');
    const traced = () => ({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const user = randomInt63();
    // The first calls of a just-started stack on a busy machine may outlast the cart's deadline.
    await eventually('the cart adding an item', async () => {
      const add = await fetch(`${CART}/user/${user}/cart/1076963`, {
        method: 'POST',
        headers: traced(),
        body: '{"count":1}',
      });
      return add.status === 200 ? add : undefined;
    });
    const checkout = await fetch(`${CART}/checkout/${user}`, { method: 'POST', headers: traced() });
    expect(checkout.status, await checkout.clone().text()).toBe(200);
    const { order_id: orderId } = (await checkout.json()) as { order_id: number };
    const pay = await fetch(`${LOMS}/order/pay`, {
      method: 'POST',
      headers: traced(),
      body: JSON.stringify({ orderId: `${orderId}` }),
    });
    expect(pay.status, await pay.clone().text()).toBe(200);

    interface ZipkinSpan {
      name?: string;
      kind?: string;
      localEndpoint?: { serviceName?: string };
    }
    const describe = (spans: ZipkinSpan[]) =>
      spans.map((s) => `${s.localEndpoint?.serviceName}:${s.kind ?? ''}:${s.name}`).sort();
    let seen: string[] = [];
    await eventually(
      () => `the checkout's spans in Zipkin; seen ${JSON.stringify(seen)}`,
      async () => {
        const spans = (await (await fetch(`${zipkin}/api/v2/trace/${traceId}`)).json()) as ZipkinSpan[];
        seen = describe(spans);
        const has = (service: string, kind: string, name = '') =>
          spans.some(
            (s) =>
              s.localEndpoint?.serviceName === service && s.kind === kind && (s.name ?? '').startsWith(name),
          );
        return has('cart', 'SERVER') &&
          has('products', 'SERVER') &&
          has('loms', 'SERVER') &&
          has('loms', 'CLIENT', 'pg.query') &&
          has('loms', 'PRODUCER') &&
          has('notifier', 'CONSUMER')
          ? spans
          : undefined;
      },
    );

    interface Targets {
      data: { activeTargets: Array<{ labels: { job: string; instance: string }; health: string }> };
    }
    const jobs = await eventually('every target of Prometheus up', async () => {
      const { data } = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as Targets;
      return data.activeTargets.every((t) => t.health === 'up')
        ? data.activeTargets.map((t) => t.labels.job)
        : undefined;
    });
    expect(new Set(jobs)).toEqual(
      new Set(['loms', 'products', 'comments', 'users', 'cart', 'notifier', 'storefront', 'prometheus']),
    );
    expect(jobs.filter((job) => job === 'notifier')).toHaveLength(3);
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name)).toContain('ServiceDown');
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
  }, 180_000);

  it('starts a service again when it is killed once the stack is ready', async () => {
    const lomsPid = () => {
      const line = execFileSync('ss', ['-ltnpH', 'sport = :8084'], { encoding: 'utf8' });
      return Number(/pid=(\d+)/.exec(line)?.[1]);
    };
    const killed = lomsPid();
    process.kill(killed, 'SIGKILL');
    await eventually('LOMS started again', async () => {
      const pid = lomsPid();
      return pid && pid !== killed && (await fetch(`${LOMS}/readyz`)).ok ? pid : undefined;
    });
    expect(output).toContainEqual(
      expect.stringMatching(/loms +exited \(SIGKILL\); starting it again in 1 s/),
    );
  }, 90_000);
});
