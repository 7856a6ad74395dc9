import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiRequest } from '../../src/web/api-client.ts';

/** A fetch that records its calls and answers with `answer`. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => answer());
}

describe('createApiRequest', () => {
  it('calls /api/<service><path> with a JSON body and returns the parsed answer', async () => {
    const fetch = fakeFetch(() => Response.json({ order_id: 5 }));
    const request = createApiRequest(fetch);
    await expect(request('cart', '/checkout/1', { method: 'POST', body: { a: 1 } })).resolves.toEqual({
      order_id: 5,
    });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/cart/checkout/1');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"a":1}');
    expect(init?.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('reads int64 numbers in answers exactly, as the digits', async () => {
    const body = '{"items":[{"sku":9223372036854775807,"count":1}],"order_id":9007199254740993}';
    const request = createApiRequest(fakeFetch(() => new Response(body, { status: 200 })));
    await expect(request('cart', '/user/1/cart')).resolves.toEqual({
      items: [{ sku: '9223372036854775807', count: 1 }],
      order_id: '9007199254740993',
    });
  });

  it('resolves with undefined for an empty answer (204)', async () => {
    const request = createApiRequest(fakeFetch(() => new Response(null, { status: 204 })));
    await expect(request('cart', '/user/1/cart', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it("fails with the service, the status and the server's message", async () => {
    const request = createApiRequest(
      fakeFetch(() => Response.json({ code: 3, message: 'invalid sku' }, { status: 400 })),
    );
    const failure = await request('loms', '/stock/info?sku=0').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ service: 'loms', status: 400, serverMessage: 'invalid sku' });
  });

  it('keeps no message from an answer that is not JSON', async () => {
    const request = createApiRequest(fakeFetch(() => new Response('<html>oops</html>', { status: 500 })));
    await expect(request('products', '/product')).rejects.toMatchObject({ status: 500, serverMessage: '' });
  });

  it('fails with status 0 when the storefront cannot be reached', async () => {
    const request = createApiRequest(
      fakeFetch(() => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(request('cart', '/user/1/cart')).rejects.toMatchObject({ service: 'cart', status: 0 });
  });

  describe('with a signed-in visitor (AUTH_MODE=jwt)', () => {
    it('sends the token as Authorization: Bearer on every call, and none while signed out', async () => {
      let token: string | undefined = 'abc.def.ghi';
      const fetch = fakeFetch(() => Response.json({}));
      const request = createApiRequest(fetch, '/api', { token: () => token });
      await request('products', '/product?count=10&start_after_sku=0');
      await request('cart', '/user/1/cart/5', { method: 'POST', body: { count: 1 } });
      token = undefined;
      await request('users', '/api/v1/auth/token', { method: 'POST', body: {} });
      expect(fetch.mock.calls.map(([, init]) => init?.headers)).toEqual([
        { authorization: 'Bearer abc.def.ghi' },
        { 'content-type': 'application/json', authorization: 'Bearer abc.def.ghi' },
        { 'content-type': 'application/json' },
      ]);
    });

    it('reports a refused token (401 with a Bearer challenge) once per call, and marks the error', async () => {
      const refused: string[] = [];
      const request = createApiRequest(
        fakeFetch(() =>
          Response.json(
            { message: 'access token has expired' },
            { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
          ),
        ),
        '/api',
        { token: () => 't', onTokenRefused: (token) => refused.push(token) },
      );
      await expect(request('cart', '/user/1/cart')).rejects.toMatchObject({
        status: 401,
        tokenSent: true,
        tokenRefused: true,
      });
      expect(refused).toEqual(['t']);
    });

    it('does not take a 401 without a Bearer challenge, or one to a call without a token, as a refused token', async () => {
      let refused = 0;
      const unauthorized = (headers: HeadersInit) =>
        fakeFetch(() => Response.json({ message: 'invalid email or password' }, { status: 401, headers }));
      const signedOut = createApiRequest(unauthorized({ 'www-authenticate': 'Bearer' }), '/api', {
        token: () => undefined,
        onTokenRefused: () => refused++,
      });
      await expect(
        signedOut('users', '/api/v1/auth/token', { method: 'POST', body: {} }),
      ).rejects.toMatchObject({
        tokenSent: false,
        tokenRefused: true,
      });
      const keyRefused = createApiRequest(unauthorized({}), '/api', {
        token: () => 't',
        onTokenRefused: () => refused++,
      });
      await expect(keyRefused('products', '/product')).rejects.toMatchObject({
        tokenSent: true,
        tokenRefused: false,
      });
      expect(refused).toBe(0);
    });
  });
});
