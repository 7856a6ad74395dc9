import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { generateSigningKey, type KeyJwk, thumbprint } from '../../src/infra/signing-keys.ts';

export interface TokenParts {
  sub?: string;
  role?: string;
  iss?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** The header's kid; the key's thumbprint by default, `null` for none. */
  kid?: string | null;
}

/** A token signed by `key` (a private JWK) the way the users service signs them, with parts changed. */
export async function signToken(key: KeyJwk, parts: TokenParts = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const kid = parts.kid === undefined ? thumbprint(key) : parts.kid;
  return new SignJWT({ role: parts.role ?? 'customer' })
    .setProtectedHeader(kid === null ? { alg: 'ES256' } : { alg: 'ES256', kid })
    .setSubject(parts.sub ?? '1')
    .setIssuer(parts.iss ?? 'marketplace-users')
    .setIssuedAt(now)
    .setExpirationTime(now + (parts.expiresIn ?? 3600))
    .sign(createPrivateKey({ key, format: 'jwk' }));
}

/** A key the service does not know. */
export const foreignKey = (): KeyJwk => generateSigningKey();
