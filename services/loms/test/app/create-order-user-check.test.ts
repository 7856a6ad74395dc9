import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/app/create-order.ts';
import type { LomsDeps } from '../../src/app/ports.ts';
import { UserMayNotOrderError } from '../../src/domain/errors.ts';
import type { UncheckedReason, UserStanding } from '../../src/domain/user-standing.ts';
import { createLomsTestDb, type LomsTestDb } from '../support/loms-test-db.ts';

let t: LomsTestDb;
let deps: LomsDeps;
let standing: UserStanding;
let asked: bigint[];
let unchecked: UncheckedReason[];
let sku = 3000n;

beforeAll(async () => {
  t = await createLomsTestDb();
});
afterAll(() => t.close());
beforeEach(() => {
  asked = [];
  unchecked = [];
  deps = {
    ...t.deps,
    metrics: { committed: () => {}, storedUnchecked: (reason) => unchecked.push(reason) },
    users: {
      standing: async (userId) => {
        asked.push(userId);
        return standing;
      },
    },
  };
});

async function stocked() {
  const s = ++sku;
  await t.addStock(s, 10n);
  return s;
}

describe('createOrder with the users check', () => {
  it('places the order of an active user', async () => {
    standing = { kind: 'known', status: 'active' };
    const s = await stocked();
    const orderId = await createOrder(deps, { userId: 42n, items: [{ sku: s, count: 2n }] });
    expect(asked).toEqual([42n]);
    expect(await t.stock(s)).toEqual({ total: 10n, reserved: 2n });
    expect((await t.events(orderId)).length).toBe(2);
    expect(unchecked).toEqual([]);
  });

  it.each<UserStanding>([
    { kind: 'known', status: 'suspended' },
    { kind: 'known', status: 'inactive' },
    { kind: 'unknown' },
  ])('refuses %j: no order, no event, stock unchanged', async (refused) => {
    standing = refused;
    const s = await stocked();
    const [orders, events] = [await t.orderCount(), (await t.events()).length];
    await expect(createOrder(deps, { userId: 42n, items: [{ sku: s, count: 2n }] })).rejects.toThrow(
      UserMayNotOrderError,
    );
    expect(await t.stock(s)).toEqual({ total: 10n, reserved: 0n });
    expect([await t.orderCount(), (await t.events()).length]).toEqual([orders, events]);
  });

  it('leaves the idempotency key of a refused order free for a later attempt', async () => {
    const s = await stocked();
    const input = { userId: 43n, items: [{ sku: s, count: 1n }], idempotencyKey: `refused-${s}` };
    standing = { kind: 'known', status: 'suspended' };
    await expect(createOrder(deps, input)).rejects.toThrow(UserMayNotOrderError);
    standing = { kind: 'known', status: 'active' };
    const orderId = await createOrder(deps, input);
    expect(await t.stock(s)).toEqual({ total: 10n, reserved: 1n });
    // The first answer is replayed even once the user is suspended: the order exists.
    standing = { kind: 'known', status: 'suspended' };
    expect(await createOrder(deps, input)).toBe(orderId);
  });

  it('places the order when the users service cannot tell, counting it once by reason', async () => {
    standing = { kind: 'unchecked', reason: 'circuit_open' };
    const s = await stocked();
    const input = { userId: 44n, items: [{ sku: s, count: 1n }], idempotencyKey: `unchecked-${s}` };
    const orderId = await createOrder(deps, input);
    expect(await createOrder(deps, input)).toBe(orderId);
    expect(await t.stock(s)).toEqual({ total: 10n, reserved: 1n });
    expect(unchecked).toEqual(['circuit_open']);
  });

  it('asks nobody without a user directory', async () => {
    const s = await stocked();
    await createOrder({ ...deps, users: undefined }, { userId: 45n, items: [{ sku: s, count: 1n }] });
    expect(asked).toEqual([]);
  });
});
