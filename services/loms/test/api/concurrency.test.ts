import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

let t: TestLoms;
beforeAll(async () => {
  t = await startTestLoms();
});
afterAll(() => t?.stop());

const SKUS = [101n, 102n, 103n];
const INITIAL_TOTAL = 60n;
const FLOWS = 200;

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('concurrent creates, pays and cancels', () => {
  it('keep 0 <= reserved <= total and conserve stock exactly', async () => {
    for (const sku of SKUS) await t.grpc.call('stockSet', { sku, totalCount: Number(INITIAL_TOTAL) });
    const rand = random(42);
    let calls = 0;
    const ok = async (p: Promise<unknown>) => {
      calls++;
      return p.then(
        () => true,
        () => false,
      );
    };

    // Each flow creates an order over 1-2 skus, then pays it, cancels it, or races both.
    const flows = Array.from({ length: FLOWS }, async () => {
      const items = SKUS.filter(() => rand() < 0.6).map((sku) => ({
        sku,
        count: 1 + Math.floor(rand() * 5),
      }));
      if (items.length === 0) items.push({ sku: SKUS[0]!, count: 1 });
      const action = rand();
      calls++;
      const created = await t.grpc.call('orderCreate', { userId: 1n, items }).catch(() => undefined);
      if (!created) return { items, orderId: undefined, payOk: false, cancelOk: false };
      const { orderId } = created;
      const [payOk, cancelOk] = await Promise.all([
        action < 0.7 ? ok(t.grpc.call('orderPay', { orderId })) : false,
        action >= 0.4 ? ok(t.grpc.call('orderCancel', { orderId })) : false,
      ]);
      return { items, orderId, payOk, cancelOk };
    });
    const outcomes = await Promise.all(flows);
    expect(calls).toBeGreaterThanOrEqual(200);

    const expectedSold = new Map(SKUS.map((s) => [s, 0n]));
    const expectedReserved = new Map(SKUS.map((s) => [s, 0n]));
    let created = 0;
    for (const { items, orderId, payOk, cancelOk } of outcomes) {
      if (orderId === undefined) continue;
      created++;
      // Pay and cancel of one order never both win.
      expect(payOk && cancelOk).toBe(false);
      const { status } = await t.grpc.call('orderInfo', { orderId });
      expect(status).toBe(payOk ? 'paid' : cancelOk ? 'cancelled' : 'awaiting payment');
      for (const { sku, count } of items) {
        if (status === 'paid') expectedSold.set(sku, expectedSold.get(sku)! + BigInt(count));
        if (status === 'awaiting payment')
          expectedReserved.set(sku, expectedReserved.get(sku)! + BigInt(count));
      }
    }
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(FLOWS); // stock ran out for some: the failure path was exercised too

    for (const sku of SKUS) {
      const { total, reserved } = await t.stock(sku);
      expect(reserved).toBeGreaterThanOrEqual(0n);
      expect(reserved).toBeLessThanOrEqual(total);
      expect(total).toBe(INITIAL_TOTAL - expectedSold.get(sku)!);
      expect(reserved).toBe(expectedReserved.get(sku)!);
    }
  });
});
