import {
  createFileRegistry,
  createRegistry,
  type DescFile,
  type DescService,
  fromJson,
  type JsonObject,
} from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  file_google_protobuf_field_mask,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
} from '@bufbuild/protobuf/wkt';
import { file_google_api_annotations, http } from '@marketplace/proto/google/api/annotations_pb';
import {
  file_marketplace_api_v1_http_status,
  http_success_status,
} from '@marketplace/proto/marketplace/api/v1/http_status_pb';

// A test-only proto, built at runtime, with what LOMS does not use: path variables, PATCH/PUT/DELETE,
// a custom verb, `body: "field"`, `response_body`, additional bindings, enums, bools, repeated,
// nested, map and well-known-type fields, and a method comment in source info.
const PKG = 'test.catalog.v1';

const DEPENDENCIES: Record<string, DescFile> = {
  'google/api/annotations.proto': file_google_api_annotations,
  'marketplace/api/v1/http_status.proto': file_marketplace_api_v1_http_status,
  'google/protobuf/timestamp.proto': file_google_protobuf_timestamp,
  'google/protobuf/field_mask.proto': file_google_protobuf_field_mask,
  'google/protobuf/wrappers.proto': file_google_protobuf_wrappers,
};

type FieldSpec = [name: string, number: number, type: string, extra?: JsonObject];

const field = ([name, number, type, extra = {}]: FieldSpec): JsonObject => {
  const scalar = type.startsWith('TYPE_');
  return {
    name,
    number,
    // protoc always fills json_name; the registry does not compute it.
    jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    label: 'LABEL_OPTIONAL',
    ...(scalar ? { type } : { type: type.startsWith('.') ? 'TYPE_MESSAGE' : 'TYPE_ENUM', typeName: type }),
    ...extra,
  };
};
const message = (name: string, fields: FieldSpec[], extra: JsonObject = {}): JsonObject => ({
  name,
  field: fields.map(field),
  ...extra,
});
const repeated = { label: 'LABEL_REPEATED' };
const enumType = (name: string) => ({ type: 'TYPE_ENUM', typeName: `.${PKG}.${name}` });
const ref = (name: string) => (name.startsWith('google.') ? `.${name}` : `.${PKG}.${name}`);

const MESSAGES: JsonObject[] = [
  message(
    'Product',
    [
      ['sku', 1, 'TYPE_INT64'],
      ['name', 2, 'TYPE_STRING'],
      ['price', 3, 'TYPE_UINT32'],
      ['status', 4, 'TYPE_INT32', enumType('Status')],
      ['tags', 5, 'TYPE_STRING', repeated],
      ['created_at', 6, ref('google.protobuf.Timestamp')],
      ['attributes', 7, ref('Product.AttributesEntry'), repeated],
    ],
    {
      nestedType: [
        message(
          'AttributesEntry',
          [
            ['key', 1, 'TYPE_STRING'],
            ['value', 2, 'TYPE_STRING'],
          ],
          { options: { mapEntry: true } },
        ),
      ],
    },
  ),
  message('GetProductRequest', [['sku', 1, 'TYPE_INT64']]),
  message('Filter', [
    ['name_prefix', 1, 'TYPE_STRING'],
    ['max_price', 2, 'TYPE_UINT32'],
  ]),
  message('ListProductsRequest', [
    ['count', 1, 'TYPE_UINT32'],
    ['start_after_sku', 2, 'TYPE_INT64'],
    ['in_stock', 3, 'TYPE_BOOL'],
    ['status', 4, 'TYPE_INT32', enumType('Status')],
    ['skus', 5, 'TYPE_INT64', repeated],
    ['min_rating', 6, 'TYPE_DOUBLE'],
    ['filter', 7, ref('Filter')],
    ['created_after', 8, ref('google.protobuf.Timestamp')],
    ['limit', 9, ref('google.protobuf.Int32Value')],
  ]),
  message('ListProductsResponse', [['products', 1, ref('Product'), repeated]]),
  message('BatchGetProductsRequest', [['skus', 1, 'TYPE_INT64', repeated]]),
  message('BatchGetProductsResponse', [
    ['products', 1, ref('Product'), repeated],
    ['missing', 2, 'TYPE_INT64', repeated],
  ]),
  message('UpdateProductRequest', [
    ['sku', 1, 'TYPE_INT64'],
    ['product', 2, ref('Product')],
    ['update_mask', 3, ref('google.protobuf.FieldMask')],
  ]),
  message('DeleteProductRequest', [['sku', 1, 'TYPE_INT64']]),
  message('DeleteProductResponse', []),
  message('Shelf', [['name', 1, 'TYPE_STRING']]),
  message('GetShelfRequest', [['name', 1, 'TYPE_STRING']]),
  message('GetShelfResponse', [
    ['shelf', 1, ref('Shelf')],
    ['etag', 2, 'TYPE_STRING'],
  ]),
];

