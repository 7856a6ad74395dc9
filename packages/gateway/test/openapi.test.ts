import { createRouterTransport } from '@connectrpc/connect';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import {
  CreateProductRequestSchema,
  ProductService,
  UpdateProductRequestSchema,
} from '@marketplace/proto/marketplace/products/v1/products_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.ts';
import { createSchemaCollector } from '../src/openapi/schemas.ts';
import { CatalogService } from './support/catalog-service.ts';
import { startServer, type TestServer } from './support/server.ts';

type Doc = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
type Operation = {
  operationId: string;
  summary: string;
  description: string;
  'x-connect-path': string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { $ref?: string; content?: { 'application/json': { schema: Schema } } }>;
};
type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

const transport = createRouterTransport(() => {});
const lomsDoc = createGateway({
  services: [LomsService],
  transport,
  info: { title: 'LOMS', version: '1.2.3' },
}).openapi as Doc;
const catalogDoc = createGateway({ services: [CatalogService], transport }).openapi as Doc;

/** Every `$ref` in the document, with whether it resolves inside it. */
function refs(doc: unknown): Array<[string, boolean]> {
  const found: Array<[string, boolean]> = [];
  const resolve = (ref: string) =>
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc) !==
    undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') found.push([value, resolve(value)]);
        else walk(value);
      }
    }
  };
  walk(doc);
  return found;
}

const jsonSchema = (op: Operation | undefined) => op?.requestBody?.content['application/json'].schema;

describe('OpenAPI document for LOMS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(createGateway({ services: [LomsService], transport }));
  });
  afterAll(() => server.close());

  it('is served at /openapi.json as OpenAPI 3.1 JSON', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toHaveLength(7);
  });

  it('has one operation per annotated method with its HTTP method and x-connect-path', () => {
    const operations = Object.entries(lomsDoc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => `${method} ${path} ${op['x-connect-path']}`),
    );
    expect(operations.sort()).toEqual([
      'get /order/info /marketplace.loms.v1.LomsService/OrderInfo',
      'get /order/list /marketplace.loms.v1.LomsService/OrderList',
      'get /stock/info /marketplace.loms.v1.LomsService/StocksInfo',
      'post /order/cancel /marketplace.loms.v1.LomsService/OrderCancel',
      'post /order/create /marketplace.loms.v1.LomsService/OrderCreate',
      'post /order/pay /marketplace.loms.v1.LomsService/OrderPay',
      'post /stock/set /marketplace.loms.v1.LomsService/StockSet',
    ]);
    expect(lomsDoc.info).toEqual({ title: 'LOMS', version: '1.2.3' });
  });

  it('documents GET fields as query parameters by JSON name, int64 as string', () => {
    expect(lomsDoc.paths['/order/info']?.get?.parameters).toEqual([
      {
        name: 'orderId',
        in: 'query',
        required: false,
        schema: { type: 'string', format: 'int64', exclusiveMinimum: 0 },
        description: 'Also accepted as `order_id`.',
      },
    ]);
    expect(lomsDoc.paths['/stock/info']?.get?.requestBody).toBeUndefined();
  });

  it('documents body "*" POSTs with the request message as body and no parameters', () => {
    const create = lomsDoc.paths['/order/create']?.post;
    expect(create?.parameters).toEqual([]);
    expect(jsonSchema(create)).toEqual({
      $ref: '#/components/schemas/marketplace.loms.v1.OrderCreateRequest',
    });
  });

  it('describes messages with the proto3 JSON mapping', () => {
    const { schemas } = lomsDoc.components;
    expect(schemas['marketplace.loms.v1.OrderCreateRequest']?.properties).toEqual({
      userId: { type: 'string', format: 'int64', exclusiveMinimum: 0 },
      items: {
        type: 'array',
        items: { $ref: '#/components/schemas/marketplace.loms.v1.Item' },
        minItems: 1,
        maxItems: 1000,
      },
    });
    expect(schemas['marketplace.loms.v1.StocksInfoResponse']?.properties?.count).toMatchObject({
      type: 'integer',
      minimum: 0,
    });
  });

  it('documents the 200 schema and the shared Error schema for error statuses', () => {
    const info = lomsDoc.paths['/order/info']?.get;
    expect(info?.responses['200']?.content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/marketplace.loms.v1.OrderInfoResponse',
    });
    for (const status of ['400', '404', '409', '429', '500', '503']) {
      expect(info?.responses[status]?.$ref).toBe('#/components/responses/Error');
    }
    expect(lomsDoc.components.schemas.Error?.required).toEqual(['code', 'message', 'details']);
  });

  it('has only $refs that resolve', () => {
    const all = [...refs(lomsDoc), ...refs(catalogDoc)];
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter(([, ok]) => !ok)).toEqual([]);
  });
});

