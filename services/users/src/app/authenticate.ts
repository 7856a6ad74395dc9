import type { Caller } from '../domain/access.ts';
import { AccessTokenError } from '../domain/errors.ts';
import type { UsersDeps } from './ports.ts';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/** The caller an `authorization: Bearer <token>` header names, verified against the service's keys. */
export async function authenticate(
  deps: Pick<UsersDeps, 'tokens' | 'clock'>,
  authorization: string | null,
): Promise<Caller> {
  if (!authorization) throw new AccessTokenError('missing access token: send authorization: Bearer <token>');
  const match = BEARER.exec(authorization);
  if (!match) throw new AccessTokenError('authorization must be "Bearer <token>"');
  return deps.tokens.verify(match[1]!, deps.clock.now());
}
