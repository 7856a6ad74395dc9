import { startTestTokenIssuer, type TestTokenClaims, type TestTokenIssuer } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../support/cart-http.ts';
import {
  type FakeLoms,
  type FakeProducts,
  startFakeLoms,
  startFakeProducts,
} from '../support/fake-services.ts';
import { startTestCart, type TestCart } from '../support/test-cart.ts';

const BOOK = 1076963;
const ANN = 9_000_000_000_000_000_001n;
const BOB = 7n;

let issuer: TestTokenIssuer;
let products: FakeProducts;
let loms: FakeLoms;
let cart: TestCart;

beforeAll(async () => {
  issuer = await startTestTokenIssuer();
  products = await startFakeProducts([{ sku: BigInt(BOOK), name: 'Book', price: 3379 }]);
  loms = await startFakeLoms([[BigInt(BOOK), 1_000]]);
  cart = await startTestCart({ products: products.address, loms: loms.address }, issuer.env());
});
afterAll(async () => {
  await cart?.stop();
  await products?.close();
  await loms?.close();
  await issuer?.stop();
});

const as = (claims: TestTokenClaims) => issuer.bearer(claims);
const json = { 'content-type': 'application/json' };

/** Every route of the cart for `user`, sending `headers`. */
function routes(user: bigint, headers: Record<string, string>) {
  return {
    add: () => cart.request('POST', `/user/${user}/cart/${BOOK}`, { count: 1 }, { ...json, ...headers }),
    remove: () => cart.request('DELETE', `/user/${user}/cart/${BOOK}`, undefined, headers),
    list: () => cart.request('GET', `/user/${user}/cart`, undefined, headers),
    clear: () => cart.request('DELETE', `/user/${user}/cart`, undefined, headers),
    checkout: () => cart.request('POST', `/checkout/${user}`, undefined, headers),
  };
}

async function everyRoute(user: bigint, headers: Record<string, string>): Promise<HttpAnswer[]> {
  const calls = routes(user, headers);
  return [
    await calls.add(),
    await calls.remove(),
    await calls.list(),
    await calls.clear(),
    await calls.checkout(),
  ];
}

describe('the cart with AUTH_MODE=jwt', () => {
  it('answers 401 with a Bearer challenge on every route without a good token', async () => {
    const forged = await as({ userId: ANN, key: await issuer.createKey(issuer.key.kid) });
    const bad: Array<[Record<string, string>, string, string]> = [
      [{}, 'missing access token: send authorization: Bearer <token>', 'Bearer'],
      [
        { authorization: 'Token abc' },
        'authorization must be "Bearer <token>"',
        'Bearer error="invalid_token"',
      ],
      [{ authorization: 'Bearer a.b.c' }, 'access token is malformed', 'Bearer error="invalid_token"'],
      [await as({ userId: ANN, expiresIn: -60 }), 'access token has expired', 'Bearer error="invalid_token"'],
      [forged, 'access token signature is invalid', 'Bearer error="invalid_token"'],
    ];
    for (const [headers, message, challenge] of bad) {
      for (const answer of await everyRoute(ANN, headers)) {
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ code: 16, message, details: [] });
        expect(answer.headers.get('www-authenticate')).toBe(challenge);
      }
    }
    expect(loms.orders).toEqual([]);
  });

  it("answers 403 on every route for another user's cart, and changes nothing", async () => {
    const annHeaders = await as({ userId: ANN });
    expect((await routes(ANN, annHeaders).add()).status).toBe(200);
    for (const answer of await everyRoute(ANN, await as({ userId: BOB }))) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        code: 7,
        message: `permission denied: user_id ${ANN} is not the signed-in user`,
        details: [],
      });
    }
    expect((await routes(ANN, annHeaders).list()).body.items).toEqual([
      { sku: BOOK, name: 'Book', count: 1, price: 3379 },
    ]);
    await routes(ANN, annHeaders).clear();
  });

  it("refuses another user's id before the body is read, and leaves a bad id to the path check", async () => {
    const bob = await as({ userId: BOB });
    const badBody = await cart.request('POST', `/user/${ANN}/cart/${BOOK}`, '{"count":"many"}', {
      ...json,
      ...bob,
    });
    expect(badBody.status).toBe(403);
    const badId = await cart.request('GET', '/user/abc/cart', undefined, bob);
    expect([badId.status, badId.body.message]).toEqual([400, 'invalid user_id: value must be an integer']);
  });

  it("serves a user's own cart and sends the user's token to LOMS with the checkout", async () => {
    const headers = await as({ userId: ANN });
    const mine = routes(ANN, headers);
    expect((await mine.add()).status).toBe(200);
    loms.script.reset();
    const checkout = await mine.checkout();
    expect(checkout.status).toBe(200);
    expect(checkout.body).toEqual({ order_id: expect.any(Number) });
    const orderCreate = loms.script.calls.filter((call) => call.method === 'OrderCreate');
    expect(orderCreate.map((call) => call.headers.get('authorization'))).toEqual([headers.authorization]);
    expect(loms.orders.at(-1)?.userId).toBe(ANN);
    expect((await mine.list()).status).toBe(404); // checked out: the cart is empty
  });

  it('accepts a token of a key published after the first JWKS fetch', async () => {
    const rotated = await issuer.createKey();
    const headers = await as({ userId: BOB, key: rotated });
    const unknown = await routes(BOB, headers).add();
    expect([unknown.status, unknown.body.message]).toEqual([401, 'access token is signed by an unknown key']);
    issuer.publish(rotated);
    await new Promise((resolve) => setTimeout(resolve, 5)); // past JWKS_COOLDOWN
    expect((await routes(BOB, headers).add()).status).toBe(200);
    await routes(BOB, headers).clear();
  });

  it('keeps health, metrics and docs open', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json'])
      expect((await cart.request('GET', path)).status, path).toBe(200);
  });
});

describe('the cart with AUTH_MODE=off', () => {
  it('sends no token to LOMS', async () => {
    const offCart = await startTestCart({ products: products.address, loms: loms.address });
    try {
      await offCart.add(BOB, BOOK, 1);
      loms.script.reset();
      expect((await offCart.checkout(BOB)).status).toBe(200);
      expect(
        loms.script.calls.find((call) => call.method === 'OrderCreate')?.headers.get('authorization'),
      ).toBeNull();
    } finally {
      await offCart.stop();
    }
  });
});
