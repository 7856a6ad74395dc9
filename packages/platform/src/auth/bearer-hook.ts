import type { IncomingHttpHeaders } from 'node:http';
import { bearerChallenge } from './auth-guard.ts';
import { AccessTokenError, type Caller } from './caller.ts';
import type { TokenVerifier } from './token-verifier.ts';

/** The parts of an HTTP framework's request (Fastify's) the hook reads and writes. */
export interface BearerHookRequest {
  headers: IncomingHttpHeaders;
  /** The verified caller, once the hook has run. */
  caller?: Caller | undefined;
}

/** The part of an HTTP framework's reply (Fastify's) the hook uses. */
export interface BearerHookReply {
  header(name: string, value: string): unknown;
}

/**
 * An `onRequest` hook for HTTP-only services (the cart's Fastify routes), the counterpart of the
 * gRPC auth guard: verifies `authorization: Bearer <token>` and sets `request.caller`. A missing or
 * bad token throws AccessTokenError (Unauthenticated, 401 by the service's error mapping) after
 * setting `www-authenticate` on the reply; UnavailableError when the keys cannot be fetched.
 */
export function createBearerHook(verifier: TokenVerifier) {
  return async (request: BearerHookRequest, reply: BearerHookReply): Promise<void> => {
    const authorization = request.headers.authorization;
    try {
      request.caller = await verifier.authenticate(authorization);
    } catch (err) {
      if (err instanceof AccessTokenError) reply.header('www-authenticate', bearerChallenge(authorization));
      throw err;
    }
  };
}
