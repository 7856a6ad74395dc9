import { Code, ConnectError, type Transport } from '@connectrpc/connect';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { CONTRACT_STATUS } from './support/contract.ts';
import { createFakeLoms, type FakeLoms } from './support/fake-loms.ts';
import { rawRequest, startServer, type TestServer } from './support/server.ts';

let loms: FakeLoms;
let server: TestServer;

beforeEach(async () => {
  loms = createFakeLoms();
  server = await startServer(
    createGateway({ services: [LomsService], transport: loms.transport, maxBodyBytes: 64 }),
  );
});
afterEach(() => server.close());

const post = (path: string, body: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function expectError(res: Response, status: number, code: Code, message: string | RegExp) {
  const body = (await res.json()) as { code: number; message: string; details: unknown[] };
  expect({ status: res.status, code: body.code, details: body.details }).toEqual({
    status,
    code,
    details: [],
  });
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
}

describe('errors from the service', () => {
  it.each(CONTRACT_STATUS)(
    'answers gRPC code %i with HTTP %i and the contract body',
    async (code, status) => {
      loms.failWith(new ConnectError(`failure ${code}`, code));
      await expectError(await post('/order/pay', '{"orderId":"5"}'), status, code, `failure ${code}`);
    },
  );

  it('copies a safe header such as retry-after from the error onto the response', async () => {
    loms.failWith(new ConnectError('slow down', Code.ResourceExhausted, { 'retry-after': '3' }));
    const res = await post('/order/pay', '{"orderId":"5"}');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});

describe('bad input', () => {
  it('answers a body that names a key twice with 400 InvalidArgument naming the key', async () => {
    await expectError(
      await post('/order/create', '{"userId":1,"items":[],"userId":2}'),
      400,
      Code.InvalidArgument,
      /key "userId" twice/,
    );
  });

  it('answers malformed JSON with 400 InvalidArgument', async () => {
    await expectError(await post('/order/create', '{"userId":'), 400, Code.InvalidArgument, /malformed JSON/);
  });

  it('answers a JSON body that is not an object with 400', async () => {
    for (const body of ['[1]', '"x"', 'null', '42']) {
      const expected = 'invalid OrderCreateRequest: request body must be a JSON object';
      await expectError(await post('/order/create', body), 400, Code.InvalidArgument, expected);
    }
  });

  it('names the field of a value with the wrong type', async () => {
    const res = await post('/order/create', '{"userId":true}');
    await expectError(
      res,
      400,
      Code.InvalidArgument,
      'invalid OrderCreateRequest.user_id: true is not a valid int64',
    );
  });

  it('names the field of numbers out of range', async () => {
    const huge = await post('/order/create', '{"userId":1e400}');
    await expectError(
      huge,
      400,
      Code.InvalidArgument,
      'invalid OrderCreateRequest.user_id: 1e400 is not a valid int64',
    );
    const tooBig = await post('/stock/set', '{"sku":"1","totalCount":99999999999}');
    await expectError(
      tooBig,
      400,
      Code.InvalidArgument,
      'invalid StockSetRequest.total_count: 99999999999 is not a valid uint32',
    );
  });

  it('refuses a query parameter given twice, under one name or its two, naming the field', async () => {
    const expected = 'invalid OrderInfoRequest.order_id: given 2 times in the URL; it takes one value';
    for (const query of ['orderId=1&orderId=310', 'orderId=1&order_id=310'])
      await expectError(
        await fetch(`${server.url}/order/info?${query}`),
        400,
        Code.InvalidArgument,
        expected,
      );
  });

  it('names the field of a query parameter that is not a number', async () => {
    const res = await fetch(`${server.url}/order/info?orderId=abc`);
    await expectError(
      res,
      400,
      Code.InvalidArgument,
      'invalid OrderInfoRequest.order_id: "abc" is not a valid int64',
    );
    const fraction = await fetch(`${server.url}/stock/info?sku=1.5`);
    await expectError(
      fraction,
      400,
      Code.InvalidArgument,
      'invalid StocksInfoRequest.sku: "1.5" is not a valid int64',
    );
  });

  it('answers a body over the limit with 413, judged by content-length before reading', async () => {
    const res = await post('/order/create', JSON.stringify({ userId: '1', padding: 'x'.repeat(100) }));
    await expectError(res, 413, Code.ResourceExhausted, 'request body exceeds the limit of 64 bytes');
    expect(loms.last.request).toBeUndefined();
  });

  it('answers a chunked body over the limit with 413 while streaming it', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST',
      path: '/order/create',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"userId":"1",', `"padding":"${'x'.repeat(100)}"}`],
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      code: 8,
      message: 'request body exceeds the limit of 64 bytes',
      details: [],
    });
  });

  it('accepts a body of exactly the limit', async () => {
    const body = `{"userId":"1","items":[]${' '.repeat(64 - 25)}}`;
    expect(body).toHaveLength(64);
    expect((await post('/order/create', body)).status).toBe(200);
  });
});

