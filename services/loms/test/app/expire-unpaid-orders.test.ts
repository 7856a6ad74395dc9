import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import { expireUnpaidOrders } from '../../src/app/expire-unpaid-orders.ts';
import { getOrderInfo } from '../../src/app/get-order-info.ts';
import { payOrder } from '../../src/app/pay-order.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
let sku = 5000n;
const nextSku = () => ++sku;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());

/** Creates `count` orders of one item each, ten at a time, cycling over `skus`. */
async function createOrders(count: number, skus: bigint[]): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      createOrder(t.deps, { userId: 1n, items: [{ sku: skus[(i + j) % skus.length]!, count: 2n }] }),
    );
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

const cancelledEvents = async (orderIds: bigint[]) => {
  const wanted = new Set(orderIds.map(String));
  return (await t.events()).filter((e) => wanted.has(e.key) && JSON.parse(e.payload).status === 'cancelled');
};

describe('expireUnpaidOrders', () => {
  it('cancels a backlog of 350 expired orders in one sweep and releases their stock exactly', async () => {
    const skus = [nextSku(), nextSku(), nextSku()];
    for (const s of skus) await t.addStock(s, 1_000n, 7n);
    const orderIds = await createOrders(350, skus);
    const paid = await createOrder(t.deps, { userId: 1n, items: [{ sku: skus[0]!, count: 1n }] });
    await payOrder(t.deps, paid);
    t.clock.current = new Date(t.clock.current.getTime() + 61_000);

    const expired = await expireUnpaidOrders(t.deps, 60_000);

    expect(expired).toBe(350);
    for (const id of orderIds) expect((await getOrderInfo(t.deps, id)).status).toBe('cancelled');
    expect((await getOrderInfo(t.deps, paid)).status).toBe('paid');
    // 350 orders of 2 over three skus: 117, 117 and 116 orders; only the paid one is sold.
    expect(await t.stock(skus[0]!)).toEqual({ total: 999n, reserved: 7n });
    expect(await t.stock(skus[1]!)).toEqual({ total: 1_000n, reserved: 7n });
    expect(await t.stock(skus[2]!)).toEqual({ total: 1_000n, reserved: 7n });
    expect(await cancelledEvents(orderIds)).toHaveLength(350);
  });

  it('cancels each order once when two sweeps run at the same time', async () => {
    const s = nextSku();
    await t.addStock(s, 1_000n);
    const orderIds = await createOrders(230, [s]);
    t.clock.current = new Date(t.clock.current.getTime() + 61_000);

    const counts = await Promise.all([
      expireUnpaidOrders(t.deps, 60_000),
      expireUnpaidOrders(t.deps, 60_000),
    ]);

    expect(counts[0]! + counts[1]!).toBe(230);
    expect(await t.stock(s)).toEqual({ total: 1_000n, reserved: 0n });
    expect(await cancelledEvents(orderIds)).toHaveLength(230);
  });
});
