import { ConnectError } from '@connectrpc/connect';
import { isServerFailure, type Logger } from '@marketplace/platform';

export interface SignedIn {
  accessToken: string;
  expiresInSeconds: number;
}

export interface UsersSessionOptions {
  /** Signs LOMS's account in; rejects with the call's error. */
  signIn: () => Promise<SignedIn>;
  log: Logger;
  /** Milliseconds since the epoch (tests pass their own). */
  now?: () => number;
}

/** LOMS's access token for the users service, signed in for when needed and reused until it ages. */
export interface UsersSession {
  /** The `authorization` header for the next call. Concurrent callers share one sign-in. */
  authorization(): Promise<string>;
  /** Drops `authorization` after the users service refused it (expired early, or its key was rotated out). */
  invalidate(authorization: string): void;
}

/**
 * After the users service refuses the credentials, no sign-in is tried for this long: each refusal
 * counts against the account (5 a minute lock it), so a wrong password must not lock it out for good.
 */
export const REFUSED_SIGN_IN_PAUSE_MS = 60_000;
/** A token is renewed once this share of its lifetime has passed, so no call carries one about to expire. */
const RENEW_AFTER_SHARE = 0.8;

/** The users service refused LOMS's credentials, now or shortly before (sign-ins are paused). */
export class SignInRefusedError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'SignInRefusedError';
  }
}

export function createUsersSession({ signIn, log, now = Date.now }: UsersSessionOptions): UsersSession {
  let current: { authorization: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let pausedUntil = 0;

  const renew = async (): Promise<string> => {
    try {
      const { accessToken, expiresInSeconds } = await signIn();
      const authorization = `Bearer ${accessToken}`;
      current = { authorization, renewAt: now() + expiresInSeconds * 1000 * RENEW_AFTER_SHARE };
      return authorization;
    } catch (err) {
      // An answer, not a failure to answer: the service looked at the credentials and said no.
      if (err instanceof ConnectError && !isServerFailure(err)) {
        pausedUntil = now() + REFUSED_SIGN_IN_PAUSE_MS;
        log.error(
          { code: err.code, reason: err.rawMessage, pausedForMs: REFUSED_SIGN_IN_PAUSE_MS },
          'users service refused LOMS sign-in: check USERS_EMAIL and USERS_PASSWORD (orders are placed unchecked meanwhile)',
        );
        throw new SignInRefusedError(`users service refused the sign-in: ${err.rawMessage}`, { cause: err });
      }
      throw err;
    } finally {
      pending = undefined;
    }
  };

  return {
    authorization() {
      if (current && now() < current.renewAt) return Promise.resolve(current.authorization);
      if (now() < pausedUntil)
        return Promise.reject(
          new SignInRefusedError(
            `sign-in paused until ${new Date(pausedUntil).toISOString()} after a refusal`,
          ),
        );
      pending ??= renew();
      return pending;
    },
    invalidate(authorization) {
      if (current?.authorization === authorization) current = undefined;
    },
  };
}
