import net from 'node:net';
import { eventually } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCartConfig } from '../../src/config.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963n;
const READ_TIMEOUT_MS = 600;
const HEADERS_TIMEOUT_MS = 400;
const KEEP_ALIVE_TIMEOUT_MS = 300;

let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;

beforeAll(async () => {
  products = await startFakeProducts([{ sku: BOOK, name: 'Теория нравственных чувств', price: 3379 }]);
  loms = await startFakeLoms([[BOOK, 265]]);
  cart = await startTestCart(
    { products: products.address, loms: loms.address },
    {
      READ_TIMEOUT: `${READ_TIMEOUT_MS}ms`,
      HEADERS_TIMEOUT: `${HEADERS_TIMEOUT_MS}ms`,
      KEEP_ALIVE_TIMEOUT: `${KEEP_ALIVE_TIMEOUT_MS}ms`,
      REQUEST_TIMEOUT: '2s',
      IDLE_TIMEOUT: '5s',
    },
  );
});
afterAll(async () => {
  await cart?.stop();
  await products?.close();
  await loms?.close();
});

interface RawExchange {
  /** Everything the server wrote before closing. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Opens a TCP connection to the cart, writes `first`, then `drip` one character every 100 ms (so
 * the connection is never idle), and reports what came back once the server closes it.
 */
function rawExchange(first: string, drip = '', stopAfterMs = 10_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const port = Number(new URL(cart.base()).port);
    const socket = net.connect(port, '127.0.0.1');
    const started = performance.now();
    let received = '';
    let next = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${stopAfterMs} ms: ${received}`));
    }, stopAfterMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(first);
      timer = setInterval(() => {
        if (next < drip.length && !socket.destroyed) socket.write(drip[next++]!);
      }, 100);
    });
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: performance.now() - started });
    });
  });
}

describe('HTTP listener limits', () => {
  it('cuts off a body that arrives too slowly with 408, though bytes keep coming', async () => {
    const headers = [
      `POST /user/1/cart/${BOOK} HTTP/1.1`,
      'Host: cart',
      'Content-Type: application/json',
      'Content-Length: 200',
      '',
      '',
    ].join('\r\n');
    const { received, closedAfterMs } = await rawExchange(`${headers}{"count":`, ' '.repeat(190));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(READ_TIMEOUT_MS + 2000);
  });

  it('cuts off headers that arrive too slowly with 408', async () => {
    const { received, closedAfterMs } = await rawExchange(
      'GET /healthz HTTP/1.1\r\nHost: cart\r\n',
      'X-Slow: '.repeat(40),
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2000);
  });

  it('answers a request sent in time, and closes the idle kept-alive connection after its timeout', async () => {
    const request = `POST /user/1/cart/${BOOK} HTTP/1.1\r\nHost: cart\r\nContent-Length: 11\r\n\r\n{"count":1}`;
    const { received, closedAfterMs } = await rawExchange(request);
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toMatch(/\r\n\r\n\{\}$/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 2000);
  });

  it('takes longer than the read timeout to handle a request without cutting it off', async () => {
    products.script.delayMs = READ_TIMEOUT_MS + 300;
    try {
      const answer = await cart.add(2, BOOK, 1);
      expect(answer.status).toBe(200);
    } finally {
      products.script.delayMs = 0;
    }
  });
});

describe('per-client rate limit of the shared edge', () => {
  it('answers 429 with Retry-After once a client is over its rate, and counts it', async () => {
    const limited = await startTestCart(
      { products: products.address, loms: loms.address },
      { RATE_LIMIT_PER_IP: '1' },
    );
    try {
      // Burst is twice the rate: two answers, then the third in the same second is refused.
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(await limited.request('GET', '/healthz', undefined, { 'x-request-id': `burst-${i}` }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      const refused = answers[2]!;
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(refused.headers.get('x-request-id')).toBe('burst-2');
      expect(refused.body).toMatchObject({ code: 8, details: [] });
      // /metrics is rate-limited too: read it once the bucket has a token again.
      let metrics = await limited.request('GET', '/metrics');
      await eventually('a token for /metrics', async () => {
        metrics = await limited.request('GET', '/metrics');
        return metrics.status === 200;
      });
      expect(metrics.text).toMatch(
        /http_server_requests_total\{[^}]*method="GET"[^}]*status="429"[^}]*\} [1-9]/,
      );
    } finally {
      await limited.stop();
    }
  });
});

describe('listener settings', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/cart' };

  it("defaults to the platform's bounded timeouts and a 64 KiB body", () => {
    const config = readCartConfig(base);
    expect(config.bodyLimitBytes).toBe(65_536);
    expect(config.edges.limits).toMatchObject({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      idleTimeoutMs: 120_000,
      keepAliveTimeoutMs: 65_000,
      maxHeaderBytes: 16_384,
    });
  });

  it('refuses settings that would cut off answers or never apply', () => {
    expect(() => readCartConfig({ ...base, REQUEST_TIMEOUT: '20s', IDLE_TIMEOUT: '10s' })).toThrow(
      /IDLE_TIMEOUT: must be longer than REQUEST_TIMEOUT/,
    );
    expect(() => readCartConfig({ ...base, READ_TIMEOUT: '1s', HEADERS_TIMEOUT: '2s' })).toThrow(
      /HEADERS_TIMEOUT: must not be longer than READ_TIMEOUT/,
    );
    expect(() => readCartConfig({ ...base, BODY_LIMIT: '2MiB' })).toThrow(/BODY_LIMIT/);
  });
});
