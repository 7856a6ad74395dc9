import type { Caller } from '../domain/access.ts';
import { AccessTokenError } from '../domain/errors.ts';
import type { UsersDeps } from './ports.ts';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/**
 * The caller an `authorization: Bearer <token>` header names, verified against the service's keys,
 * with the role their account has now: this service holds the accounts, so a token outliving a
 * deletion, a suspension or a demotion does not act with what it says (other services, which
 * cannot look, trust it until it expires).
 */
export async function authenticate(
  deps: Pick<UsersDeps, 'tokens' | 'clock' | 'repos'>,
  authorization: string | null,
): Promise<Caller> {
  if (!authorization) throw new AccessTokenError('missing access token: send authorization: Bearer <token>');
  const match = BEARER.exec(authorization);
  if (!match) throw new AccessTokenError('authorization must be "Bearer <token>"');
  const claimed = await deps.tokens.verify(match[1]!, deps.clock.now());
  const account = await deps.repos.users.find(claimed.userId);
  if (!account)
    throw new AccessTokenError(`the account of this access token (user ${claimed.userId}) no longer exists`);
  if (account.status !== 'active')
    throw new AccessTokenError(
      `the account of this access token (user ${claimed.userId}) is ${account.status}`,
    );
  return { userId: account.id, role: account.role };
}
