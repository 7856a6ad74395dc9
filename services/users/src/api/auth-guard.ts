import type { MessageShape } from '@bufbuild/protobuf';
import type { Interceptor } from '@connectrpc/connect';
import { PermissionDeniedError } from '@marketplace/platform';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { authenticate } from '../app/authenticate.ts';
import type { UsersDeps } from '../app/ports.ts';
import { assertAccountAccess, assertAdmin, type Caller } from '../domain/access.ts';
import { needsAdmin, selectUpdateFields } from '../domain/user-update.ts';
import { updateValuesOf } from './user-message.ts';

type Methods = typeof UserService.method;

/** Who may call a method: anyone, or a signed-in caller the check lets through (it throws otherwise). */
type Policy<Request> = 'anyone' | ((caller: Caller, request: Request) => void);

/** One policy per method of the service: the compiler refuses a method without one. */
const POLICIES: { [K in keyof Methods]: Policy<MessageShape<Methods[K]['input']>> } = {
  createUser: 'anyone',
  signIn: 'anyone',
  getJwks: 'anyone',
  getUser: (caller, request) => assertAccountAccess(caller, request.id),
  deleteUser: (caller, request) => assertAccountAccess(caller, request.id),
  listUsers: (caller) => assertAdmin(caller, 'ListUsers'),
  updateUser: (caller, request) => {
    assertAccountAccess(caller, request.id);
    const { fields } = selectUpdateFields(request.updateMask?.paths ?? [], updateValuesOf(request.user));
    if (needsAdmin(fields)) assertAdmin(caller, 'changing status or role');
  },
};

/**
 * Authorizes each call of UserService by its method's policy, whatever AUTH_MODE says elsewhere:
 * the bearer token is verified against the service's own keys and the account it names must still
 * be active (Unauthenticated otherwise), then the policy decides with the account's current role
 * (PermissionDenied). Other services (health, reflection) pass.
 */
export function createAuthGuard(deps: Pick<UsersDeps, 'tokens' | 'clock' | 'repos'>): Interceptor {
  return (next) => async (req) => {
    if (req.service.typeName !== UserService.typeName) return next(req);
    const policy = POLICIES[req.method.localName as keyof Methods] as Policy<unknown> | undefined;
    if (policy === 'anyone') return next(req);
    if (policy === undefined || req.stream) throw new PermissionDeniedError('permission denied');
    const caller = await authenticate(deps, req.header.get('authorization'));
    policy(caller, req.message);
    return next(req);
  };
}
