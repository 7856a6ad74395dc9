import { Code, ConnectError } from '@connectrpc/connect';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { type H2cServer, startH2cServer } from '@marketplace/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLomsConfig } from '../../src/config.ts';
import { createUsersDirectory, type UsersDirectory } from '../../src/infra/users-directory.ts';

let users: H2cServer;
let directory: UsersDirectory;
const seen: Array<string | null> = [];
let signIns = 0;

beforeAll(async () => {
  users = await startH2cServer((router) =>
    router.service(UserService, {
      signIn() {
        signIns++;
        return { accessToken: 'service', tokenType: 'Bearer', expiresIn: 3600 };
      },
      getUser(req, ctx) {
        const authorization = ctx.requestHeader.get('authorization');
        seen.push(authorization);
        // As the users service: a customer may read only their own account.
        if (authorization !== `Bearer user-${req.id}`)
          throw new ConnectError('not your account', Code.PermissionDenied);
        return { user: { id: req.id, status: req.id === 2n ? 'suspended' : 'active' } };
      },
    }),
  );
  const { users: settings } = readLomsConfig({ AUTH_MODE: 'jwt', USERS_GRPC_ADDRESS: users.address });
  directory = createUsersDirectory(settings, [], pino({ level: 'silent' }), new Registry());
});
afterAll(async () => {
  directory?.close();
  await users?.close();
});

describe('the users directory without an account of its own', () => {
  it("asks GetUser with the caller's own token, signing in for nothing", async () => {
    expect(await directory.standing(1n, 'Bearer user-1')).toEqual({ kind: 'known', status: 'active' });
    expect(await directory.standing(2n, 'Bearer user-2')).toEqual({ kind: 'known', status: 'suspended' });
    expect(seen).toEqual(['Bearer user-1', 'Bearer user-2']);
    expect(signIns).toBe(0);
  });

  it('cannot tell, without counting a failure of the service, when the token is refused or missing', async () => {
    expect(await directory.standing(1n, 'Bearer user-3')).toEqual({ kind: 'unchecked', reason: 'error' });
    expect(await directory.standing(1n)).toEqual({ kind: 'unchecked', reason: 'error' });
    expect(directory.circuit).toBe('closed');
  });
});
