import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { AccessTokenError, PasswordHashingBusyError, TooManySignInFailuresError } from '../domain/errors.ts';

/**
 * The domain errors whose answer carries headers besides code and message: `retry-after` (whole
 * seconds) on a sign-in refused for too many failures or for hashing slots all taken, `www-authenticate` on a missing or bad
 * access token (RFC 6750). Every other error goes on to the platform's mapping unchanged.
 */
export function createErrorHeaders(): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (err) {
      if (err instanceof TooManySignInFailuresError || err instanceof PasswordHashingBusyError)
        throw new ConnectError(err.message, Code.ResourceExhausted, {
          'retry-after': String(err.retryAfterSeconds),
        });
      if (err instanceof AccessTokenError)
        throw new ConnectError(err.message, Code.Unauthenticated, {
          'www-authenticate': 'Bearer error="invalid_token"',
        });
      throw err;
    }
  };
}
