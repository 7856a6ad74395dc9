import { request } from 'node:http';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { createFakeLoms, type FakeLoms } from './support/fake-loms.ts';
import { startServer, type TestServer } from './support/server.ts';

let loms: FakeLoms;
let server: TestServer;

beforeEach(async () => {
  loms = createFakeLoms();
  server = await startServer(createGateway({ services: [LomsService], transport: loms.transport }));
});
afterEach(() => server.close());

const createOrder = (headers: Record<string, string>) =>
  fetch(`${server.url}/order/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"userId":"1","items":[{"sku":"1","count":1}]}',
  });

describe('request headers', () => {
  it('reach the handler as call headers', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await createOrder({
      'Idempotency-Key': 'key-1',
      'X-API-KEY': 'testToken',
      traceparent,
      'x-request-id': 'req-9',
    });
    const headers = loms.last.headers;
    expect(headers?.get('idempotency-key')).toBe('key-1');
    expect(headers?.get('x-api-key')).toBe('testToken');
    expect(headers?.get('traceparent')).toBe(traceparent);
    expect(headers?.get('x-request-id')).toBe('req-9');
  });

  it('do not carry connection-level and body headers into the call', async () => {
    await createOrder({ 'x-custom': 'yes' });
    const headers = loms.last.headers;
    expect(headers?.get('x-custom')).toBe('yes');
    expect(headers?.get('host')).toBeNull();
    expect(headers?.get('connection')).toBeNull();
    expect(headers?.get('content-type')).toBe('application/proto');
  });

  it('follow a custom forwarding filter', async () => {
    const local = await startServer(
      createGateway({
        services: [LomsService],
        transport: loms.transport,
        forwardHeaders: (name) => name === 'idempotency-key',
      }),
    );
    try {
      await fetch(`${local.url}/order/pay`, {
        method: 'POST',
        headers: { 'idempotency-key': 'k', 'x-other': 'o' },
      });
      expect(loms.last.headers?.get('idempotency-key')).toBe('k');
      expect(loms.last.headers?.get('x-other')).toBeNull();
    } finally {
      await local.close();
    }
  });
});

describe('response headers', () => {
  it('copies safe call response headers, but not the call protocol ones', async () => {
    loms.respondWithHeaders({ 'retry-after': '7', 'x-served-by': 'loms' });
    const res = await createOrder({});
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-served-by')).toBe('loms');
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});

describe('client disconnects', () => {
  it('abort the call', async () => {
    const { started, aborted } = loms.hangNextCall();
    const req = request(`${server.url}/stock/info?sku=1`);
    req.on('error', () => {});
    req.end();
    await started;
    req.destroy();
    await expect(aborted).resolves.toBeUndefined();
  });
});