describe('OpenAPI schemas from the protovalidate rules', () => {
  const productsDoc = createGateway({ services: [ProductService], transport }).openapi as Doc;
  const schema = (doc: Doc, message: string) => doc.components.schemas[message]?.properties ?? {};

  it('bounds numbers: gt as exclusiveMinimum, gte and lte as minimum and maximum', () => {
    const item = schema(lomsDoc, 'marketplace.loms.v1.Item');
    expect(item.sku).toEqual({ type: 'string', format: 'int64', exclusiveMinimum: 0 });
    expect(item.count).toEqual({
      type: 'integer',
      format: 'uint32',
      exclusiveMinimum: 0,
      maximum: 4294967295,
    });
    const list = productsDoc.paths['/product']?.get?.parameters ?? [];
    expect(list.find((p) => p.name === 'count')?.schema).toEqual({
      type: 'integer',
      format: 'uint32',
      minimum: 0,
      maximum: 100,
    });
    expect(list.find((p) => p.name === 'startAfterSku')?.schema).toMatchObject({ minimum: 0 });
  });

  it('leaves fields without rules as the JSON mapping has them', () => {
    expect(schema(lomsDoc, 'marketplace.loms.v1.StockSetRequest').totalCount).toEqual({
      type: 'integer',
      format: 'uint32',
      minimum: 0,
      maximum: 4294967295,
    });
    expect(schema(productsDoc, 'marketplace.products.v1.ProductEvent').stock).not.toHaveProperty(
      'exclusiveMinimum',
    );
  });

  it('gives strings their length in characters and well-known formats', () => {
    expect(schema(productsDoc, 'marketplace.products.v1.Product').name).toEqual({
      type: 'string',
      minLength: 1,
      maxLength: 255,
    });
    const batch = productsDoc.paths['/product/events/{batch_id}']?.get?.parameters[0];
    expect(batch?.schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('documents the comments rules: ids, text of 1 to 255 characters, page sizes 0 to 100', () => {
    const commentsDoc = createGateway({ services: [CommentsService], transport }).openapi as Doc;
    const add = schema(commentsDoc, 'marketplace.comments.v1.CommentAddRequest');
    expect(add.comment).toEqual({ type: 'string', minLength: 1, maxLength: 255 });
    expect(add.userId).toMatchObject({ exclusiveMinimum: 0 });
    for (const message of ['CommentListBySKURequest', 'CommentListByUserRequest']) {
      expect(schema(commentsDoc, `marketplace.comments.v1.${message}`).pageSize).toEqual({
        type: 'integer',
        format: 'int32',
        minimum: 0,
        maximum: 100,
      });
    }
  });

  it('sizes lists and applies item rules to each element', () => {
    expect(schema(productsDoc, 'marketplace.products.v1.BatchGetProductsRequest').skus).toEqual({
      type: 'array',
      items: { type: 'string', format: 'int64', exclusiveMinimum: 0 },
      maxItems: 100,
    });
    expect(schema(productsDoc, 'marketplace.products.v1.IngestEventsRequest').events).toMatchObject({
      minItems: 1,
    });
  });

  it('lists required fields, and documents no rules for a field whose rules are ignored', () => {
    const collector = createSchemaCollector();
    collector.message(CreateProductRequestSchema);
    collector.message(UpdateProductRequestSchema);
    const { components } = collector;
    expect(components['marketplace.products.v1.CreateProductRequest']?.required).toEqual(['product']);
    const update = components['marketplace.products.v1.UpdateProductRequest'] as Schema;
    expect(update.required).toBeUndefined();
    expect(update.properties?.product).toEqual({
      $ref: '#/components/schemas/marketplace.products.v1.Product',
    });
    expect(update.properties?.sku).toMatchObject({ exclusiveMinimum: 0 });
  });
});

describe('OpenAPI document for path templates', () => {
  it('keeps path variables as {name}, required, typed by their field', () => {
    const get = catalogDoc.paths['/product/{sku}']?.get;
    expect(get?.parameters).toEqual([
      { name: 'sku', in: 'path', required: true, schema: { type: 'string', format: 'int64' } },
    ]);
    expect(Object.keys(catalogDoc.paths['/product/{sku}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'patch',
      'put',
    ]);
  });

  it('keeps custom verbs in the path', () => {
    const batch = catalogDoc.paths['/product:batchGet']?.post;
    expect(jsonSchema(batch)).toEqual({
      $ref: '#/components/schemas/test.catalog.v1.BatchGetProductsRequest',
    });
  });

  it('uses the body field schema for body "field" and the remaining fields as query parameters', () => {
    const patch = catalogDoc.paths['/product/{sku}']?.patch;
    expect(jsonSchema(patch)).toEqual({ $ref: '#/components/schemas/test.catalog.v1.Product' });
    expect(patch?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:sku', 'query:updateMask']);
    expect(catalogDoc.paths['/product/{sku}']?.put?.operationId).toBe('CatalogService_UpdateProduct_1');
  });

  it('flattens nested messages into dotted query parameters, with lists, enums and well-known types', () => {
    const params = catalogDoc.paths['/product']?.get?.parameters ?? [];
    const byName = Object.fromEntries(params.map((p) => [p.name, p.schema]));
    expect(Object.keys(byName)).toEqual([
      'count',
      'startAfterSku',
      'inStock',
      'status',
      'skus',
      'minRating',
      'filter.namePrefix',
      'filter.maxPrice',
      'createdAfter',
      'limit',
    ]);
    expect(byName.skus).toEqual({ type: 'array', items: { type: 'string', format: 'int64' } });
    expect(byName.status).toEqual({
      type: 'string',
      enum: ['STATUS_UNSPECIFIED', 'STATUS_ACTIVE', 'STATUS_DELETED'],
    });
    expect(byName.createdAfter).toEqual({ type: 'string', format: 'date-time' });
    expect(byName.limit).toEqual({ type: ['integer', 'null'], format: 'int32' });
    expect(byName.inStock).toEqual({ type: 'boolean' });
  });

  it('documents multi-segment variables by name and the response_body field as the 200 schema', () => {
    const shelf = catalogDoc.paths['/v1/{name}']?.get;
    expect(shelf?.parameters[0]).toMatchObject({
      name: 'name',
      in: 'path',
      description: 'Matches shelves/*',
    });
    expect(shelf?.responses['200']?.content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/test.catalog.v1.Shelf',
    });
  });

  it('describes maps as objects and repeated scalars as arrays', () => {
    const product = catalogDoc.components.schemas['test.catalog.v1.Product']?.properties;
    expect(product?.attributes).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(product?.tags).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('takes summary and description from the method comment when the descriptor keeps it', () => {
    const get = catalogDoc.paths['/product/{sku}']?.get;
    expect(get?.summary).toBe('Returns one product.');
    expect(get?.description).toContain('404 when unknown.');
    expect(catalogDoc.paths['/product']?.get?.summary).toBe('ListProducts');
  });
});
