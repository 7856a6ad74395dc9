import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type HandlerContext,
  type ServiceImpl,
} from '@connectrpc/connect';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOnly, callerMustBe, createAuthGuard } from '../../src/auth/auth-guard.ts';
import { createBearerHook } from '../../src/auth/bearer-hook.ts';
import { AccessTokenError, type Caller, callerOf } from '../../src/auth/caller.ts';
import { createTokenVerifier } from '../../src/auth/token-verifier.ts';
import { createServerInterceptors } from '../../src/interceptors.ts';
import { createServiceMetrics } from '../../src/metrics.ts';
import { type Key, newKey, sign, startJwks } from './jwks-fixture.ts';

let key: Key;
let jwks: Awaited<ReturnType<typeof startJwks>>;
beforeAll(async () => {
  key = await newKey('k1');
  jwks = await startJwks([key]);
});
afterAll(() => jwks.stop());

/** The comments service behind a guard, with made-up policies; its handlers record the caller they see. */
function guarded(trusted?: (header: Headers) => boolean) {
  const seen: Array<Caller | undefined> = [];
  const record = (_req: unknown, ctx: HandlerContext) => {
    seen.push(callerOf(ctx));
    return {};
  };
  const impl: ServiceImpl<typeof CommentsService> = {
    commentAdd: record,
    commentGetByID: record,
    commentEdit: record,
    commentListBySKU: record,
    commentListByUser: record,
  };
  const guard = createAuthGuard({
    service: CommentsService,
    verifier: createTokenVerifier(jwks.settings()),
    policies: {
      commentAdd: callerMustBe('user_id', (req) => req.userId),
      commentGetByID: 'signed-in',
      commentEdit: adminOnly('CommentEdit'),
      commentListBySKU: 'anyone',
      commentListByUser: callerMustBe('user_id', (req) => req.userId),
    },
    trusted: trusted && ((req) => trusted(req.header)),
  });
  const interceptors = createServerInterceptors(
    createServiceMetrics('guard_test'),
    pino({ level: 'silent' }),
    {
      guards: [guard],
    },
  );
  const transport = createRouterTransport((router) => router.service(CommentsService, impl), {
    router: { interceptors },
  });
  return { client: createClient(CommentsService, transport), seen };
}

async function failure(call: Promise<unknown>): Promise<ConnectError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  return err as ConnectError;
}

const bearer = async (claims: Parameters<typeof sign>[1] = {}) => ({
  authorization: `Bearer ${await sign(key, claims)}`,
});

describe('auth guard', () => {
  it('lets anyone call an open method without reading a token', async () => {
    const { client, seen } = guarded();
    await client.commentListBySKU({ sku: 1n }, { headers: { authorization: 'Bearer garbage' } });
    expect(seen).toEqual([undefined]);
  });

  it('answers Unauthenticated with a Bearer challenge when the token is missing or bad', async () => {
    const { client, seen } = guarded();
    const missing = await failure(client.commentGetByID({ id: 1n }));
    expect(missing.code).toBe(Code.Unauthenticated);
    expect(missing.rawMessage).toMatch(/missing access token/);
    expect(missing.metadata.get('www-authenticate')).toBe('Bearer');
    const expired = await failure(
      client.commentGetByID({ id: 1n }, { headers: await bearer({ expiresIn: -5 }) }),
    );
    expect(expired.code).toBe(Code.Unauthenticated);
    expect(expired.rawMessage).toBe('access token has expired');
    expect(expired.metadata.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(seen).toEqual([]);
  });

  it('gives the handler the signed-in caller', async () => {
    const { client, seen } = guarded();
    await client.commentGetByID({ id: 1n }, { headers: await bearer({ sub: '7' }) });
    expect(seen).toEqual([{ userId: 7n, role: 'customer' }]);
  });

  it("refuses a request naming another user's id with PermissionDenied, before validation", async () => {
    const { client, seen } = guarded();
    const headers = await bearer({ sub: '7' });
    const other = await failure(client.commentAdd({ userId: 8n, sku: 1n, comment: 'hi' }, { headers }));
    expect(other.code).toBe(Code.PermissionDenied);
    expect(other.rawMessage).toBe('permission denied: user_id 8 is not the signed-in user');
    // An invalid request (no text) of another user learns nothing about its validity.
    expect((await failure(client.commentAdd({ userId: 8n, sku: 1n }, { headers }))).code).toBe(
      Code.PermissionDenied,
    );
    expect((await failure(client.commentAdd({ userId: 7n, sku: 1n }, { headers }))).code).toBe(
      Code.InvalidArgument,
    );
    await client.commentAdd({ userId: 7n, sku: 1n, comment: 'hi' }, { headers });
    expect(seen).toEqual([{ userId: 7n, role: 'customer' }]);
  });

  const edit = { userId: 1n, commentId: 1n, newComment: 'x' };

  it('lets only an admin through an admin method', async () => {
    const { client, seen } = guarded();
    const customer = await failure(client.commentEdit(edit, { headers: await bearer() }));
    expect(customer.code).toBe(Code.PermissionDenied);
    expect(customer.rawMessage).toBe('permission denied: CommentEdit needs an admin');
    await client.commentEdit(edit, { headers: await bearer({ role: 'admin' }) });
    expect(seen).toEqual([{ userId: 42n, role: 'admin' }]);
  });

  it('lets a trusted call through without a token', async () => {
    const { client, seen } = guarded((header) => header.get('x-api-key') === 'service-key');
    await client.commentEdit(edit, { headers: { 'x-api-key': 'service-key' } });
    expect(seen).toEqual([undefined]);
    expect((await failure(client.commentEdit(edit, { headers: { 'x-api-key': 'guess' } }))).code).toBe(
      Code.Unauthenticated,
    );
  });
});

describe('bearer hook', () => {
  const hook = () => createBearerHook(createTokenVerifier(jwks.settings()));
  const reply = () => {
    const headers: Record<string, string> = {};
    return { headers, header: (name: string, value: string) => (headers[name] = value) };
  };

  it('sets the verified caller on the request', async () => {
    const request: { headers: Record<string, string>; caller?: Caller } = {
      headers: await bearer({ sub: '5' }),
    };
    await hook()(request, reply());
    expect(request.caller).toEqual({ userId: 5n, role: 'customer' });
  });

  it('throws Unauthenticated with a Bearer challenge on the reply', async () => {
    for (const [authorization, challenge] of [
      [undefined, 'Bearer'],
      ['Bearer x.y.z', 'Bearer error="invalid_token"'],
    ] as const) {
      const answer = reply();
      const request = { headers: authorization ? { authorization } : {} };
      await expect(hook()(request, answer)).rejects.toBeInstanceOf(AccessTokenError);
      expect(answer.headers['www-authenticate']).toBe(challenge);
    }
  });
});
