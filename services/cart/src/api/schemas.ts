import { MAX_ITEM_COUNT } from '../domain/cart.ts';

/**
 * Path ids are int64, 1..9223372036854775807. They are matched as decimal text and read exactly by
 * `parsePathId` (which also gives the range errors their messages); they never become a JS number.
 */
const id = (description: string) =>
  ({
    type: 'string',
    pattern: '^[0-9]+$',
    description: `${description}: int64 in 1..9223372036854775807, decimal digits`,
  }) as const;

/** An int64 in an answer: written as an exact JSON number, also beyond 2^53. */
const int64 = { type: 'integer', format: 'int64' } as const;

export const ERROR_SCHEMA_ID = 'Error';

/** The error body every route answers with: a gRPC code number, a message naming the field, no details. */
export const errorSchema = {
  $id: ERROR_SCHEMA_ID,
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'integer', description: 'gRPC status code, e.g. 3 InvalidArgument, 9 FailedPrecondition' },
    message: { type: 'string' },
    details: { type: 'array', items: {}, maxItems: 0 },
  },
} as const;

const error = (description: string) => ({ description, $ref: `${ERROR_SCHEMA_ID}#` });

export const userParams = {
  type: 'object',
  required: ['user_id'],
  properties: { user_id: id('user id') },
} as const;

export const itemParams = {
  type: 'object',
  required: ['user_id', 'sku'],
  properties: { user_id: id('user id'), sku: id('product sku') },
} as const;

export const addItemBody = {
  type: 'object',
  required: ['count'],
  properties: {
    count: {
      type: 'integer',
      exclusiveMinimum: 0,
      maximum: MAX_ITEM_COUNT,
      description: 'how many to add (uint32); the sum for one sku stays within 4294967295',
    },
  },
} as const;

const pricedCart = {
  type: 'object',
  required: ['items', 'total_price'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sku', 'name', 'count', 'price'],
        properties: {
          sku: int64,
          name: { type: 'string' },
          count: { type: 'integer', format: 'uint32' },
          price: { type: 'integer', description: 'price of one, from the products service now' },
        },
      },
    },
    total_price: { type: 'integer', description: 'sum of count x price, exact (may exceed 2^53)' },
  },
} as const;

const badInput = error('invalid id, count or body');
const badId = error('invalid id');

export const routeSchemas = {
  addItem: {
    summary: 'Add count of a sku to the cart (counts of one sku add up)',
    params: itemParams,
    body: addItemBody,
    response: {
      200: { type: 'object', properties: {} },
      400: badInput,
      412: error(
        'sku unknown to products, count above the stock LOMS has available, or the sum for the sku would pass 4294967295',
      ),
      413: error('body larger than the limit (64 KiB by default)'),
      415: error('compressed body: only content-encoding identity is accepted'),
      503: error('products or LOMS unavailable'),
    },
  },
  removeItem: {
    summary: 'Remove a sku from the cart (also when it is not there)',
    params: itemParams,
    response: { 204: { type: 'null', description: 'removed' }, 400: badId },
  },
  clearCart: {
    summary: 'Empty the cart (also when there is none)',
    params: userParams,
    response: { 204: { type: 'null', description: 'emptied' }, 400: badId },
  },
  listCart: {
    summary: 'Items by sku with names and prices from products, and their total',
    params: userParams,
    response: {
      200: pricedCart,
      400: badId,
      404: error('the cart is empty or absent'),
      503: error('products unavailable'),
    },
  },
  checkout: {
    summary: 'Order the cart through LOMS, then empty it',
    params: userParams,
    response: {
      200: { type: 'object', required: ['order_id'], properties: { order_id: int64 } },
      400: badId,
      404: error('the cart is empty or absent'),
      412: error('LOMS refused the order for stock'),
      503: error('LOMS unavailable'),
    },
  },
} as const;
