import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { create, toBinary } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { LomsService, StocksInfoRequestSchema } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnvReader } from '../../src/config.ts';
import { readServerLimits } from '../../src/edge/server-limits.ts';
import { reflectionRoutes } from '../../src/grpc/reflection.ts';
import type { HttpEdgeOptions } from '../../src/http-edges.ts';
import { createLogger } from '../../src/logger.ts';
import { createServiceMetrics } from '../../src/metrics.ts';
import { sleep } from '../../src/retry.ts';
import { ServiceServer } from '../../src/server.ts';

let seen: bigint[] = [];
/** A sku the handler takes 20 ms to answer, giving up when the call's signal aborts, as a database read does. */
const SLOW_SKU = 5n;
const loms = {
  orderCreate: () => ({ orderId: 1n }),
  orderInfo: () => ({}),
  orderPay: () => ({}),
  orderCancel: () => ({}),
  stocksInfo: async (req, ctx) => {
    seen.push(req.sku);
    if (req.sku === SLOW_SKU) await sleep(20, ctx.signal);
    return { count: 7 };
  },
  stockSet: () => ({}),
  orderList: () => ({}),
} satisfies ServiceImpl<typeof LomsService>;

const STOCKS_INFO = '/marketplace.loms.v1.LomsService/StocksInfo';
let server: ServiceServer | undefined;

async function start(env: Record<string, string> = {}, perIpRatePerSecond = 10_000) {
  const edges: HttpEdgeOptions = {
    corsOrigins: [],
    perIpRatePerSecond,
    perIpRatePerSecondGrpc: perIpRatePerSecond,
    trustedProxies: [],
    maxTrackedClients: 100,
    limits: readServerLimits(createEnvReader(env)),
  };
  seen = [];
  server = new ServiceServer({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    routes: (router) => {
      router.service(LomsService, loms);
      reflectionRoutes([LomsService])(router);
    },
    interceptors: [],
    httpHandlers: [],
    notFound: (_req, res) => res.writeHead(404).end(),
    ready: async () => true,
    edges,
    metrics: createServiceMetrics('edge-test'),
    log: createLogger('edge-test', 'silent'),
  });
  return server.start();
}
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** One HTTP/1.1 request; resolves with status, headers and body text. */
function request(port: number, path: string, headers: http.OutgoingHttpHeaders, body?: Buffer) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

/** One gRPC call over h2c with a raw frame; resolves with the grpc-status and grpc-message. */
function grpcCall(port: number, frame: Buffer, headers: http2.OutgoingHttpHeaders = {}) {
  return new Promise<{ status: string | undefined; message: string | undefined; settings: http2.Settings }>(
    (resolve, reject) => {
      const session = http2.connect(`http://127.0.0.1:${port}`);
      session.on('error', reject);
      const stream = session.request({
        ':method': 'POST',
        ':path': STOCKS_INFO,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...headers,
      });
      let head: http2.IncomingHttpHeaders = {};
      stream.on('response', (h) => {
        head = h;
      });
      stream.on('trailers', (t) => {
        head = { ...head, ...t };
      });
      stream.on('data', () => {});
      stream.on('end', () => {
        const settings = session.remoteSettings;
        session.close();
        resolve({
          status: head['grpc-status'] as string | undefined,
          message: head['grpc-message'] as string | undefined,
          settings,
        });
      });
      stream.end(frame);
    },
  );
}

const grpcFrame = (payload: Buffer, compressed: boolean) => {
  const head = Buffer.alloc(5);
  head.writeUInt8(compressed ? 1 : 0, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
};

// 200 MB of zeros: about 200 KB gzipped.
const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });

