import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { PublicJwk } from '../app/ports.ts';

/** A key as configuration gives it: an EC P-256 key in JWK form, with the key id it was given, if any. */
export interface KeyJwk extends JsonWebKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid?: string;
}

/** The keys of the token signer: the one that signs, and every public key that verifies. */
export interface KeyRing {
  signing: { kid: string; privateKey: KeyObject };
  /** By key id: the signing key's public half and the older keys still accepted. */
  verifying: ReadonlyMap<string, KeyObject>;
  /** The same keys as a JWKS lists them, the signing key first. */
  jwks: PublicJwk[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * Reads the keys in `text`: PEM blocks (PKCS#8, SEC1 or SPKI) or JSON (one JWK, an array of them, or
 * a JWKS `{"keys": [...]}`). Every key must be an EC P-256 key (ES256). Throws an Error saying what
 * is wrong, for the configuration to report with the variable's name.
 */
export function parseKeys(text: string): KeyJwk[] {
  const trimmed = text.trim().replaceAll('\\n', '\n');
  const keys = /^[[{]/.test(trimmed) ? jsonKeys(trimmed) : pemKeys(trimmed);
  if (keys.length === 0) throw new Error('expected a PEM key or a JWK, an array of JWKs or a JWKS (JSON)');
  return keys;
}

function jsonKeys(text: string): KeyJwk[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.keys) ? json.keys : [json];
  return list.map((jwk: unknown, index: number) => {
    if (!isObject(jwk)) throw new Error(`key ${index + 1} is not a JWK object`);
    const key = importKey(() =>
      typeof jwk.d === 'string'
        ? createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })
        : createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }),
    );
    return toJwk(key, typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined);
  });
}

function pemKeys(text: string): KeyJwk[] {
  return [...text.matchAll(PEM_BLOCK)].map(([block, label]) =>
    toJwk(importKey(() => (label!.includes('PRIVATE') ? createPrivateKey(block) : createPublicKey(block)))),
  );
}

function importKey(make: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = make();
  } catch (err) {
    throw new Error(`unreadable key: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error(`expected an EC P-256 key (ES256), got ${key.asymmetricKeyType ?? key.type}`);
  return key;
}

function toJwk(key: KeyObject, kid?: string): KeyJwk {
  const jwk = key.export({ format: 'jwk' }) as KeyJwk;
  return kid ? { ...jwk, kid } : jwk;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The RFC 7638 thumbprint of an EC key (SHA-256, base64url): its id when it was given none. */
export function thumbprint(jwk: Pick<KeyJwk, 'crv' | 'kty' | 'x' | 'y'>): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A new P-256 private key, for development when none is configured. */
export function generateSigningKey(): KeyJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return toJwk(privateKey);
}

/**
 * The ring of a signing key (a private JWK) and older public keys: every key listed once by key id,
 * the signing key first.
 */
export function buildKeyRing(signing: KeyJwk, previous: readonly KeyJwk[]): KeyRing {
  if (typeof signing.d !== 'string') throw new Error('the signing key must be a private key');
  const signingKid = signing.kid ?? thumbprint(signing);
  const verifying = new Map<string, KeyObject>();
  const jwks: PublicJwk[] = [];
  for (const jwk of [{ ...signing, kid: signingKid }, ...previous]) {
    const kid = jwk.kid ?? thumbprint(jwk);
    if (verifying.has(kid)) continue;
    const { kty, crv, x, y } = jwk;
    verifying.set(kid, createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }));
    jwks.push({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });
  }
  return {
    signing: { kid: signingKid, privateKey: createPrivateKey({ key: signing, format: 'jwk' }) },
    verifying,
    jwks,
  };
}
