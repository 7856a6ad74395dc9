import { describe, expect, it } from 'vitest';
import { ApiError, type ServiceName } from '../../src/web/api-client.ts';
import { describeError } from '../../src/web/error-text.ts';

const failure = (service: ServiceName, status: number, message = '') =>
  new ApiError(service, status, message);

describe('describeError', () => {
  it('explains a refused add or checkout (412) as a stock problem', () => {
    expect(describeError(failure('cart', 412, 'sku 5: not enough stock'))).toBe(
      'Not enough stock or unknown product',
    );
  });

  it('explains 404 from the cart as an empty cart', () => {
    expect(describeError(failure('cart', 404, 'cart is empty'))).toBe('Your cart is empty');
  });

  it('names the service that is down or unreachable (502, 503)', () => {
    expect(describeError(failure('loms', 502))).toBe('The order service is unavailable, try again');
    expect(describeError(failure('comments', 503))).toBe('The comments service is unavailable, try again');
  });

  it("shows the server's own message for bad input (400), starting with a capital", () => {
    expect(describeError(failure('comments', 400, 'invalid comment: must be 1..255 characters'))).toBe(
      'Invalid comment: must be 1..255 characters',
    );
  });

  it('says the request was refused when a 400 carries no message', () => {
    expect(describeError(failure('loms', 400))).toBe('The order service did not accept the request');
  });

  it('cuts a very long server message to a readable sentence', () => {
    const text = describeError(failure('cart', 400, 'x'.repeat(5_000)));
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.endsWith('…')).toBe(true);
  });

  it('tells apart an unreachable storefront, a slow service and a busy one', () => {
    expect(describeError(failure('cart', 0))).toMatch(/^The storefront cannot be reached/);
    expect(describeError(failure('products', 504))).toBe(
      'The product catalogue did not answer in time, try again',
    );
    expect(describeError(failure('products', 429))).toMatch(/busy/);
  });

  it('never shows a stack or raw JSON for other failures', () => {
    expect(describeError(failure('cart', 500, '{"code":13}'))).toBe(
      'The cart service had a problem (error 500), try again',
    );
    expect(describeError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      'Something went wrong on this page, reload it and try again',
    );
  });

  it('says the storefront may not use a service when it is refused (401, 403)', () => {
    expect(describeError(failure('products', 401))).toBe(
      'The storefront is not allowed to use the product catalogue',
    );
  });
});
