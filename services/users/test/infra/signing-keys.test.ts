import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildKeyRing, generateSigningKey, parseKeys, thumbprint } from '../../src/infra/signing-keys.ts';

const jwk = generateSigningKey();
const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
const pem = (type: 'pkcs8' | 'sec1') => privateKey.export({ format: 'pem', type }) as string;
const spki = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }) as string;
const { d: _, ...publicJwk } = jwk;

describe('parseKeys', () => {
  it('reads PKCS#8 and SEC1 private keys and SPKI public keys as the same key', () => {
    for (const text of [pem('pkcs8'), pem('sec1')]) expect(parseKeys(text)).toEqual([jwk]);
    expect(parseKeys(spki)).toEqual([publicJwk]);
  });

  it('reads PEM whose newlines came through an environment variable as \\n', () => {
    expect(parseKeys(pem('pkcs8').replaceAll('\n', '\\n'))).toEqual([jwk]);
  });

  it('reads a JWK, an array of JWKs and a JWKS, keeping their key ids', () => {
    expect(parseKeys(JSON.stringify(jwk))).toEqual([jwk]);
    const withKid = { ...publicJwk, kid: 'k-2026-01' };
    expect(parseKeys(JSON.stringify([withKid]))).toEqual([withKid]);
    expect(parseKeys(JSON.stringify({ keys: [withKid, publicJwk] }))).toEqual([withKid, publicJwk]);
  });

  it.each([
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      }) as string,
      /expected an EC P-256 key \(ES256\), got rsa/,
    ],
    [
      'a P-384 key',
      JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' })),
      /expected an EC P-256 key/,
    ],
    ['text that is no key', 'not a key', /expected a PEM key or a JWK/],
    ['broken JSON', '{"kty":', /not valid JSON/],
    ['a JWK that is not one', '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}', /unreadable key/],
  ])('refuses %s, saying why', (_case, text, why) => {
    expect(() => parseKeys(text)).toThrow(why);
  });
});

describe('key ring', () => {
  it('identifies keys by their RFC 7638 thumbprint unless they name their own id', async () => {
    expect(thumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    const older = { ...generateSigningKey(), kid: 'legacy' };
    const ring = buildKeyRing(jwk, [older]);
    expect(ring.signing.kid).toBe(thumbprint(jwk));
    expect(ring.jwks.map((k) => k.kid)).toEqual([thumbprint(jwk), 'legacy']);
  });

  it('publishes public halves only, each key once, the signing key first', () => {
    const older = generateSigningKey();
    const ring = buildKeyRing(jwk, [publicJwk, older, older]);
    expect(ring.jwks).toHaveLength(2);
    for (const key of ring.jwks) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ alg: 'ES256', use: 'sig', kty: 'EC', crv: 'P-256' });
    }
    expect([...ring.verifying.keys()]).toEqual(ring.jwks.map((k) => k.kid));
  });

  it('refuses a public key as the signing key', () => {
    expect(() => buildKeyRing(publicJwk as typeof jwk, [])).toThrow('the signing key must be a private key');
  });
});
