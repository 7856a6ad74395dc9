import { randomInt63 } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALREADY_EXISTS, expectError, INVALID_ARGUMENT, NOT_FOUND } from '../support/expect-error.ts';
import { productsTransports } from '../support/products-transports.ts';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';

let t: TestProducts;
let sku = 7_000;
const nextSku = () => String(++sku);

beforeAll(async () => {
  t = await startTestProducts();
});
afterAll(() => t?.stop());

describe.each(productsTransports(() => t))('products contract over $name', (api) => {
  async function created(name = 'Notebook', price = 450) {
    const s = nextSku();
    const result = await api.call('createProduct', { product: { sku: s, name, price } });
    expect(result).toEqual({ ok: true, json: { product: { sku: s, name, price } } });
    return s;
  }

  describe('int64 over its whole range', () => {
    const BIG = ['9007199254740993', '9223372036854775807'];

    it.each(BIG)('reads, lists and updates sku %s exactly', async (big) => {
      // The first transport creates it; the others find it (a sku is created once).
      const created = await api.call('createProduct', { product: { sku: big, name: 'Big', price: 1 } });
      if (!created.ok) expectError(created, ALREADY_EXISTS);
      const price = 100 + sku++;
      expect(
        await api.call('updateProduct', { sku: big, product: { sku: big, name: 'Big', price } }),
      ).toEqual({
        ok: true,
        json: { product: { sku: big, name: 'Big', price } },
      });
      expect(await api.call('getProduct', { sku: big })).toEqual({
        ok: true,
        json: { product: { sku: big, name: 'Big', price } },
      });
      const before = String(BigInt(big) - 1n);
      const page = await api.call('listProducts', { count: 1, startAfterSku: before });
      expect(page.ok && page.json.products).toEqual([{ sku: big, name: 'Big', price }]);
      const batch = await api.call('batchGetProducts', { skus: [big] });
      expect(batch.ok && batch.json.products).toEqual([{ sku: big, name: 'Big', price }]);
    });
  });

  it('round-trips 50 random int63 skus through create and read', async () => {
    for (let i = 0; i < 50; i++) {
      const big = String(randomInt63());
      const created = await api.call('createProduct', { product: { sku: big, name: 'Random', price: 7 } });
      expect(created.ok || created.code === ALREADY_EXISTS, big).toBe(true);
      expect(await api.call('getProduct', { sku: big }), big).toEqual({
        ok: true,
        json: { product: { sku: big, name: 'Random', price: 7 } },
      });
    }
  });

  describe('GetProduct', () => {
    it('answers a product, NotFound for an unknown sku and InvalidArgument for sku <= 0', async () => {
      const s = await created('Теория нравственных чувств', 3379);
      expect(await api.call('getProduct', { sku: s })).toEqual({
        ok: true,
        json: { product: { sku: s, name: 'Теория нравственных чувств', price: 3379 } },
      });
      expectError(await api.call('getProduct', { sku: nextSku() }), NOT_FOUND, /product \d+ not found/);
      expectError(
        await api.call('getProduct', { sku: '0' }),
        INVALID_ARGUMENT,
        'invalid GetProductRequest.sku: value must be greater than 0',
      );
    });
  });

  describe('ListProducts', () => {
    it('pages through every live product exactly once, by sku ascending', async () => {
      await created();
      await created();
      const seen: string[] = [];
      let cursor = '0';
      let pages = 0;
      do {
        const page = await api.call('listProducts', { count: 2, startAfterSku: cursor });
        if (!page.ok) throw new Error(page.message);
        const products = page.json.products as Array<{ sku: string }>;
        expect(products.length).toBeLessThanOrEqual(2);
        seen.push(...products.map((p) => p.sku));
        cursor = page.json.nextStartAfterSku as string;
        pages++;
      } while (cursor !== '0');
      const live = await t.db.selectFrom('products').select('sku').where('deleted_at', 'is', null).execute();
      expect(seen).toEqual(live.map((r) => String(r.sku)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
      expect(pages).toBe(Math.ceil(live.length / 2));
    });

    it('defaults count to 100 and rejects a count over 100 or a negative cursor', async () => {
      const page = await api.call('listProducts', {});
      const live = await t.db.selectFrom('products').select('sku').where('deleted_at', 'is', null).execute();
      const products = page.ok ? (page.json.products as Array<{ sku: string }>) : [];
      expect(products.length).toBe(Math.min(100, live.length));
      expect(page.ok && page.json.nextStartAfterSku).toBe(live.length > 100 ? products.at(-1)?.sku : '0');
      expectError(
        await api.call('listProducts', { count: 101 }),
        INVALID_ARGUMENT,
        'invalid ListProductsRequest.count: value must be less than or equal to 100',
      );
      expectError(
        await api.call('listProducts', { startAfterSku: '-1' }),
        INVALID_ARGUMENT,
        'ListProductsRequest.start_after_sku',
      );
    });
  });

  describe('BatchGetProducts', () => {
    it('answers the known products in the order asked and lists unknown skus in missing', async () => {
      const [a, b] = [await created('a', 1), await created('b', 2)];
      const unknown = nextSku();
      expect(await api.call('batchGetProducts', { skus: [b, unknown, a, b] })).toEqual({
        ok: true,
        json: {
          products: [
            { sku: b, name: 'b', price: 2 },
            { sku: a, name: 'a', price: 1 },
          ],
          missing: [unknown],
        },
      });
    });

    it('rejects more than 100 skus and skus <= 0', async () => {
      const skus = Array.from({ length: 101 }, (_, i) => String(i + 1));
      expectError(
        await api.call('batchGetProducts', { skus }),
        INVALID_ARGUMENT,
        'invalid BatchGetProductsRequest.skus: value must contain no more than 100 item(s)',
      );
      expectError(
        await api.call('batchGetProducts', { skus: ['1', '0'] }),
        INVALID_ARGUMENT,
        'invalid BatchGetProductsRequest.skus[1]: value must be greater than 0',
      );
    });
  });

  describe('CreateProduct', () => {
    it('refuses a sku that exists with AlreadyExists, also once the product is deleted', async () => {
      const s = await created();
      expectError(
        await api.call('createProduct', { product: { sku: s, name: 'again', price: 1 } }),
        ALREADY_EXISTS,
        `product ${s} already exists`,
      );
      await api.call('deleteProduct', { sku: s });
      expectError(
        await api.call('createProduct', { product: { sku: s, name: 'again', price: 1 } }),
        ALREADY_EXISTS,
      );
    });

    it.each([
      [
        { sku: '0', name: 'n', price: 1 },
        'invalid CreateProductRequest.product.sku: value must be greater than 0',
      ],
      [
        { sku: '1', name: '', price: 1 },
        'invalid CreateProductRequest.product.name: value must be at least 1 characters',
      ],
      [
        { sku: '1', name: 'n'.repeat(256), price: 1 },
        'invalid CreateProductRequest.product.name: value must be at most 255 characters',
      ],
      [
        { sku: '1', name: 'n', price: 0 },
        'invalid CreateProductRequest.product.price: value must be greater than 0',
      ],
    ])('rejects %j naming the field', async (product, message) => {
      expectError(await api.call('createProduct', { product }), INVALID_ARGUMENT, message);
    });

    it('accepts a name of exactly 255 characters, counted as characters not bytes', async () => {
      const s = nextSku();
      const name = 'ж'.repeat(255);
      expect(await api.call('createProduct', { product: { sku: s, name, price: 1 } })).toMatchObject({
        ok: true,
      });
    });
  });

  describe('UpdateProduct', () => {
    it('replaces name and price without a mask (PUT)', async () => {
      const s = await created('old', 10);
      expect(await api.call('updateProduct', { sku: s, product: { name: 'new', price: 20 } })).toEqual({
        ok: true,
        json: { product: { sku: s, name: 'new', price: 20 } },
      });
    });

    it('changes only the masked fields (PATCH)', async () => {
      const s = await created('kept', 10);
      const result = await api.call('updateProduct', {
        sku: s,
        product: { name: 'ignored', price: 99 },
        updateMask: 'price',
      });
      expect(result).toEqual({ ok: true, json: { product: { sku: s, name: 'kept', price: 99 } } });
      expect(await api.call('getProduct', { sku: s })).toEqual(result);
    });

    it('answers NotFound for an unknown or deleted sku', async () => {
      expectError(
        await api.call('updateProduct', { sku: nextSku(), product: { name: 'n', price: 1 } }),
        NOT_FOUND,
      );
      const s = await created();
      await api.call('deleteProduct', { sku: s });
      expectError(
        await api.call('updateProduct', { sku: s, product: { price: 5 }, updateMask: 'price' }),
        NOT_FOUND,
      );
    });

    it('validates the fields it writes and refuses another sku in the body', async () => {
      const s = await created();
      expectError(
        await api.call('updateProduct', { sku: s, product: { name: '', price: 5 } }),
        INVALID_ARGUMENT,
        'invalid UpdateProductRequest.product.name',
      );
      expectError(
        await api.call('updateProduct', { sku: s, product: { price: 0 }, updateMask: 'price' }),
        INVALID_ARGUMENT,
        'invalid UpdateProductRequest.product.price: value must be greater than 0',
      );
      expectError(
        await api.call('updateProduct', { sku: s, product: { sku: '1', name: 'n', price: 5 } }),
        INVALID_ARGUMENT,
        'invalid UpdateProductRequest.product.sku',
      );
    });
  });

  describe('DeleteProduct', () => {
    it('soft-deletes: NotFound afterwards, gone from lists and batchGet, and a second delete is NotFound', async () => {
      const s = await created();
      expect(await api.call('deleteProduct', { sku: s })).toEqual({ ok: true, json: {} });
      expectError(await api.call('getProduct', { sku: s }), NOT_FOUND);
      expectError(await api.call('deleteProduct', { sku: s }), NOT_FOUND);
      const batch = await api.call('batchGetProducts', { skus: [s] });
      expect(batch).toEqual({ ok: true, json: { products: [], missing: [s] } });
      const page = await api.call('listProducts', { count: 100, startAfterSku: String(Number(s) - 1) });
      expect(page.ok && (page.json.products as Array<{ sku: string }>).map((p) => p.sku)).not.toContain(s);
      const row = await t.db
        .selectFrom('products')
        .select('deleted_at')
        .where('sku', '=', BigInt(s))
        .executeTakeFirst();
      expect(row?.deleted_at).toBeInstanceOf(Date);
    });
  });
});
