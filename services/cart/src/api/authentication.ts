import { assertCallerIs, type Caller, createBearerHook, type TokenVerifier } from '@marketplace/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePathId } from './path-ids.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (AUTH_MODE=jwt); undefined when the cart takes user ids as given. */
    caller: Caller | undefined;
  }
}

/** A route-level `onRequest` hook of the cart's routes. */
export type CartAuthentication = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The cart's check with AUTH_MODE=jwt, first thing on each of its routes: the bearer token is verified
 * (401 when missing or bad) and the path's `user_id` must be the token's subject (403 otherwise),
 * before the path and body are validated, so a caller without access learns nothing about the request.
 * A `user_id` that is no valid id is left to the path check (400): it is nobody's.
 */
export function createCartAuthentication(verifier: TokenVerifier): CartAuthentication {
  const bearer = createBearerHook(verifier);
  return async (request, reply) => {
    await bearer(request, reply);
    const userId = validId((request.params as { user_id?: string }).user_id);
    if (userId !== undefined) assertCallerIs(request.caller, 'user_id', userId);
  };
}

function validId(text: string | undefined): bigint | undefined {
  try {
    return parsePathId('user_id', text);
  } catch {
    return undefined;
  }
}
