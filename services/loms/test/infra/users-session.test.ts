import { Code, ConnectError } from '@connectrpc/connect';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createUsersSession,
  REFUSED_SIGN_IN_PAUSE_MS,
  type SignedIn,
  SignInRefusedError,
} from '../../src/infra/users-session.ts';

/** A session over a scripted sign-in and a clock the test moves. */
function sessionWith(answers: Array<SignedIn | Error>) {
  const clock = { ms: 1_000_000 };
  let signIns = 0;
  const session = createUsersSession({
    log: pino({ level: 'silent' }),
    now: () => clock.ms,
    signIn: async () => {
      const answer = answers[signIns++];
      await new Promise((r) => setTimeout(r, 5));
      if (!answer) throw new Error('no more answers scripted');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  return { session, clock, signIns: () => signIns };
}

const token = (accessToken: string): SignedIn => ({ accessToken, expiresInSeconds: 100 });

describe('the users session', () => {
  it('signs in once for concurrent callers and reuses the token', async () => {
    const { session, signIns } = sessionWith([token('a')]);
    const all = await Promise.all([
      session.authorization(),
      session.authorization(),
      session.authorization(),
    ]);
    expect(all).toEqual(['Bearer a', 'Bearer a', 'Bearer a']);
    expect(await session.authorization()).toBe('Bearer a');
    expect(signIns()).toBe(1);
  });

  it('renews the token once 80% of its lifetime has passed', async () => {
    const { session, clock, signIns } = sessionWith([token('a'), token('b')]);
    await session.authorization();
    clock.ms += 79_000;
    expect(await session.authorization()).toBe('Bearer a');
    clock.ms += 1_000;
    expect(await session.authorization()).toBe('Bearer b');
    expect(signIns()).toBe(2);
  });

  it('signs in again after the token it gave was refused, and only for that token', async () => {
    const { session, signIns } = sessionWith([token('a'), token('b')]);
    await session.authorization();
    session.invalidate('Bearer stale');
    expect(await session.authorization()).toBe('Bearer a');
    session.invalidate('Bearer a');
    expect(await session.authorization()).toBe('Bearer b');
    expect(signIns()).toBe(2);
  });

  it('pauses sign-ins for a minute after the credentials are refused', async () => {
    const refused = new ConnectError('invalid email or password', Code.Unauthenticated);
    const { session, clock, signIns } = sessionWith([refused, token('a')]);
    await expect(session.authorization()).rejects.toBeInstanceOf(SignInRefusedError);
    clock.ms += REFUSED_SIGN_IN_PAUSE_MS - 1;
    await expect(session.authorization()).rejects.toThrow(/paused/);
    expect(signIns()).toBe(1);
    clock.ms += 1;
    expect(await session.authorization()).toBe('Bearer a');
  });

  it('tries again at once after the users service failed to answer', async () => {
    const down = new ConnectError('connect ECONNREFUSED', Code.Unavailable);
    const { session, signIns } = sessionWith([down, token('a')]);
    await expect(session.authorization()).rejects.toBe(down);
    expect(await session.authorization()).toBe('Bearer a');
    expect(signIns()).toBe(2);
  });
});