describe('a server edge under hostile input', () => {
  it('refuses a gzip bomb over Connect binary with resource_exhausted, without inflating it', async () => {
    const { httpPort } = await start();
    const before = process.memoryUsage().rss;
    const res = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/proto', 'content-encoding': 'gzip', 'connect-protocol-version': '1' },
      bomb,
    );
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'resource_exhausted' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a gzip bomb over gRPC with RESOURCE_EXHAUSTED, and says how many streams a connection may open', async () => {
    const { grpcPort } = await start();
    const before = process.memoryUsage().rss;
    const answer = await grpcCall(grpcPort, grpcFrame(bomb, true), { 'grpc-encoding': 'gzip' });
    expect(answer.status).toBe('8');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(answer.settings.maxConcurrentStreams).toBe(100);
  });

  it('answers an undecodable binary body with invalid_argument on Connect and gRPC', async () => {
    const { httpPort, grpcPort } = await start();
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]);
    const connect = await request(httpPort, STOCKS_INFO, { 'content-type': 'application/proto' }, garbage);
    expect([connect.status, JSON.parse(connect.text).code]).toEqual([400, 'invalid_argument']);
    expect((await grpcCall(grpcPort, grpcFrame(garbage, false))).status).toBe('3');
  });

  it('answers a method the server does not have with UNIMPLEMENTED in gRPC, not a bare 404', async () => {
    const { grpcPort } = await start();
    const session = http2.connect(`http://127.0.0.1:${grpcPort}`);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/marketplace.products.v1.ProductService/GetProduct',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const head = await new Promise<http2.IncomingHttpHeaders>((resolve) => stream.on('response', resolve));
    stream.resume();
    stream.end(grpcFrame(Buffer.alloc(0), false));
    await new Promise((resolve) => stream.on('close', resolve));
    session.close();
    expect([head[':status'], head['grpc-status']]).toEqual([200, '12']);
    expect(decodeURIComponent(String(head['grpc-message']))).toBe(
      'unknown method /marketplace.products.v1.ProductService/GetProduct',
    );
    // Anything else that is no method of this server stays a plain 404, never a 5xx.
    const other = http2.connect(`http://127.0.0.1:${grpcPort}`);
    const get = other.request({ ':method': 'GET', ':path': '/aaaa' });
    const status = await new Promise((resolve) => get.on('response', (h) => resolve(h[':status'])));
    get.resume();
    await new Promise((resolve) => get.on('close', resolve));
    other.close();
    expect(status).toBe(404);
  });

  it('refuses Connect JSON that names a key twice with invalid_argument naming the key', async () => {
    const { httpPort } = await start();
    const res = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/json' },
      Buffer.from('{"sku":"1","sku":"2"}'),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('key "sku" twice'),
    });
    expect(seen).toEqual([]);
  });

  it('refuses gRPC and gRPC-Web messages whose flags set any bit but the compressed one', async () => {
    const { httpPort, grpcPort } = await start();
    const skuOne = grpcFrame(Buffer.from([0x08, 0x01]), false);
    expect((await grpcCall(grpcPort, skuOne)).status).toBe('0');
    for (const flags of [0x02, 0x80]) {
      const frame = Buffer.from(skuOne);
      frame.writeUInt8(flags, 0);
      const grpc = await grpcCall(grpcPort, frame);
      expect(grpc.status).toBe('3');
      expect(decodeURIComponent(grpc.message ?? '')).toContain(
        `invalid message flags 0x${flags.toString(16).padStart(2, '0')}`,
      );
      const web = await request(
        httpPort,
        STOCKS_INFO,
        { 'content-type': 'application/grpc-web+proto' },
        frame,
      );
      expect(web.status).toBe(200);
      expect(web.text).toMatch(/grpc-status: ?3\r\n/);
    }
    expect(seen).toEqual([1n]);
  });

  it('reads int64 beyond 2^53 exactly from Connect JSON over HTTP/2, and refuses bodies that are not UTF-8', async () => {
    const { grpcPort } = await start();
    const call = (body: Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const session = http2.connect(`http://127.0.0.1:${grpcPort}`);
        session.on('error', reject);
        const stream = session.request({
          ':method': 'POST',
          ':path': STOCKS_INFO,
          'content-type': 'application/json',
        });
        let status = 0;
        let text = '';
        stream.on('response', (h) => {
          status = Number(h[':status']);
        });
        stream.on('data', (c: Buffer) => {
          text += c.toString();
        });
        stream.on('end', () => {
          session.close();
          resolve({ status, text });
        });
        stream.end(body);
      });
    expect((await call(Buffer.from('{"sku":9223372036854775807}'))).status).toBe(200);
    expect(seen).toEqual([9223372036854775807n]);
    const bad = await call(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    expect([bad.status, JSON.parse(bad.text).code]).toEqual([400, 'invalid_argument']);
    for (const sku of ['0x1F', ' 3', '+4']) {
      const loose = await call(Buffer.from(JSON.stringify({ sku })));
      expect([loose.status, JSON.parse(loose.text)], sku).toEqual([
        400,
        {
          code: 'invalid_argument',
          message: `invalid StocksInfoRequest.sku: value must be a decimal number, got ${JSON.stringify(sku)}`,
        },
      ]);
    }
    expect(seen).toEqual([9223372036854775807n]);
  });

  it('serves a call whose deadline is longer than a timer can hold instead of ending it at once', async () => {
    const { grpcPort, httpPort } = await start();
    const frame = grpcFrame(
      Buffer.from(toBinary(StocksInfoRequestSchema, create(StocksInfoRequestSchema, { sku: SLOW_SKU }))),
      false,
    );
    expect((await grpcCall(grpcPort, frame, { 'grpc-timeout': '99999999H' })).status).toBe('0');
    const connect = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/proto', 'connect-timeout-ms': '9999999999' },
      Buffer.from(toBinary(StocksInfoRequestSchema, create(StocksInfoRequestSchema, { sku: SLOW_SKU }))),
    );
    expect(connect.status).toBe(200);
    expect(seen).toEqual([SLOW_SKU, SLOW_SKU]);
  });

  it('refuses integers written as anything but decimal digits in gRPC JSON frames', async () => {
    const { grpcPort } = await start();
    const answer = await grpcCall(grpcPort, grpcFrame(Buffer.from('{"sku":"0x1F"}'), false), {
      'content-type': 'application/grpc+json',
    });
    expect([answer.status, answer.message]).toEqual([
      '3',
      'invalid StocksInfoRequest.sku: value must be a decimal number, got "0x1F"',
    ]);
    expect(seen).toEqual([]);
  });

  it('answers a gRPC JSON body quoting a 100 KB value with INVALID_ARGUMENT and a message cut to size', async () => {
    const { grpcPort } = await start();
    const body = Buffer.from(`{"sku":${'1'.repeat(100_000)}}`);
    const answer = await grpcCall(grpcPort, grpcFrame(body, false), {
      'content-type': 'application/grpc+json',
    });
    expect(answer.status).toBe('3');
    expect((answer.message ?? '').length).toBeLessThan(4_000);
  });

  it('answers bodies that cannot be inflated as invalid_argument, not internal', async () => {
    const { httpPort, grpcPort } = await start();
    const compressedWithoutEncoding = grpcFrame(gzipSync(Buffer.from([8, 1])), true);
    expect((await grpcCall(grpcPort, compressedWithoutEncoding)).status).toBe('3');
    const truncatedGzip = gzipSync(Buffer.from('{"sku":"1"}')).subarray(0, 12);
    const connect = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      truncatedGzip,
    );
    expect([connect.status, JSON.parse(connect.text).code]).toEqual([400, 'invalid_argument']);
  });

  it('limits each client on the gRPC port too, answering RESOURCE_EXHAUSTED', async () => {
    const { grpcPort } = await start({}, 1);
    const frame = grpcFrame(
      Buffer.from(toBinary(StocksInfoRequestSchema, create(StocksInfoRequestSchema, { sku: 1n }))),
      false,
    );
    const statuses: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++) statuses.push((await grpcCall(grpcPort, frame)).status);
    expect(statuses).toEqual(['0', '0', '8', '8']);
  });

  it('cuts off a request whose body does not arrive within the request timeout', async () => {
    const { httpPort } = await start({ READ_TIMEOUT: '300ms', HEADERS_TIMEOUT: '300ms' });
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: httpPort,
        path: STOCKS_INFO,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '100' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      });
      req.on('error', (err) => resolve(err.message));
      req.write('{"sku":');
    });
    expect(outcome).toBe(
      '408 {"code":4,"message":"request not received within the read timeout","details":[]}',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers what the HTTP parser refuses with the error body, and closes the connection', async () => {
    const { httpPort } = await start();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(httpPort, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('GET /healthz HTTP/9.9\r\n\r\n');
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe(
      '{"code":3,"message":"malformed HTTP request","details":[]}',
    );
  });

  it('answers UNAVAILABLE to new gRPC requests while too many others are still sending their body', async () => {
    const { grpcPort } = await start({ MAX_UNFINISHED_REQUESTS: '5' });
    const frame = grpcFrame(
      Buffer.from(toBinary(StocksInfoRequestSchema, create(StocksInfoRequestSchema, { sku: 1n }))),
      false,
    );
    const session = http2.connect(`http://127.0.0.1:${grpcPort}`);
    session.on('error', () => {});
    const headers = {
      ':method': 'POST',
      ':path': STOCKS_INFO,
      'content-type': 'application/grpc',
      te: 'trailers',
    };
    // Five calls send half of a message and stall.
    const stalled = Array.from({ length: 5 }, () => {
      const stream = session.request(headers);
      stream.on('error', () => {});
      stream.resume();
      stream.write(frame.subarray(0, 3));
      return stream;
    });
    await expect.poll(async () => (await grpcCall(grpcPort, frame)).status, { timeout: 5_000 }).toBe('14');
    const refused = await grpcCall(grpcPort, frame);
    expect(refused.message).toBe(
      encodeURIComponent('server busy: 5 requests are still sending their body, try again'),
    );
    // Once they finish, calls are served again.
    for (const stream of stalled) stream.end(frame.subarray(3));
    await expect.poll(async () => (await grpcCall(grpcPort, frame)).status, { timeout: 5_000 }).toBe('0');
    session.close();
  });

  it('refuses a header block over the limit on the h2c port with RESOURCE_EXHAUSTED', async () => {
    const { grpcPort } = await start();
    const frame = grpcFrame(Buffer.alloc(0), false);
    const answer = await grpcCall(grpcPort, frame, { 'x-big': 'a'.repeat(20_000) });
    expect([answer.status, decodeURIComponent(answer.message ?? '')]).toEqual([
      '8',
      'request headers exceed the limit of 16384 bytes',
    ]);
  });

  it('answers gRPC-Web text mode with a readable UNIMPLEMENTED on both ports', async () => {
    const { httpPort } = await start();
    const res = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/grpc-web-text' },
      Buffer.from('AAAAAAA='),
    );
    expect([res.status, res.headers['grpc-status']]).toEqual([200, '12']);
  });

  it('destroys an idle HTTP/2 connection that left a header block unfinished', async () => {
    const { grpcPort } = await start({ IDLE_TIMEOUT: '300ms', HEADERS_TIMEOUT: '300ms' });
    const socket = net.connect(grpcPort, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Preface, empty SETTINGS, then HEADERS (stream 1) without END_HEADERS: a block never finished.
    const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    const headers = Buffer.from([0, 0, 1, 1, 0, 0, 0, 0, 1, 0x83]);
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), settings, headers]));
    socket.resume();
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leaves bidirectional streams (server reflection) to the h2c port: 404 on HTTP/1.1, never 505', async () => {
    const { httpPort } = await start();
    const reflection = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';
    const res = await request(
      httpPort,
      reflection,
      { 'content-type': 'application/connect+json' },
      Buffer.alloc(0),
    );
    expect(res.status).toBe(404);
    const unary = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/json' },
      Buffer.from('{"sku":"1"}'),
    );
    expect(unary.status).toBe(200);
  });

  it('refuses a header block over the limit with 431', async () => {
    const { httpPort } = await start();
    const res = await request(
      httpPort,
      STOCKS_INFO,
      { 'content-type': 'application/json', 'x-big': 'a'.repeat(20_000) },
      Buffer.from('{}'),
    );
    expect(res.status).toBe(431);
  });
});
