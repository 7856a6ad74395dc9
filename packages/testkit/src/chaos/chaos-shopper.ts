import { SHOPPER_STOCK } from './chaos-catalog.ts';
import { type AckState, ackState, type CallOutcome, type ChaosLedger, tracedCall } from './chaos-ledger.ts';

export interface ShopperUrls {
  cart: string;
  products: string;
  loms: string;
  productsApiKey: string;
}

const SKUS = [...SHOPPER_STOCK.keys()];
/** Attempts of a checkout, pay or cancel whose answer said nothing (a client's retry). */
const ATTEMPTS = 3;

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * One shopper, every step recorded in the ledger: browse, look at stock, add two skus, view the
 * cart, check out (retried when the answer said nothing, as a client would: the cart's idempotency
 * key makes a repeat the same order), then pay (half the shoppers), cancel (a quarter) or walk away
 * (a quarter: LOMS expires the order). `random` picks skus, counts and the ending.
 */
export async function chaosShopper(
  urls: ShopperUrls,
  userId: bigint,
  ledger: ChaosLedger,
  random: () => number,
) {
  const pick = () => SKUS[Math.floor(random() * SKUS.length)]!;
  const first = pick();
  let second = pick();
  while (second === first) second = pick();

  await tracedCall(ledger, 'GET /product', `${urls.products}/product?count=10`, {
    headers: { 'x-api-key': urls.productsApiKey },
  });
  await tracedCall(ledger, 'GET /stock/info', `${urls.loms}/stock/info?sku=${first}`);
  for (const sku of [first, second]) {
    const count = BigInt(1 + Math.floor(random() * 3));
    const { outcome } = await tracedCall(
      ledger,
      'POST /user/{id}/cart/{sku}',
      `${urls.cart}/user/${userId}/cart/${sku}`,
      json({ count: Number(count) }),
    );
    ledger.cartWrites.push({ userId, sku, count, state: ackState(outcome) });
  }
  await tracedCall(ledger, 'GET /user/{id}/cart', `${urls.cart}/user/${userId}/cart`);

  ledger.checkoutStarted();
  const checkout = await untilAnswered(async () => {
    const { outcome, body } = await tracedCall(
      ledger,
      'POST /checkout/{id}',
      `${urls.cart}/checkout/${userId}`,
      {
        method: 'POST',
      },
    );
    const orderId = /"order_id"\s*:\s*(\d+)/.exec(body)?.[1];
    return { outcome, orderId: orderId === undefined ? undefined : BigInt(orderId) };
  });
  ledger.checkoutEnded();
  // A refusal after an attempt that said nothing (404: the cart was already checked out) proves nothing.
  const state: AckState = checkout.attempts > 1 && checkout.state === 'refused' ? 'unknown' : checkout.state;
  ledger.checkouts.push({ userId, orderId: checkout.result.orderId, state });
  const orderId = checkout.result.orderId;
  if (orderId === undefined) return;

  const ending = random();
  if (ending >= 0.75) return;
  const action = ending < 0.5 ? 'pay' : 'cancel';
  const done = await untilAnswered(async () => ({
    outcome: (
      await tracedCall(
        ledger,
        `POST /order/${action}`,
        `${urls.loms}/order/${action}`,
        json({ orderId: String(orderId) }),
      )
    ).outcome,
  }));
  ledger.orderActions.push({ orderId, action, state: done.state });
}

/** Calls `attempt` until its answer says something (or ATTEMPTS ran out), a second apart. */
async function untilAnswered<T extends { outcome: CallOutcome }>(attempt: () => Promise<T>) {
  for (let attempts = 1; ; attempts++) {
    const result = await attempt();
    const state = ackState(result.outcome);
    if (state !== 'unknown' || attempts === ATTEMPTS) return { result, state, attempts };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
