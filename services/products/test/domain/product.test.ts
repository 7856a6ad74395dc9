import { parseJson } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readCatalogRow, validName } from '../../src/domain/product.ts';
import { productChanges, selectUpdateFields } from '../../src/domain/product-update.ts';

describe('selectUpdateFields', () => {
  it.each([[[]], [['*']], [['name', '*']]])('selects every field for %j: a full replacement', (paths) => {
    expect(selectUpdateFields(paths)).toEqual({ fields: ['name', 'price'], unknown: [] });
  });

  it('selects only the named fields', () => {
    expect(selectUpdateFields(['price'])).toEqual({ fields: ['price'], unknown: [] });
    expect(selectUpdateFields(['price', 'name'])).toEqual({ fields: ['name', 'price'], unknown: [] });
  });

  it('accepts sku, which changes nothing', () => {
    expect(selectUpdateFields(['sku', 'name'])).toEqual({ fields: ['name'], unknown: [] });
    expect(selectUpdateFields(['sku'])).toEqual({ fields: [], unknown: [] });
  });

  it('reports paths that name no field, once each', () => {
    expect(selectUpdateFields(['colour', 'name', 'colour', 'price.value'])).toEqual({
      fields: ['name'],
      unknown: ['colour', 'price.value'],
    });
  });
});

describe('productChanges', () => {
  it('takes only the selected fields of the product', () => {
    const product = { name: 'n', price: 5 };
    expect(productChanges(product, ['price'])).toEqual({ price: 5 });
    expect(productChanges(product, ['name', 'price'])).toEqual({ name: 'n', price: 5 });
    expect(productChanges(product, [])).toEqual({});
  });
});

describe('catalogue rows', () => {
  const read = (text: string) => readCatalogRow(parseJson(text));

  it('reads a well-formed row', () => {
    expect(read('{"sku": 1076963, "name": "Book", "price": 3379}')).toEqual({
      ok: true,
      product: { sku: 1076963n, name: 'Book', price: 3379 },
    });
  });

  it('reads a sku beyond 2^53 exactly', () => {
    expect(read('{"sku": 9223372036854775807, "name": "Book", "price": 1}')).toEqual({
      ok: true,
      product: { sku: 9223372036854775807n, name: 'Book', price: 1 },
    });
    expect(read('{"sku": 9007199254740993, "name": "Book", "price": 1}')).toMatchObject({
      product: { sku: 9007199254740993n },
    });
  });

  it.each([
    ['{"sku": 0, "name": "n", "price": 1}', 'sku must be a positive integer'],
    ['{"sku": 1.5, "name": "n", "price": 1}', 'sku must be a positive integer'],
    ['{"sku": 9223372036854775808, "name": "n", "price": 1}', 'sku must be a positive integer'],
    ['{"name": "n", "price": 1}', 'sku must be a positive integer'],
    ['"row"', 'sku must be a positive integer'],
    ['{"sku": 1, "name": "", "price": 1}', 'name must be 1..255 characters'],
    ['{"sku": 1, "price": 1}', 'name must be 1..255 characters'],
    ['{"sku": 1, "name": "n", "price": 0}', 'price must be an integer in 1..4294967295'],
    ['{"sku": 1, "name": "n", "price": 4294967296}', 'price must be an integer in 1..4294967295'],
    ['{"sku": 1, "name": "n", "price": 18446744073709551616}', 'price must be an integer in 1..4294967295'],
  ])('rejects %s', (text, reason) => {
    expect(read(text)).toEqual({ ok: false, reason });
  });

  it('counts name length in characters, not UTF-16 units or bytes', () => {
    expect(validName('😀'.repeat(255))).toBe(true);
    expect(validName('😀'.repeat(256))).toBe(false);
  });
});
