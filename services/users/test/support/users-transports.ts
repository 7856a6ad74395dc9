import type { JsonObject } from '@bufbuild/protobuf';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { type CallResult, type RestRoute, serviceTransports } from '@marketplace/testkit';
import type { TestUsers } from './test-users.ts';

export type { CallResult };
export type UsersMethod = keyof typeof UserService.method;

const query = (request: JsonObject) =>
  new URLSearchParams(
    Object.entries(request).flatMap(
      ([key, value]): Array<[string, string]> => (value === undefined ? [] : [[key, String(value)]]),
    ),
  ).toString();

/** How each users method is called over REST, as its google.api.http rule says. */
const restRoutes: Record<UsersMethod, RestRoute> = {
  createUser: (req) => ({ method: 'POST', path: '/api/v1/users', body: req, responseBody: 'user' }),
  getUser: (req) => ({ method: 'GET', path: `/api/v1/users/${req.id}`, responseBody: 'user' }),
  listUsers: (req) => ({ method: 'GET', path: `/api/v1/users?${query(req)}` }),
  updateUser: (req) => ({
    method: 'PATCH',
    path: `/api/v1/users/${req.id}`,
    body: req.user as JsonObject,
    responseBody: 'user',
  }),
  deleteUser: (req) => ({ method: 'DELETE', path: `/api/v1/users/${req.id}` }),
  signIn: (req) => ({ method: 'POST', path: '/api/v1/auth/token', body: req }),
  getJwks: () => ({ method: 'GET', path: '/.well-known/jwks.json' }),
};

/** The users service over grpc-js, connect-es (JSON, binary, gRPC-Web) and REST; every contract test runs through each. */
export function usersTransports(t: () => TestUsers) {
  return serviceTransports(UserService, () => ({ grpc: t().grpc, httpBase: t().httpBase }), restRoutes);
}

/** The header that carries an access token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
