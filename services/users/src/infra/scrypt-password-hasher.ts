import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../app/ports.ts';

/** scrypt's cost parameters: N = 2^ln (CPU and memory), r (block size), p (parallelism). */
export interface ScryptParameters {
  ln: number;
  r: number;
  p: number;
}

/** OWASP's recommended minimum for scrypt: N = 2^17 would cost 128 MiB per hash; 2^15 costs 32 MiB. */
export const DEFAULT_SCRYPT: ScryptParameters = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT =
  /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, params: ScryptParameters, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Passwords are compared as Unicode text: the same characters typed on any keyboard match.
  const text = password.normalize('NFC');
  return new Promise((resolve, reject) =>
    scrypt(text, salt, length, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * Password hashes made with Node's scrypt: a random salt per password, stored with the parameters
 * as `scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64), so parameters can be raised later while old
 * hashes still verify. Comparison is constant-time.
 */
export function createScryptPasswordHasher(params: ScryptParameters = DEFAULT_SCRYPT): PasswordHasher {
  const encode = (salt: Buffer, key: Buffer, p: ScryptParameters) =>
    `scrypt$ln=${p.ln},r=${p.r},p=${p.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  const hash = async (password: string) => {
    const salt = randomBytes(SALT_BYTES);
    return encode(salt, await derive(password, salt, params, KEY_BYTES), params);
  };
  // Made on first use: unknown emails are checked against it, at the cost of a real check.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hash(randomBytes(32).toString('base64'));
    return dummy;
  };

  return {
    hash,
    async verify(password, stored) {
      const target = stored ?? (await dummyHash());
      const parsed = FORMAT.exec(target);
      if (!parsed) throw new Error('stored password hash is not in the scrypt format');
      const used = { ln: Number(parsed[1]), r: Number(parsed[2]), p: Number(parsed[3]) };
      const salt = Buffer.from(parsed[4]!, 'base64');
      const expected = Buffer.from(parsed[5]!, 'base64');
      const actual = await derive(password, salt, used, expected.length);
      const ok = stored !== undefined && timingSafeEqual(actual, expected);
      const rehash = used.ln < params.ln || used.r < params.r || used.p < params.p;
      return { ok, rehash };
    },
  };
}
