import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateRequest } from '@marketplace/platform';
import {
  CreateUserResponseSchema,
  DeleteUserResponseSchema,
  GetJwksResponseSchema,
  GetUserResponseSchema,
  ListUsersResponseSchema,
  SignInResponseSchema,
  UpdateUserResponseSchema,
  type UserService,
} from '@marketplace/proto/marketplace/users/v1/users_pb';
import { createUser } from '../app/create-user.ts';
import { deleteUser } from '../app/delete-user.ts';
import { getUser } from '../app/get-user.ts';
import { listUsers } from '../app/list-users.ts';
import type { UsersDeps } from '../app/ports.ts';
import { signIn } from '../app/sign-in.ts';
import { updateUser } from '../app/update-user.ts';
import type { UserStatus } from '../domain/user.ts';
import { selectUpdateFields, UPDATABLE_FIELDS } from '../domain/user-update.ts';
import { toUserMessage, updateValuesOf } from './user-message.ts';

/** How long clients and proxies may keep the JWKS: verifiers refetch it anyway on an unknown kid. */
const JWKS_MAX_AGE_SECONDS = 300;

/**
 * Runs each users call's use case and encodes the answer. Requests arrive authorized (the auth
 * guard) and checked against the rules of users.proto (the validation interceptor); the update
 * mask, which the rules cannot judge, is checked here.
 */
export function createUsersHandlers(deps: UsersDeps) {
  return {
    async createUser(req) {
      const user = await createUser(deps, { email: req.email, name: req.name, password: req.password });
      return create(CreateUserResponseSchema, { user: toUserMessage(user) });
    },

    async getUser(req) {
      return create(GetUserResponseSchema, { user: toUserMessage(await getUser(deps, req.id)) });
    },

    async listUsers(req) {
      const filter = {
        search: req.search || undefined,
        status: (req.status || undefined) as UserStatus | undefined,
      };
      const page = await listUsers(deps, filter, { page: req.page, pageSize: req.pageSize });
      return create(ListUsersResponseSchema, { ...page, users: page.users.map(toUserMessage) });
    },

    async updateUser(req) {
      const values = updateValuesOf(req.user);
      const { fields, unknown, unset } = selectUpdateFields(req.updateMask?.paths ?? [], values);
      const allowed = UPDATABLE_FIELDS.join(', ');
      validateRequest('UpdateUserRequest')
        .check(
          'update_mask',
          unknown.length === 0,
          `unknown field(s) ${unknown.join(', ')}; allowed: ${allowed}`,
        )
        .check('user', unset.length === 0, `field(s) ${unset.join(', ')} named in update_mask must be set`)
        .check('user', fields.length > 0 || unknown.length > 0, `value must set at least one of ${allowed}`)
        .assert();
      return create(UpdateUserResponseSchema, {
        user: toUserMessage(await updateUser(deps, req.id, values, fields)),
      });
    },

    async deleteUser(req) {
      await deleteUser(deps, req.id);
      return create(DeleteUserResponseSchema);
    },

    async signIn(req, ctx) {
      const { token, expiresInSeconds } = await signIn(deps, { email: req.email, password: req.password });
      // RFC 6749 5.1: answers holding tokens are never cached.
      ctx.responseHeader.set('cache-control', 'no-store');
      return create(SignInResponseSchema, {
        accessToken: token,
        tokenType: 'Bearer',
        expiresIn: expiresInSeconds,
      });
    },

    async getJwks(_req, ctx) {
      ctx.responseHeader.set('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      return create(GetJwksResponseSchema, { keys: deps.tokens.publicKeys() });
    },
  } satisfies ServiceImpl<typeof UserService>;
}
