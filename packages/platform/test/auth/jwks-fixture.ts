import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { TokenSettings } from '../../src/auth/auth-settings.ts';

export interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** A JWKS endpoint whose keys and behaviour (down, hanging) a test changes as it goes. */
export async function startJwks(keys: Key[]) {
  const state = { keys: [...keys], fetches: 0, mode: 'up' as 'up' | 'down' | 'hang' };
  const hanging = new Set<ServerResponse>();
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    state.fetches += 1;
    if (state.mode === 'hang') return void hanging.add(res);
    if (state.mode === 'down') return res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    url,
    state,
    settings: (overrides: Partial<TokenSettings> = {}): TokenSettings => ({
      jwksUrl: url,
      issuer: 'marketplace-users',
      audience: undefined,
      clockToleranceSeconds: 0,
      jwksTimeoutMs: 300,
      jwksCooldownMs: 1,
      jwksMaxAgeMs: 600_000,
      ...overrides,
    }),
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Claims {
  sub?: string;
  role?: string;
  expiresIn?: number;
  issuer?: string;
}

/** A token as the users service signs it; claims may be bent to make bad ones. */
export async function sign(key: Key, claims: Claims = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims.role === undefined ? { role: 'customer' } : { role: claims.role })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? 'marketplace-users')
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (claims.expiresIn ?? 3600));
  if (claims.sub !== '') jwt.setSubject(claims.sub ?? '42');
  return jwt.sign(key.privateKey);
}
