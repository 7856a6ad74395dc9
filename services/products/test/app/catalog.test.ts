import { readFile } from 'node:fs/promises';
import { parseJson } from '@marketplace/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchGetProducts } from '../../src/app/batch-get-products.ts';
import { createProduct } from '../../src/app/create-product.ts';
import { deleteProduct } from '../../src/app/delete-product.ts';
import { getProduct } from '../../src/app/get-product.ts';
import { listProducts } from '../../src/app/list-products.ts';
import { seedCatalog } from '../../src/app/seed-catalog.ts';
import { updateProduct } from '../../src/app/update-product.ts';
import { ProductExistsError, ProductNotFoundError } from '../../src/domain/errors.ts';
import { createProductsTestDb, type ProductsTestDb } from '../support/products-test-db.ts';

let t: ProductsTestDb;
let sku = 100n;
const nextSku = () => ++sku;

beforeAll(async () => {
  t = await createProductsTestDb();
});
afterAll(() => t.close());

describe('creating, reading, updating and deleting products', () => {
  it('creates a product that reads back as written', async () => {
    const product = { sku: nextSku(), name: 'Mug', price: 700 };
    expect(await createProduct(t.deps, product)).toEqual(product);
    expect(await getProduct(t.deps, product.sku)).toEqual(product);
  });

  it('refuses a taken sku, live or deleted', async () => {
    const product = { sku: nextSku(), name: 'Mug', price: 700 };
    await createProduct(t.deps, product);
    await expect(createProduct(t.deps, { ...product, name: 'Other' })).rejects.toThrow(ProductExistsError);
    await deleteProduct(t.deps, product.sku);
    await expect(createProduct(t.deps, product)).rejects.toThrow(`product ${product.sku} already exists`);
  });

  it('writes only the changed fields', async () => {
    const s = nextSku();
    await createProduct(t.deps, { sku: s, name: 'Pen', price: 100 });
    expect(await updateProduct(t.deps, s, { price: 120 })).toEqual({ sku: s, name: 'Pen', price: 120 });
    expect(await updateProduct(t.deps, s, { name: 'Pencil' })).toEqual({
      sku: s,
      name: 'Pencil',
      price: 120,
    });
    expect(await updateProduct(t.deps, s, { name: 'Ink', price: 5 })).toEqual({
      sku: s,
      name: 'Ink',
      price: 5,
    });
  });

  it('hides a deleted product from every read and refuses to update or delete it again', async () => {
    const s = nextSku();
    await createProduct(t.deps, { sku: s, name: 'Cup', price: 100 });
    await deleteProduct(t.deps, s);
    await expect(getProduct(t.deps, s)).rejects.toThrow(ProductNotFoundError);
    await expect(updateProduct(t.deps, s, { price: 1 })).rejects.toThrow(ProductNotFoundError);
    await expect(deleteProduct(t.deps, s)).rejects.toThrow(`product ${s} not found`);
    expect(await batchGetProducts(t.deps, [s])).toEqual({ products: [], missing: [s] });
    const page = await listProducts(t.deps, s - 1n, 100);
    expect(page.products.map((p) => p.sku)).not.toContain(s);
  });
});

describe('batchGetProducts', () => {
  it('answers in the order asked, once per sku, with unknown skus in missing', async () => {
    const [a, b] = [nextSku(), nextSku()];
    await createProduct(t.deps, { sku: a, name: 'a', price: 1 });
    await createProduct(t.deps, { sku: b, name: 'b', price: 2 });
    expect(await batchGetProducts(t.deps, [b, 999_999n, a, b, 999_999n])).toEqual({
      products: [
        { sku: b, name: 'b', price: 2 },
        { sku: a, name: 'a', price: 1 },
      ],
      missing: [999_999n],
    });
    expect(await batchGetProducts(t.deps, [])).toEqual({ products: [], missing: [] });
  });
});

describe('listProducts', () => {
  it('walks every live product once by sku ascending, the last page pointing nowhere', async () => {
    const base = 500_000n;
    for (const offset of [5n, 1n, 3n, 4n, 2n])
      await createProduct(t.deps, { sku: base + offset, name: 'p', price: 1 });
    await deleteProduct(t.deps, base + 3n);
    const pages: bigint[][] = [];
    let cursor = base;
    do {
      const page = await listProducts(t.deps, cursor, 2);
      pages.push(page.products.map((p) => p.sku).filter((s) => s > base && s <= base + 5n));
      cursor = page.nextStartAfterSku;
    } while (cursor !== 0n);
    expect(pages).toEqual([
      [base + 1n, base + 2n],
      [base + 4n, base + 5n],
    ]);
  });

  it('answers an empty last page after the greatest sku', async () => {
    expect(await listProducts(t.deps, 9_000_000_000n, 10)).toEqual({ products: [], nextStartAfterSku: 0n });
  });
});

describe('seedCatalog', () => {
  const fixture = new URL('../../../../fixtures/catalog.json', import.meta.url);

  it('loads every valid fixture row and rejects invalid ones by position', async () => {
    const rows = parseJson(await readFile(fixture, 'utf8')) as unknown[];
    const report = await seedCatalog(t.deps, [...rows, { sku: -1, name: 'bad', price: 1 }]);
    expect(report).toEqual({
      inserted: rows.length,
      kept: 0,
      rejected: [{ row: rows.length, sku: -1, reason: 'sku must be a positive integer' }],
    });
    expect(await getProduct(t.deps, 1076963n)).toEqual({
      sku: 1076963n,
      name: 'Теория нравственных чувств | Смит Адам',
      price: 3379,
    });
  });

  it('keeps edits and deletions when seeded again', async () => {
    await updateProduct(t.deps, 1076963n, { price: 1 });
    await deleteProduct(t.deps, 139275865n);
    const report = await seedCatalog(t.deps, parseJson(await readFile(fixture, 'utf8')) as unknown[]);
    expect(report.inserted).toBe(0);
    expect((await getProduct(t.deps, 1076963n)).price).toBe(1);
    await expect(getProduct(t.deps, 139275865n)).rejects.toThrow(ProductNotFoundError);
  });
});
