import { describe, expect, it } from 'vitest';
import { ApiError, type ServiceName } from '../../src/web/api-client.ts';
import { describeAccountError, describeError } from '../../src/web/error-text.ts';

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

  it('asks a signed-in visitor whose token was refused (401 with a Bearer challenge) to sign in again', () => {
    for (const service of ['cart', 'loms', 'comments', 'users'] as const)
      expect(
        describeError(
          new ApiError(service, 401, 'access token has expired', { tokenSent: true, tokenRefused: true }),
        ),
      ).toBe('Please sign in again');
  });

  it("says a 403 to a signed-in visitor's call is another account's", () => {
    expect(
      describeError(
        new ApiError('cart', 403, 'permission denied: user_id 2 is not the signed-in user', {
          tokenSent: true,
        }),
      ),
    ).toBe('That belongs to another account');
    expect(describeError(new ApiError('loms', 403, '', { tokenSent: true }))).toBe(
      'That belongs to another account',
    );
  });

  it('says so when the account may not place orders (suspended or inactive)', () => {
    const refusal = 'order refused: user 7 may not place orders: the account is not active';
    expect(describeError(new ApiError('cart', 403, refusal, { tokenSent: true }))).toBe(
      'Your account may not place orders: it is not active',
    );
  });

  it("keeps a 401 without a Bearer challenge the storefront's own refusal, even with a token sent", () => {
    expect(describeError(new ApiError('products', 401, 'missing API key', { tokenSent: true }))).toBe(
      'The storefront is not allowed to use the product catalogue',
    );
    expect(describeError(failure('users', 403))).toBe(
      'The storefront is not allowed to use the account service',
    );
  });
});

describe('describeAccountError', () => {
  const users = (status: number, message = '') =>
    new ApiError('users', status, message, { tokenRefused: status === 401 });

  it('explains a refused sign-in without saying whether the email exists', () => {
    expect(describeAccountError(users(401, 'invalid email or password'), 'sign-in')).toBe(
      'Wrong email or password',
    );
    expect(describeAccountError(users(429), 'sign-in')).toBe(
      'Too many failed sign-ins for this email, wait a minute and try again',
    );
    expect(describeAccountError(users(403), 'sign-in')).toBe(
      'This account cannot sign in (suspended or inactive)',
    );
  });

  it('explains a refused sign-up: a taken email, or what the service says is wrong', () => {
    expect(describeAccountError(users(409, 'email already registered'), 'sign-up')).toBe(
      'An account with this email already exists: sign in instead',
    );
    expect(
      describeAccountError(
        users(400, 'invalid CreateUserRequest.email: value must be a valid email address'),
        'sign-up',
      ),
    ).toBe('Invalid CreateUserRequest.email: value must be a valid email address');
    expect(describeAccountError(users(503), 'sign-up')).toBe('The account service is unavailable, try again');
  });

  it('describes other failures as any call', () => {
    expect(describeAccountError(new ApiError('users', 0, ''), 'sign-in')).toMatch(
      /^The storefront cannot be reached/,
    );
    expect(describeAccountError(new Error('x'), 'sign-in')).toBe(
      'Something went wrong on this page, reload it and try again',
    );
  });
});
