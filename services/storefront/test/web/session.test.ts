import { describe, expect, it } from 'vitest';
import { createSession, SESSION_KEY, type SessionStorageLike, subjectOf } from '../../src/web/session.ts';

/** A JWT-shaped token (the page does not check signatures) with `claims` as its payload. */
const tokenOf = (claims: object) =>
  ['{"alg":"ES256","kid":"k"}', JSON.stringify(claims)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');

function memoryStorage(
  initial: Record<string, string> = {},
): SessionStorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
    removeItem: (key) => {
      delete data[key];
    },
  };
}

describe('subjectOf', () => {
  it("reads the user id of a token's sub, exactly, base64url with or without padding", () => {
    expect(subjectOf(tokenOf({ sub: '42', role: 'customer' }))).toBe('42');
    expect(subjectOf(tokenOf({ sub: '9223372036854775807' }))).toBe('9223372036854775807');
    // Payload bytes that base64url writes with - and _.
    expect(subjectOf(tokenOf({ sub: '7', name: '>>>???' }))).toBe('7');
  });

  it.each([
    ['no sub', tokenOf({ role: 'customer' })],
    ['a numeric sub', tokenOf({ sub: 42 })],
    ['sub 0', tokenOf({ sub: '0' })],
    ['sub past int64', tokenOf({ sub: '9223372036854775808' })],
    ['two parts', 'a.b'],
    ['a payload that is not JSON', 'a.bm90IGpzb24.c'],
    ['an empty token', ''],
  ])('answers undefined for %s', (_case, token) => {
    expect(subjectOf(token)).toBeUndefined();
  });
});

describe('createSession', () => {
  const now = () => 1_000_000;

  it('starts with the user the token names, until it expires', () => {
    let clock = 1_000_000;
    const session = createSession(memoryStorage(), () => clock);
    const token = tokenOf({ sub: '5' });
    expect(session.start(token, 3600)).toEqual({
      userId: '5',
      accessToken: token,
      expiresAt: 1_000_000 + 3_600_000,
    });
    clock += 3_599_999;
    expect(session.current()?.userId).toBe('5');
    clock += 1;
    expect(session.current()).toBeUndefined();
  });

  it('refuses a token that names no user', () => {
    const storage = memoryStorage();
    const session = createSession(storage, now);
    session.start(tokenOf({ sub: '5' }), 60);
    expect(session.start('garbage', 60)).toBeUndefined();
    expect(session.current()).toBeUndefined();
    expect(storage.data[SESSION_KEY]).toBeUndefined();
  });

  it('keeps the session in storage, so a reload of the tab is still signed in, with the name', () => {
    const storage = memoryStorage();
    const first = createSession(storage, now);
    first.start(tokenOf({ sub: '5' }), 60);
    first.describe({ name: 'Ann', email: 'ann@example.com' });
    expect(createSession(storage, now).current()).toMatchObject({
      userId: '5',
      name: 'Ann',
      email: 'ann@example.com',
    });
  });

  it('forgets the session on sign-out', () => {
    const storage = memoryStorage();
    const session = createSession(storage, now);
    session.start(tokenOf({ sub: '5' }), 60);
    session.end();
    expect(session.current()).toBeUndefined();
    expect(createSession(storage, now).current()).toBeUndefined();
  });

  it.each([
    ['not JSON', '{'],
    ['no token', JSON.stringify({ userId: '5', expiresAt: 2_000_000 })],
    [
      'a user id the token does not name',
      JSON.stringify({ userId: '6', accessToken: tokenOf({ sub: '5' }), expiresAt: 2_000_000 }),
    ],
    [
      'an expired token',
      JSON.stringify({ userId: '5', accessToken: tokenOf({ sub: '5' }), expiresAt: 999_999 }),
    ],
  ])('counts a stored session with %s as signed out', (_case, stored) => {
    expect(createSession(memoryStorage({ [SESSION_KEY]: stored }), now).current()).toBeUndefined();
  });

  it('lives in memory when there is no storage, or it refuses writes', () => {
    const memory = createSession(undefined, now);
    memory.start(tokenOf({ sub: '5' }), 60);
    expect(memory.current()?.userId).toBe('5');
    const refusing = createSession(
      {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
        removeItem: () => undefined,
      },
      now,
    );
    expect(refusing.start(tokenOf({ sub: '5' }), 60)?.userId).toBe('5');
  });
});
