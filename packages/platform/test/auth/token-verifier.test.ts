import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessTokenError } from '../../src/auth/caller.ts';
import { createTokenVerifier } from '../../src/auth/token-verifier.ts';
import { UnavailableError } from '../../src/errors.ts';
import { type Key, newKey, sign, startJwks } from './jwks-fixture.ts';

let key: Key;
let jwks: Awaited<ReturnType<typeof startJwks>>;

beforeEach(async () => {
  key = await newKey('k1');
  jwks = await startJwks([key]);
});
afterEach(() => jwks.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as Error,
  );

describe('token verifier', () => {
  it('answers the caller a good token names', async () => {
    const verifier = createTokenVerifier(jwks.settings());
    expect(await verifier.verify(await sign(key, { sub: '9223372036854775807', role: 'admin' }))).toEqual({
      userId: 9223372036854775807n,
      role: 'admin',
    });
    expect(await verifier.authenticate(`Bearer ${await sign(key)}`)).toEqual({
      userId: 42n,
      role: 'customer',
    });
  });

  it.each([
    [undefined, /missing access token/],
    ['', /missing access token/],
    ['Basic dXNlcjpwYXNz', /must be "Bearer <token>"/],
    ['Bearer', /must be "Bearer <token>"/],
    ['Bearer not.a.jwt', /malformed/],
    ['Bearer a b', /must be "Bearer <token>"/],
  ])('refuses the authorization header %j', async (header, message) => {
    const err = await refusal(createTokenVerifier(jwks.settings()).authenticate(header));
    expect(err).toBeInstanceOf(AccessTokenError);
    expect(err.message).toMatch(message);
  });

  it('refuses an expired token, and accepts one within the clock tolerance', async () => {
    const token = await sign(key, { expiresIn: -30 });
    const err = await refusal(createTokenVerifier(jwks.settings()).verify(token));
    expect(err).toBeInstanceOf(AccessTokenError);
    expect(err.message).toBe('access token has expired');
    expect(await createTokenVerifier(jwks.settings({ clockToleranceSeconds: 60 })).verify(token)).toEqual({
      userId: 42n,
      role: 'customer',
    });
  });

  it('refuses a token signed by another key under a known key id', async () => {
    const impostor = await newKey('k1');
    const err = await refusal(createTokenVerifier(jwks.settings()).verify(await sign(impostor)));
    expect(err.message).toBe('access token signature is invalid');
  });

  it('refetches the JWKS for an unknown key id, and accepts the key once it is published', async () => {
    const verifier = createTokenVerifier(jwks.settings());
    await verifier.verify(await sign(key));
    expect(jwks.state.fetches).toBe(1);
    const rotated = await newKey('k2');
    const token = await sign(rotated);
    await pause(5); // past the 1 ms cooldown since the first fetch, however fast the machine
    expect((await refusal(verifier.verify(token))).message).toBe('access token is signed by an unknown key');
    expect(jwks.state.fetches).toBe(2);
    jwks.state.keys.push(rotated);
    await pause(5); // past the cooldown
    expect(await verifier.verify(token)).toEqual({ userId: 42n, role: 'customer' });
    expect(jwks.state.fetches).toBe(3);
    await verifier.verify(await sign(key));
    expect(jwks.state.fetches).toBe(3);
  });

  it('fetches at most once per cooldown, however many unknown key ids arrive', async () => {
    const verifier = createTokenVerifier(jwks.settings({ jwksCooldownMs: 60_000 }));
    await verifier.verify(await sign(key));
    for (const kid of ['x1', 'x2', 'x3']) await refusal(verifier.verify(await sign(await newKey(kid))));
    expect(jwks.state.fetches).toBe(1);
  });

  it('refuses a token without a key id, another algorithm, issuer, subject or role', async () => {
    const verifier = createTokenVerifier(jwks.settings());
    const noKid = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('42')
      .setExpirationTime('1h')
      .sign(key.privateKey);
    const hmac = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('42')
      .setIssuer('marketplace-users')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    const cases: Array<[string, string]> = [
      [noKid, 'access token has no key id (kid)'],
      [hmac, 'access token must be signed with ES256'],
      [await sign(key, { issuer: 'someone-else' }), 'access token claim iss is invalid'],
      [await sign(key, { sub: '' }), 'access token claim sub is invalid'],
      [await sign(key, { sub: '0' }), 'access token has no valid subject (sub)'],
      [await sign(key, { sub: 'ann' }), 'access token has no valid subject (sub)'],
      [await sign(key, { sub: '9223372036854775808' }), 'access token has no valid subject (sub)'],
      [await sign(key, { role: 'root' }), 'access token has no valid role'],
    ];
    for (const [token, message] of cases) {
      const err = await refusal(verifier.verify(token));
      expect(err).toBeInstanceOf(AccessTokenError);
      expect(err.message).toBe(message);
    }
    expect(jwks.state.fetches).toBe(1);
  });

  it('checks the audience when one is configured', async () => {
    const verifier = createTokenVerifier(jwks.settings({ audience: 'marketplace' }));
    expect((await refusal(verifier.verify(await sign(key)))).message).toBe(
      'access token claim aud is invalid',
    );
  });

  it('is unavailable while no keys can be fetched, and does not retry within the cooldown', async () => {
    jwks.state.mode = 'down';
    const verifier = createTokenVerifier(jwks.settings({ jwksCooldownMs: 60_000 }));
    const token = await sign(key);
    expect(await refusal(verifier.verify(token))).toBeInstanceOf(UnavailableError);
    expect(await refusal(verifier.verify(token))).toBeInstanceOf(UnavailableError);
    expect(jwks.state.fetches).toBe(1);
  });

  it('gives up on a JWKS that does not answer within the timeout', async () => {
    jwks.state.mode = 'hang';
    const verifier = createTokenVerifier(jwks.settings({ jwksTimeoutMs: 100 }));
    const started = Date.now();
    expect(await refusal(verifier.verify(await sign(key)))).toBeInstanceOf(UnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps verifying with the keys fetched before while the JWKS is down', async () => {
    const verifier = createTokenVerifier(jwks.settings({ jwksMaxAgeMs: 1, jwksCooldownMs: 60_000 }));
    await verifier.verify(await sign(key));
    jwks.state.mode = 'down';
    await pause(5);
    expect(await verifier.verify(await sign(key))).toEqual({ userId: 42n, role: 'customer' });
    expect(await verifier.verify(await sign(key, { sub: '7' }))).toEqual({ userId: 7n, role: 'customer' });
    expect(jwks.state.fetches).toBe(2);
  });
});
