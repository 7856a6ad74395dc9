import type http2 from 'node:http2';
import { create, type DescMessage, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { ProductService } from '@marketplace/proto/marketplace/products/v1/products_pb';
import { UserService } from '@marketplace/proto/marketplace/users/v1/users_pb';
import type { FuzzService, FuzzServiceName } from './fuzz-stack.ts';
import { sendH2, withOwnSession } from './h2-client.ts';
import { grpcFrame } from './payloads.ts';
import type { Rng } from './prng.ts';

/** The outcome of the closing check of one service: what was asked and what was wrong. */
export interface ServiceCheck {
  service: FuzzServiceName;
  ok: boolean;
  steps: Array<{ what: string; ok: boolean; got: string }>;
}

/**
 * After the fuzzing, each service must still do its job: valid requests over REST, Connect and
 * gRPC with fresh ids (int64 beyond 2^53, so exactness is checked too), answered correctly.
 */
export async function checkServices(
  services: readonly FuzzService[],
  apiKey: string,
  rng: Rng,
): Promise<ServiceCheck[]> {
  const port = (name: FuzzServiceName, listener: 'http' | 'grpc' = 'http') => {
    const s = services.find((x) => x.name === name);
    return s ? (listener === 'http' ? s.httpPort : s.grpcPort) : undefined;
  };
  const big = (base: bigint) => base + BigInt(rng.int(1, 1_000_000_000));
  const sku = big(9_000_000_000_000_000_000n);
  const productSku = big(8_000_000_000_000_000_000n);
  const userId = big(7_000_000_000_000_000_000n);
  const checks: ServiceCheck[] = [];
  const run = async (service: FuzzServiceName, steps: Array<() => Promise<[string, boolean, string]>>) => {
    if (!services.some((s) => s.name === service)) return;
    const done: ServiceCheck = { service, ok: true, steps: [] };
    for (const step of steps) {
      let result: [string, boolean, string];
      try {
        result = await step();
      } catch (err) {
        result = ['(step threw)', false, (err as Error).message];
      }
      done.steps.push({ what: result[0], ok: result[1], got: result[2].slice(0, 300) });
      if (!result[1]) done.ok = false;
    }
    checks.push(done);
  };
  const http = async (
    p: number | undefined,
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`http://127.0.0.1:${p}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  };
  const key = { 'x-api-key': apiKey };

  await run('loms', [
    async () => {
      const r = await http(port('loms'), 'POST', '/stock/set', `{"sku":"${sku}","totalCount":7}`);
      return ['REST POST /stock/set', r.status === 200, `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('loms'), 'GET', `/stock/info?sku=${sku}`);
      return [
        'REST GET /stock/info -> {"count":7}',
        r.status === 200 && JSON.parse(r.text).count === 7,
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const r = await http(
        port('loms'),
        'POST',
        '/marketplace.loms.v1.LomsService/StocksInfo',
        `{"sku":${sku}}`,
      );
      return [
        'Connect JSON StocksInfo -> count 7',
        r.status === 200 && JSON.parse(r.text).count === 7,
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const m = LomsService.method.stocksInfo;
      const r = await grpcUnary(
        port('loms', 'grpc'),
        `/${LomsService.typeName}/${m.name}`,
        m.input,
        { sku },
        m.output,
        {},
      );
      return [
        'gRPC StocksInfo -> count 7',
        r.status === '0' && (r.message as { count?: number })?.count === 7,
        describeGrpc(r),
      ];
    },
  ]);

  await run('products', [
    async () => {
      const r = await http(
        port('products'),
        'POST',
        '/product',
        `{"sku":${productSku},"name":"Fuzz check","price":123}`,
        key,
      );
      return [
        'REST POST /product -> 200 or 201',
        r.status === 200 || r.status === 201,
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const r = await http(port('products'), 'GET', `/product/${productSku}`, undefined, key);
      return [
        'REST GET /product/{sku} -> the created product',
        r.status === 200 && r.text.includes(`"${productSku}"`) && JSON.parse(r.text).name === 'Fuzz check',
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const m = ProductService.method.getProduct;
      const r = await grpcUnary(
        port('products', 'grpc'),
        `/${ProductService.typeName}/${m.name}`,
        m.input,
        { sku: productSku },
        m.output,
        key,
      );
      const product = (r.message as { product?: { sku: bigint; name: string } })?.product;
      return [
        'gRPC GetProduct -> the created product',
        r.status === '0' && product?.sku === productSku && product.name === 'Fuzz check',
        describeGrpc(r),
      ];
    },
    async () => {
      const r = await http(port('products'), 'GET', `/product/${productSku}`);
      return ['REST GET /product/{sku} without X-API-KEY -> 401', r.status === 401, `${r.status} ${r.text}`];
    },
  ]);

  let commentId = '';
  await run('comments', [
    async () => {
      const r = await http(
        port('comments'),
        'POST',
        '/comment/add',
        `{"user_id":${userId},"sku":${productSku},"comment":"fuzz check"}`,
      );
      commentId = r.status === 200 ? String(JSON.parse(r.text).id) : '';
      return ['REST POST /comment/add', r.status === 200 && commentId !== '', `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('comments'), 'POST', '/comment/get-by-id', `{"id":${commentId || 1}}`);
      return [
        'REST POST /comment/get-by-id -> the comment',
        r.status === 200 && JSON.parse(r.text).comment === 'fuzz check' && r.text.includes(`"${userId}"`),
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const m = CommentsService.method.commentListBySKU;
      const r = await grpcUnary(
        port('comments', 'grpc'),
        `/${CommentsService.typeName}/${m.name}`,
        m.input,
        { sku: productSku },
        m.output,
        {},
      );
      const comments = (r.message as { comments?: Array<{ comment: string }> })?.comments ?? [];
      return [
        'gRPC CommentListBySKU -> one comment',
        r.status === '0' && comments.length === 1 && comments[0]?.comment === 'fuzz check',
        describeGrpc(r),
      ];
    },
  ]);

  const account = {
    email: `fuzz-check-${rng.int(1, 1_000_000_000)}@example.com`,
    name: 'Fuzz Check',
    password: 'fuzz check password',
  };
  let accountId = '';
  let accessToken = '';
  await run('users', [
    async () => {
      const r = await http(port('users'), 'POST', '/api/v1/users', JSON.stringify(account));
      accountId = r.status === 201 ? String(JSON.parse(r.text).id) : '';
      return [
        'REST POST /api/v1/users -> 201',
        r.status === 201 && accountId !== '',
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const { email, password } = account;
      const r = await http(port('users'), 'POST', '/api/v1/auth/token', JSON.stringify({ email, password }));
      accessToken = r.status === 200 ? String(JSON.parse(r.text).accessToken) : '';
      return ['REST POST /api/v1/auth/token -> a token', accessToken.length > 0, `${r.status} ${r.text}`];
    },
    async () => {
      const m = UserService.method.getUser;
      const r = await grpcUnary(
        port('users', 'grpc'),
        `/${UserService.typeName}/${m.name}`,
        m.input,
        { id: BigInt(accountId || 0) },
        m.output,
        { authorization: `Bearer ${accessToken}` },
      );
      const user = (r.message as { user?: { id: bigint; email: string } })?.user;
      return [
        'gRPC GetUser with the token -> the user',
        r.status === '0' && String(user?.id) === accountId && user?.email === account.email,
        describeGrpc(r),
      ];
    },
    async () => {
      const m = UserService.method.signIn;
      const r = await grpcUnary(
        port('users', 'grpc'),
        `/${UserService.typeName}/${m.name}`,
        m.input,
        { email: account.email, password: 'not the password' },
        m.output,
        {},
      );
      return ['gRPC SignIn with a wrong password -> UNAUTHENTICATED', r.status === '16', describeGrpc(r)];
    },
  ]);

  await run('cart', [
    async () => {
      // The product exists (products check above); give it stock.
      const r = await http(port('loms'), 'POST', '/stock/set', `{"sku":"${productSku}","totalCount":10}`);
      return ['LOMS stock for the cart check', r.status === 200, `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('cart'), 'POST', `/user/${userId}/cart/${productSku}`, '{"count":2}');
      return ['POST /user/{id}/cart/{sku} {"count":2}', r.status === 200, `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('cart'), 'GET', `/user/${userId}/cart`);
      return [
        'GET /user/{id}/cart -> the item, exact sku, total 246',
        r.status === 200 &&
          r.text.includes(`"sku":${productSku}`) &&
          /"total_price":246\b/.test(r.text) &&
          r.text.includes('"count":2'),
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const r = await http(port('cart'), 'DELETE', `/user/${userId}/cart`);
      return ['DELETE /user/{id}/cart -> 204', r.status === 204, `${r.status} ${r.text}`];
    },
  ]);

  await run('storefront', [
    async () => {
      const r = await http(port('storefront'), 'GET', '/');
      return [
        'GET / -> the page',
        r.status === 200 && /<html/i.test(r.text),
        `${r.status} ${r.text.slice(0, 80)}`,
      ];
    },
    async () => {
      const r = await http(port('storefront'), 'GET', `/api/loms/stock/info?sku=${sku}`);
      return [
        'GET /api/loms/stock/info -> {"count":7}',
        r.status === 200 && JSON.parse(r.text).count === 7,
        `${r.status} ${r.text}`,
      ];
    },
    async () => {
      const r = await http(port('storefront'), 'GET', '/api/loms/stock/set');
      return [
        'GET /api/loms/stock/set -> 404 (not on the allowlist)',
        r.status === 404,
        `${r.status} ${r.text}`,
      ];
    },
  ]);

  await run('notifier', [
    async () => {
      const r = await http(port('notifier'), 'GET', '/healthz');
      return ['GET /healthz', r.status === 200, `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('notifier'), 'GET', '/readyz');
      return ['GET /readyz', r.status === 200, `${r.status} ${r.text}`];
    },
    async () => {
      const r = await http(port('notifier'), 'GET', '/metrics');
      return [
        'GET /metrics has notifier_events_total',
        r.status === 200 && r.text.includes('notifier_events_total'),
        `${r.status} ${r.text.slice(0, 80)}`,
      ];
    },
  ]);
  return checks;
}

interface GrpcResult {
  status: string | undefined;
  grpcMessage: string | undefined;
  message: unknown;
  error?: string;
}

async function grpcUnary<I extends DescMessage, O extends DescMessage>(
  port: number | undefined,
  path: string,
  input: I,
  init: MessageInitShape<I>,
  output: O,
  metadata: Record<string, string>,
): Promise<GrpcResult> {
  if (!port) return { status: undefined, grpcMessage: undefined, message: undefined, error: 'no gRPC port' };
  const body = grpcFrame(Buffer.from(toBinary(input, create(input, init))));
  const answer = await withOwnSession(port, (session: http2.ClientHttp2Session) =>
    sendH2(session, {
      headers: {
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...metadata,
      },
      body,
      timeoutMs: 10_000,
    }),
  );
  const status = answer.trailers['grpc-status'] ?? answer.headers['grpc-status'];
  const grpcMessage = answer.trailers['grpc-message'] ?? answer.headers['grpc-message'];
  let message: unknown;
  if (status === '0' && answer.body.length >= 5)
    message = fromBinary(output, answer.body.subarray(5, 5 + answer.body.readUInt32BE(1)));
  return { status, grpcMessage, message, error: answer.error };
}

function describeGrpc(r: GrpcResult): string {
  const json = JSON.stringify(r.message, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  return `grpc-status ${r.status ?? '-'} ${r.grpcMessage ?? ''} ${r.error ?? ''} ${json ?? ''}`;
}
