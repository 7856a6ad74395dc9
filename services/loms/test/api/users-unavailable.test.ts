import { Code, ConnectError } from '@connectrpc/connect';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import { eventually, freePort, type H2cServer, sampleValue, startH2cServer } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLoms, type TestLoms } from '../support/test-loms.ts';

const SETTINGS = {
  USERS_CHECK: 'on',
  USERS_EMAIL: 'loms@example.com',
  USERS_PASSWORD: 'loms-password',
  USERS_CALL_TIMEOUT: '200ms',
  USERS_RETRY_ATTEMPTS: '2',
  USERS_BREAKER_FAILURES: '6',
  USERS_BREAKER_HALF_OPEN_AFTER: '500ms',
};

/** Places an order of one unit of `sku` over gRPC; its id, or the error's code. */
async function place(t: TestLoms, sku: bigint, userId = 5n) {
  try {
    return (await t.grpc.call('orderCreate', { userId, items: [{ sku, count: 1 }] })).orderId;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

async function metric(t: TestLoms, name: string, labels: Record<string, string>) {
  return sampleValue((await t.http('/metrics')).text, name, labels);
}

const unchecked = (t: TestLoms, reason: string) => metric(t, 'loms_orders_user_unchecked_total', { reason });
const breaker = (t: TestLoms, state: string) =>
  metric(t, 'client_circuit_breaker_state', { client: 'users', state });

describe('with the users service down', () => {
  let t: TestLoms;
  beforeAll(async () => {
    t = await startTestLoms({ ...SETTINGS, USERS_GRPC_ADDRESS: `127.0.0.1:${await freePort()}` });
    await t.addStock(1n, 100n);
  });
  afterAll(() => t?.stop());

  it('accepts orders and counts them, then opens the breaker and stops calling', async () => {
    // Sign-in fails (1 attempt), so each order is one failure: six of them open the breaker.
    for (let i = 1; i <= 6; i++) {
      expect(typeof (await place(t, 1n))).toBe('bigint');
      expect(await unchecked(t, 'unavailable')).toBe(i);
    }
    expect(await breaker(t, 'open')).toBe(1);
    const orderId = await place(t, 1n);
    expect(await t.grpc.call('orderInfo', { orderId: orderId as bigint })).toMatchObject({
      status: 'awaiting payment',
    });
    expect(await unchecked(t, 'circuit_open')).toBe(1);
    expect((await t.stock(1n)).reserved).toBe(7n);
  });
});

describe('against a users service that misbehaves', () => {
  let t: TestLoms;
  let users: H2cServer;
  const stub = {
    getUser: 'active' as 'active' | 'suspended' | 'unavailable' | 'hang',
    password: 'loms-password',
    /** The one token GetUser accepts: the latest signed in for; undefined refuses every token. */
    validToken: undefined as string | undefined,
    signIns: 0,
    getUsers: 0,
    authorizations: new Set<string | null>(),
  };

  beforeAll(async () => {
    users = await startH2cServer((router) =>
      router.service(UserService, {
        signIn(req) {
          stub.signIns++;
          if (req.email !== SETTINGS.USERS_EMAIL || req.password !== stub.password)
            throw new ConnectError('invalid email or password', Code.Unauthenticated);
          stub.validToken = `token-${stub.signIns}`;
          return { accessToken: stub.validToken, tokenType: 'Bearer', expiresIn: 3600 };
        },
        async getUser(req, ctx) {
          stub.getUsers++;
          const authorization = ctx.requestHeader.get('authorization');
          stub.authorizations.add(authorization);
          if (authorization !== `Bearer ${stub.validToken}`)
            throw new ConnectError('access token expired', Code.Unauthenticated);
          if (stub.getUser === 'unavailable') throw new ConnectError('not serving', Code.Unavailable);
          if (stub.getUser === 'hang') await new Promise((r) => setTimeout(r, 1_000));
          const status = stub.getUser === 'suspended' ? 'suspended' : 'active';
          return { user: { id: req.id, email: 'a@example.com', name: 'A', status, role: 'customer' } };
        },
      }),
    );
    t = await startTestLoms({ ...SETTINGS, USERS_GRPC_ADDRESS: users.address });
    await t.addStock(2n, 1_000n);
  });
  afterAll(async () => {
    await t?.stop();
    await users?.close();
  });

  it('calls GetUser with the token it signed in for, signing in once', async () => {
    for (let i = 0; i < 3; i++) expect(typeof (await place(t, 2n))).toBe('bigint');
    expect([stub.signIns, stub.getUsers, [...stub.authorizations]]).toEqual([1, 3, ['Bearer token-1']]);
  });

  it('signs in again when the users service refuses its token', async () => {
    stub.validToken = undefined;
    expect(typeof (await place(t, 2n))).toBe('bigint');
    expect(stub.signIns).toBe(2);
    expect(await unchecked(t, 'error')).toBe(0);
    stub.getUser = 'suspended';
    expect(await place(t, 2n)).toBe(Code.PermissionDenied);
  });

  it('gives up on a hanging GetUser at its deadline and accepts the order', async () => {
    stub.getUser = 'hang';
    const started = Date.now();
    expect(typeof (await place(t, 2n))).toBe('bigint');
    // Two attempts of 200 ms and a backoff of at most 100 ms, not the second the stub takes.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await unchecked(t, 'unavailable')).toBe(1);
  });

  it('opens the breaker after repeated failures, then lets a trial through and checks again', async () => {
    stub.getUser = 'active';
    expect(typeof (await place(t, 2n))).toBe('bigint');
    stub.getUser = 'unavailable';
    const before = stub.getUsers;
    // Each order makes two failed attempts: three orders make the six failures that open it.
    for (let i = 0; i < 3; i++) expect(typeof (await place(t, 2n))).toBe('bigint');
    expect(stub.getUsers - before).toBe(6);
    expect(await breaker(t, 'open')).toBe(1);
    expect(await metric(t, 'client_retries_total', { client: 'users' })).toBeGreaterThanOrEqual(3);

    expect(typeof (await place(t, 2n))).toBe('bigint');
    expect(stub.getUsers - before).toBe(6);
    expect(await unchecked(t, 'circuit_open')).toBe(1);

    stub.getUser = 'suspended';
    await new Promise((r) => setTimeout(r, 600));
    expect(await place(t, 2n)).toBe(Code.PermissionDenied);
    await eventually('breaker closed', async () => (await breaker(t, 'closed')) === 1);
  });

  it('accepts orders unchecked while its credentials are refused, without signing in again for a while', async () => {
    stub.getUser = 'active';
    stub.password = 'rotated';
    stub.validToken = undefined;
    const signIns = stub.signIns;
    // The token is refused, then the sign-in for a new one: the order goes ahead, counted.
    expect(typeof (await place(t, 2n))).toBe('bigint');
    // Sign-ins are paused now: the next order is not held up by another refused attempt.
    expect(typeof (await place(t, 2n))).toBe('bigint');
    expect(stub.signIns - signIns).toBe(1);
    expect(await unchecked(t, 'error')).toBe(2);
  });
});
