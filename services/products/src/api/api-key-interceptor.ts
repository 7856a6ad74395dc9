import { createHash, timingSafeEqual } from 'node:crypto';
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import type { CallName } from './products-access.ts';

/** The request header (gRPC metadata) that carries the caller's API key. */
export const API_KEY_HEADER = 'x-api-key';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Refuses the calls `guarded` picks that do not carry one of `keys` in X-API-KEY, with
 * Unauthenticated (HTTP 401). Other calls (health, reflection) stay open.
 * Keys are compared as digests in constant time, so timing does not leak how much of a key matched.
 */
export function createApiKeyInterceptor(
  keys: readonly string[],
  guarded: (call: CallName) => boolean,
): Interceptor {
  const known = keys.map(digest);
  return (next) => async (req) => {
    if (!guarded(req)) return next(req);
    const key = req.header.get(API_KEY_HEADER);
    if (!key) throw new ConnectError('missing X-API-KEY header', Code.Unauthenticated);
    const given = digest(key);
    if (!known.some((k) => timingSafeEqual(k, given)))
      throw new ConnectError('invalid X-API-KEY', Code.Unauthenticated);
    return next(req);
  };
}
