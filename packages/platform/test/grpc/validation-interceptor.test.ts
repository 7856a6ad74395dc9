import { create } from '@bufbuild/protobuf';
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
  type ServiceImpl,
} from '@connectrpc/connect';
import {
  Health,
  HealthCheckResponse_ServingStatus as Serving,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import {
  GetIngestBatchRequestSchema,
  ProductSchema,
  ProductService,
} from '@marketplace/proto/marketplace/products/v1/products_pb';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createValidationInterceptor, ruleViolations } from '../../src/grpc/validation-interceptor.ts';
import { createServerInterceptors } from '../../src/interceptors.ts';
import { createServiceMetrics } from '../../src/metrics.ts';
import { validateRequest } from '../../src/validation.ts';

function lomsClient(interceptors: Interceptor[]) {
  const calls: string[] = [];
  const impl: Partial<ServiceImpl<typeof LomsService>> = {
    orderCreate: () => {
      calls.push('orderCreate');
      return { orderId: 7n };
    },
    orderPay: () => {
      calls.push('orderPay');
      return {};
    },
  };
  const transport = createRouterTransport((router) => router.service(LomsService, impl), {
    router: { interceptors },
  });
  return { client: createClient(LomsService, transport), calls };
}

/** The ConnectError a call rejects with. */
async function failure(call: Promise<unknown>): Promise<ConnectError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  return err as ConnectError;
}

describe('validation interceptor', () => {
  const { client, calls } = lomsClient([createValidationInterceptor()]);

  it('lets a request that keeps its rules through to the handler', async () => {
    calls.length = 0;
    const res = await client.orderCreate({ userId: 1n, items: [{ sku: 1n, count: 2 }] });
    expect(res.orderId).toBe(7n);
    expect(calls).toEqual(['orderCreate']);
  });

  it('refuses a broken rule with InvalidArgument naming message, field and rule; the handler never runs', async () => {
    calls.length = 0;
    const err = await failure(client.orderPay({ orderId: 0n }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe('invalid OrderPayRequest.order_id: value must be greater than 0');
    expect(calls).toEqual([]);
  });

  it('joins several violations with "; ", nested fields by their path', async () => {
    const err = await failure(
      client.orderCreate({ userId: -1n, items: [{ sku: 1n, count: 1 }, { sku: 0n }] }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe(
      [
        'invalid OrderCreateRequest.user_id: value must be greater than 0',
        'invalid OrderCreateRequest.items[1].sku: value must be greater than 0',
        'invalid OrderCreateRequest.items[1].count: value must be greater than 0',
      ].join('; '),
    );
  });

  it('words list rules as protovalidate does', async () => {
    const err = await failure(client.orderCreate({ userId: 1n, items: [] }));
    expect(err.rawMessage).toBe('invalid OrderCreateRequest.items: value must contain at least 1 item(s)');
    const many = Array.from({ length: 1001 }, () => ({ sku: 1n, count: 1 }));
    const tooMany = await failure(client.orderCreate({ userId: 1n, items: many }));
    expect(tooMany.rawMessage).toBe(
      'invalid OrderCreateRequest.items: value must contain no more than 1000 item(s)',
    );
  });

  it('keeps texts that already name their subject, e.g. required fields', async () => {
    const transport = createRouterTransport(
      (router) => router.service(ProductService, { createProduct: (req) => ({ product: req.product }) }),
      { router: { interceptors: [createValidationInterceptor()] } },
    );
    const products = createClient(ProductService, transport);
    const err = await failure(products.createProduct({}));
    expect(err.rawMessage).toBe('invalid CreateProductRequest.product: value is required');
    const name = await failure(
      products.createProduct({ product: { sku: 1n, name: 'x'.repeat(256), price: 1 } }),
    );
    expect(name.rawMessage).toBe(
      'invalid CreateProductRequest.product.name: value must be at most 255 characters',
    );
  });

  it('refuses NUL characters in any string, nested ones included, naming the field', async () => {
    const products = createClient(
      ProductService,
      createRouterTransport((router) => router.service(ProductService, {}), {
        router: { interceptors: [createValidationInterceptor()] },
      }),
    );
    const err = await failure(
      products.createProduct({ product: { sku: 1n, name: 'tea\u0000pot', price: 1 } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe(
      'invalid CreateProductRequest.product.name: value must not contain NUL characters',
    );
  });

  it('checks streamed requests message by message', async () => {
    const transport = createRouterTransport(
      (router) =>
        router.service(Health, {
          check: () => ({ status: Serving.SERVING }),
          async *watch() {
            yield { status: Serving.SERVING };
          },
        }),
      { router: { interceptors: [createValidationInterceptor()] } },
    );
    const statuses: Serving[] = [];
    for await (const res of createClient(Health, transport).watch({ service: '' })) statuses.push(res.status);
    expect(statuses).toEqual([Serving.SERVING]);
  });
});

describe('createServerInterceptors', () => {
  const log = pino({ level: 'silent' });

  it('validates inside the error mapping, so a broken rule stays InvalidArgument', async () => {
    const { client } = lomsClient(createServerInterceptors(createServiceMetrics('test'), log));
    const err = await failure(client.orderPay({ orderId: -5n }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe('invalid OrderPayRequest.order_id: value must be greater than 0');
  });

  it('runs the guards before validation: a refused caller learns nothing about the request', async () => {
    const guard: Interceptor = () => () => {
      throw new ConnectError('missing X-API-KEY header', Code.Unauthenticated);
    };
    const { client } = lomsClient(
      createServerInterceptors(createServiceMetrics('test'), log, { guards: [guard] }),
    );
    const err = await failure(client.orderPay({ orderId: -5n }));
    expect(err.code).toBe(Code.Unauthenticated);
  });
});

describe('RequestValidator.rules', () => {
  it('applies a nested message’s rules to the fields named, prefixed with the request and field', () => {
    const product = create(ProductSchema, { sku: 0n, name: '', price: 0 });
    const check = () =>
      validateRequest('UpdateProductRequest').rules('product', ProductSchema, product, ['price']).assert();
    expect(check).toThrow(
      new ConnectError(
        'invalid UpdateProductRequest.product.price: value must be greater than 0',
        Code.InvalidArgument,
      ),
    );
    expect(() =>
      validateRequest('UpdateProductRequest').rules('product', ProductSchema, product, []).assert(),
    ).not.toThrow();
  });

  it('reports every rule when no fields are named', () => {
    const product = create(ProductSchema, { sku: 1n, name: '', price: 0 });
    expect(() => validateRequest('Req').rules('product', ProductSchema, product).assert()).toThrow(
      'invalid Req.product.name: value must be at least 1 characters; invalid Req.product.price: value must be greater than 0',
    );
  });
});

describe('ruleViolations', () => {
  it('lists what protovalidate finds, empty for a valid message', () => {
    const bad = create(GetIngestBatchRequestSchema, { batchId: 'not-a-uuid' });
    expect(ruleViolations(GetIngestBatchRequestSchema, bad).map((v) => v.ruleId)).toEqual(['string.uuid']);
    const good = create(GetIngestBatchRequestSchema, { batchId: '6F9619FF-8B86-D011-B42D-00C04FC964FF' });
    expect(ruleViolations(GetIngestBatchRequestSchema, good)).toEqual([]);
  });
});