describe('routing errors', () => {
  it('leaves an unknown path to the caller, whose notFound answers 404', async () => {
    const res = await fetch(`${server.url}/nope?x=1`);
    expect(server.lastHandled()).toBe(false);
    await expectError(res, 404, Code.NotFound, 'no route for GET /nope');
  });

  it('answers a known path asked with another method with 405 and Allow', async () => {
    const get = await fetch(`${server.url}/order/create`);
    expect(get.headers.get('allow')).toBe('POST');
    await expectError(get, 405, Code.Unimplemented, 'method GET not allowed for /order/create');
    const del = await fetch(`${server.url}/order/info`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });
});

describe('unexpected failures', () => {
  it('answers 500 internal error and reports the cause when the call fails with a non-Connect error', async () => {
    const reported: unknown[] = [];
    const broken: Transport = {
      unary: () => Promise.reject(new TypeError('secret detail')),
      stream: () => Promise.reject(new TypeError('secret detail')),
    };
    const gateway = createGateway({
      services: [LomsService],
      transport: broken,
      onError: (err) => reported.push(err),
    });
    const local = await startServer(gateway);
    try {
      const res = await fetch(`${local.url}/stock/info?sku=1`);
      await expectError(res, 500, Code.Internal, 'internal error');
      expect(reported).toEqual([new TypeError('secret detail')]);
    } finally {
      await local.close();
    }
  });
});

describe('exact int64 and hostile bodies', () => {
  it('passes int64 beyond 2^53 through exactly, as JSON numbers and as strings', async () => {
    for (const id of ['9007199254740993', '9223372036854775807']) {
      for (const body of [`{"orderId":${id}}`, `{"orderId":"${id}"}`]) {
        await post('/order/pay', body);
        expect((loms.last.request as unknown as { orderId: bigint }).orderId, body).toBe(BigInt(id));
      }
    }
  });

  it('quotes at most 40 characters of a bad value', async () => {
    const huge = '9'.repeat(50);
    const res = await post('/order/pay', `{"orderId":${huge}}`);
    await expectError(
      res,
      400,
      Code.InvalidArgument,
      `invalid OrderPayRequest.order_id: ${'9'.repeat(40)}… (50 characters) is not a valid int64`,
    );
  });

  it('refuses int64 out of range naming the field', async () => {
    await expectError(
      await post('/order/pay', '{"orderId":9223372036854775808}'),
      400,
      Code.InvalidArgument,
      'invalid OrderPayRequest.order_id: 9223372036854775808 is not a valid int64',
    );
  });

  it('refuses a body that is not UTF-8', async () => {
    const res = await fetch(`${server.url}/order/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    await expectError(
      res,
      400,
      Code.InvalidArgument,
      'invalid OrderPayRequest: request body is not valid UTF-8',
    );
  });

  it('refuses a compressed REST body unread with 415', async () => {
    const res = await fetch(`${server.url}/order/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.alloc(10),
    });
    await expectError(
      res,
      415,
      Code.InvalidArgument,
      'content-encoding gzip is not supported: send identity',
    );
  });
});
