import { describe, expect, it } from 'vitest';
import { createScryptPasswordHasher } from '../../src/infra/scrypt-password-hasher.ts';

const hasher = createScryptPasswordHasher({ ln: 10, r: 8, p: 1 });

describe('scrypt password hashes', () => {
  it('verify the password they were made from and no other', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(await hasher.verify('correct horse battery', stored)).toEqual({ ok: true, rehash: false });
    expect((await hasher.verify('correct horse battery!', stored)).ok).toBe(false);
  });

  it('carry their parameters, so a stronger hasher still verifies them and asks for a rehash', async () => {
    const stored = await hasher.hash('old-parameters');
    const stronger = createScryptPasswordHasher({ ln: 11, r: 8, p: 1 });
    expect(await stronger.verify('old-parameters', stored)).toEqual({ ok: true, rehash: true });
    expect(await stronger.hash('x'.repeat(8))).toMatch(/^scrypt\$ln=11,r=8,p=1\$/);
  });

  it('fail without a stored hash (unknown email) after doing the same work', async () => {
    expect(await hasher.verify('anything-at-all', undefined)).toEqual({ ok: false, rehash: false });
  });

  it('match a password however its characters are composed (Unicode NFC)', async () => {
    const stored = await hasher.hash('caf\u00e9-password');
    expect((await hasher.verify('cafe\u0301-password', stored)).ok).toBe(true);
  });

  it('refuse a stored value that is not a scrypt hash', async () => {
    await expect(hasher.verify('password', 'plain-text')).rejects.toThrow('not in the scrypt format');
  });
});