/** A google.api.http rule in its JSON form, e.g. `{ get: '/product/{sku}' }`. */
export type RuleJson = JsonObject;

const method = (
  name: string,
  input: string,
  output: string,
  rule?: RuleJson,
  successStatus?: number,
): JsonObject => ({
  name,
  inputType: ref(input),
  outputType: ref(output),
  ...(rule
    ? {
        options: {
          '[google.api.http]': rule,
          ...(successStatus ? { '[marketplace.api.v1.http_success_status]': successStatus } : {}),
        },
      }
    : {}),
});

const METHODS: JsonObject[] = [
  method('GetProduct', 'GetProductRequest', 'Product', { get: '/product/{sku}' }),
  method('ListProducts', 'ListProductsRequest', 'ListProductsResponse', { get: '/product' }),
  method('BatchGetProducts', 'BatchGetProductsRequest', 'BatchGetProductsResponse', {
    post: '/product:batchGet',
    body: '*',
  }),
  method('UpdateProduct', 'UpdateProductRequest', 'Product', {
    patch: '/product/{sku}',
    body: 'product',
    additionalBindings: [{ put: '/product/{sku}', body: 'product' }],
  }),
  method('DeleteProduct', 'DeleteProductRequest', 'DeleteProductResponse', { delete: '/product/{sku}' }),
  method('GetShelf', 'GetShelfRequest', 'GetShelfResponse', {
    get: '/v1/{name=shelves/*}',
    responseBody: 'shelf',
  }),
  method('Unannotated', 'GetProductRequest', 'Product'),
  method('AddProduct', 'Product', 'Product', { post: '/product', body: '*' }, 201),
  method('ArchiveProduct', 'GetProductRequest', 'Product', { post: '/product/{sku}:archive' }, 204),
];

function buildFile(name: string, messages: JsonObject[], methods: JsonObject[]): DescService {
  const proto = fromJson(
    FileDescriptorProtoSchema,
    {
      name,
      package: PKG,
      syntax: 'proto3',
      dependency: Object.keys(DEPENDENCIES),
      messageType: messages,
      enumType: [
        {
          name: 'Status',
          value: ['STATUS_UNSPECIFIED', 'STATUS_ACTIVE', 'STATUS_DELETED'].map((n, number) => ({
            name: n,
            number,
          })),
        },
      ],
      service: [{ name: 'CatalogService', method: methods }],
      sourceCodeInfo: {
        location: [
          {
            path: [6, 0, 2, 0],
            span: [0, 0, 0],
            leadingComments: ' Returns one product.\n 404 when unknown.\n',
          },
        ],
      },
    },
    { registry: createRegistry(http, http_success_status) },
  );
  const registry = createFileRegistry(proto, (dep) => DEPENDENCIES[dep]);
  const service = registry.getService(`${PKG}.CatalogService`);
  if (!service) throw new Error('CatalogService not built');
  return service;
}

/** The test CatalogService with all its annotated methods. */
export const CatalogService: DescService = buildFile('test/catalog/v1/catalog.proto', MESSAGES, METHODS);

/** A CatalogService with one method `GetProduct(GetProductRequest) returns (Product)` bound by `rule`. */
export function serviceWithRule(rule: RuleJson): DescService {
  return buildFile('test/catalog/v1/one.proto', MESSAGES, [
    method('GetProduct', 'GetProductRequest', 'Product', rule),
  ]);
}
