import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** An ES256 key pair of the issuer, published in its JWKS or not. */
export interface TestSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestTokenClaims {
  /** `sub`: the user id. */
  userId: bigint | string | number;
  role?: 'customer' | 'admin';
  /** Seconds until `exp`, negative for a token that has already expired (default 3600). */
  expiresIn?: number;
  /** The key that signs (default: the first published key). */
  key?: TestSigningKey;
  /** `iss` (default: the users service's default, marketplace-users). */
  issuer?: string;
}

/**
 * A stand-in for the users service's token side: makes ES256 keys, signs access tokens as the
 * users service does (`kid`, `sub`, `role`, `iss`, `iat`, `exp`) and serves the published keys at
 * `jwksUrl`, counting fetches. Rotation: `createKey` makes a key nobody knows yet, `publish` adds it
 * to the JWKS.
 */
export interface TestTokenIssuer {
  jwksUrl: string;
  /** The first key, published at start. */
  key: TestSigningKey;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  createKey(kid?: string): Promise<TestSigningKey>;
  publish(key: TestSigningKey): void;
  token(claims: TestTokenClaims): Promise<string>;
  /** `{ authorization: 'Bearer <token>' }` for the claims. */
  bearer(claims: TestTokenClaims): Promise<Record<string, string>>;
  /** The environment that makes a service check this issuer's tokens (AUTH_MODE=jwt, no fetch cooldown). */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** Starts a token issuer with its JWKS on a free port of 127.0.0.1. */
export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const published: JWK[] = [];
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return res.writeHead(404).end();
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;

  let made = 0;
  const createKey = async (kid = `test-key-${++made}`): Promise<TestSigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  const publish = (key: TestSigningKey) => void published.push(key.publicJwk);
  const key = await createKey();
  publish(key);

  const token = async (claims: TestTokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + (claims.expiresIn ?? 3600);
    const signer = claims.key ?? key;
    return new SignJWT({ role: claims.role ?? 'customer' })
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: 'JWT' })
      .setSubject(String(claims.userId))
      .setIssuer(claims.issuer ?? 'marketplace-users')
      .setIssuedAt(Math.min(now, expiresAt - 60))
      .setExpirationTime(expiresAt)
      .sign(signer.privateKey);
  };
  return {
    jwksUrl,
    key,
    jwksFetches: () => fetches,
    createKey,
    publish,
    token,
    bearer: async (claims) => ({ authorization: `Bearer ${await token(claims)}` }),
    env: () => ({ AUTH_MODE: 'jwt', USERS_JWKS_URL: jwksUrl, JWKS_COOLDOWN: '1ms' }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
