import { describe, expect, it } from 'vitest';
import { matchPathTemplate, parsePathTemplate } from '../src/path-template.ts';

const match = (template: string, path: string) => matchPathTemplate(parsePathTemplate(template), path);

describe('parsePathTemplate', () => {
  it('parses literals, a variable and no verb', () => {
    const t = parsePathTemplate('/product/{sku}');
    expect(t.segments).toEqual([{ kind: 'literal', value: 'product' }, { kind: 'wildcard' }]);
    expect(t.variables).toEqual([{ fieldPath: 'sku', start: 1, end: 2 }]);
    expect(t.verb).toBeUndefined();
  });

  it('splits a custom verb off the last segment', () => {
    const t = parsePathTemplate('/product:batchGet');
    expect(t.segments).toEqual([{ kind: 'literal', value: 'product' }]);
    expect(t.verb).toBe('batchGet');
  });

  it('parses a variable spanning several segments with a nested field path', () => {
    const t = parsePathTemplate('/v1/{book.name=shelves/*/books/*}:publish');
    expect(t.segments.map((s) => s.kind)).toEqual(['literal', 'literal', 'wildcard', 'literal', 'wildcard']);
    expect(t.variables).toEqual([{ fieldPath: 'book.name', start: 1, end: 5 }]);
    expect(t.verb).toBe('publish');
  });

  it.each([
    ['product/{sku}', 'must start with "/"'],
    ['/product/{sku', 'unclosed variable'],
    ['/a/**/b', '"**" must be the last segment'],
    ['/a/{id}/{id}', 'bound twice'],
    ['/a/{1x}', 'bad field path'],
    ['/a//b', 'bad segment'],
  ])('rejects the malformed template %s', (template, why) => {
    expect(() => parsePathTemplate(template)).toThrow(why);
  });
});

describe('matchPathTemplate', () => {
  it('binds a single-segment variable, percent-decoded', () => {
    expect(match('/product/{sku}', '/product/42')).toEqual({ sku: '42' });
    expect(match('/user/{name}', '/user/a%20b%2Fc')).toEqual({ name: 'a b/c' });
  });

  it('does not match other lengths, empty segments or a trailing slash', () => {
    expect(match('/product/{sku}', '/product')).toBeUndefined();
    expect(match('/product/{sku}', '/product/')).toBeUndefined();
    expect(match('/product/{sku}', '/product/1/2')).toBeUndefined();
    expect(match('/order/create', '/order/create/')).toBeUndefined();
  });

  it('compares literals after percent-decoding', () => {
    expect(match('/order/create', '/order/cre%61te')).toEqual({});
    expect(match('/order/create', '/order/other')).toBeUndefined();
  });

  it('requires the custom verb when the template has one', () => {
    expect(match('/product:batchGet', '/product:batchGet')).toEqual({});
    expect(match('/product:batchGet', '/product')).toBeUndefined();
    expect(match('/product:batchGet', '/product:other')).toBeUndefined();
    expect(match('/product/{sku}:undelete', '/product/7:undelete')).toEqual({ sku: '7' });
  });

  it('keeps a colon inside a variable when the template has no verb', () => {
    expect(match('/product/{sku}', '/product/7:undelete')).toEqual({ sku: '7:undelete' });
  });

  it('binds a multi-segment variable with its slashes, keeping encoded slashes encoded', () => {
    expect(match('/v1/{name=shelves/*}', '/v1/shelves/s1')).toEqual({ name: 'shelves/s1' });
    expect(match('/v1/{name=shelves/*}', '/v1/books/s1')).toBeUndefined();
    expect(match('/v1/{name=shelves/*/books/*}', '/v1/shelves/a%2Fb/books/c%20d')).toEqual({
      name: 'shelves/a%2Fb/books/c d',
    });
  });

  it('lets ** take the rest of the path, including nothing', () => {
    expect(match('/files/{path=**}', '/files/a/b/c')).toEqual({ path: 'a/b/c' });
    expect(match('/static/**', '/static/x/y')).toEqual({});
  });

  it('treats malformed percent-encoding as no match rather than an error', () => {
    expect(match('/product/{sku}', '/product/%E0%A4%A')).toBeUndefined();
  });
});
