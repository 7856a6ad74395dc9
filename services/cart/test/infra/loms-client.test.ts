import { Code, ConnectError } from '@connectrpc/connect';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCartConfig } from '../../src/config.ts';
import { DependencyUnavailableError, OrderRefusedError } from '../../src/domain/errors.ts';
import { createLomsClient, type LomsClient } from '../../src/infra/loms-client.ts';
import { type FakeLoms, startFakeLoms } from '../support/fake-services.ts';

let fake: FakeLoms;
let loms: LomsClient;

beforeAll(async () => {
  fake = await startFakeLoms([
    [1076963n, 265],
    [1148162n, 2],
  ]);
  const config = readCartConfig({ LOMS_GRPC_ADDRESS: fake.address, LOMS_CALL_TIMEOUT: '1s' });
  loms = createLomsClient(config.loms, [], pino({ level: 'silent' }));
});
afterEach(() => fake.script.reset());
afterAll(async () => {
  loms?.close();
  await fake?.close();
});

const signal = () => AbortSignal.timeout(10_000);
const order = (key: string, count = 1) => ({
  userId: 7n,
  items: [{ sku: 1148162n, count }],
  idempotencyKey: key,
});

describe('LOMS client', () => {
  it('reads the available stock, 0 for a sku LOMS does not stock', async () => {
    expect(await loms.availableStock(1076963n, signal())).toBe(265);
    expect(await loms.availableStock(5n, signal())).toBe(0);
  });

  it('creates the order with its items and the idempotency key in the metadata', async () => {
    const orderId = await loms.createOrder(order('key-1'), signal());
    expect(fake.orders.at(-1)).toEqual({
      orderId,
      userId: 7n,
      items: [{ sku: 1148162n, count: 1 }],
      key: 'key-1',
    });
    expect(fake.script.calls.at(-1)?.headers.get('idempotency-key')).toBe('key-1');
  });

  it('retries an order LOMS could not take with the same key, making one order', async () => {
    fake.script.failures.push(new ConnectError('restarting', Code.Unavailable));
    const before = fake.orders.length;
    await loms.createOrder(order('key-2'), signal());
    expect(fake.script.calls.map((c) => c.headers.get('idempotency-key'))).toEqual(['key-2', 'key-2']);
    expect(fake.orders.length).toBe(before + 1);
  });

  it('turns a refusal for stock into OrderRefusedError with LOMS’s reason', async () => {
    const refused = loms.createOrder(order('key-3', 1_000), signal());
    await expect(refused).rejects.toThrow(OrderRefusedError);
    await expect(refused).rejects.toThrow('order refused: not enough stock for sku 1148162');
  });

  it('answers unavailable when LOMS stays unreachable', async () => {
    for (let i = 0; i < 3; i++) fake.script.failures.push(new ConnectError('down', Code.Unavailable));
    const stock = loms.availableStock(1076963n, signal());
    await expect(stock).rejects.toThrow(DependencyUnavailableError);
    await expect(stock).rejects.toThrow('order service (LOMS) is unavailable; try again later');
  });

  it('keeps LOMS’s other errors internal instead of passing their code on', async () => {
    fake.script.failures.push(new ConnectError('bad key', Code.Unauthenticated));
    const stock = loms.availableStock(1076963n, signal());
    await expect(stock).rejects.not.toBeInstanceOf(ConnectError);
    await expect(stock).rejects.toThrow('order service (LOMS) failed: [unauthenticated] bad key');
  });
});
