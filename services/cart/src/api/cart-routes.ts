import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addItem } from '../app/add-item.ts';
import { checkout } from '../app/checkout.ts';
import { clearCart } from '../app/clear-cart.ts';
import { listCart } from '../app/list-cart.ts';
import type { CartDeps } from '../app/ports.ts';
import { removeItem } from '../app/remove-item.ts';
import { normalizeItemCount } from './item-count.ts';
import { parsePathId } from './path-ids.ts';
import { routeSchemas } from './schemas.ts';
import { traced } from './traced.ts';

/** Path ids arrive as text and are read as bigint, never as a JS number. */
interface UserParams {
  user_id: string;
}
interface ItemParams extends UserParams {
  sku: string;
}
type UserRequest = FastifyRequest<{ Params: UserParams }>;
type ItemRequest = FastifyRequest<{ Params: ItemParams }>;
/** `count` is read by normalizeItemCount before the schema check: a uint32 > 0 by then. */
type AddRoute = { Params: ItemParams; Body: { count: number } };

const userIdOf = (request: UserRequest) => parsePathId('user_id', request.params.user_id);
const skuOf = (request: ItemRequest) => parsePathId('sku', request.params.sku);

/** The cart's routes of the contract: decode (ids exactly, schemas validate), call the use case, encode. */
export function registerCartRoutes(app: FastifyInstance, deps: CartDeps): void {
  app.post<AddRoute>(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.addItem, preValidation: normalizeItemCount },
    traced(async (request: FastifyRequest<AddRoute>) => {
      const item = { userId: userIdOf(request), sku: skuOf(request), count: request.body.count };
      await addItem(deps, item, request.deadline);
      return {};
    }),
  );

  app.delete(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.removeItem },
    traced(async (request: ItemRequest, reply) => {
      await removeItem(deps, userIdOf(request), skuOf(request));
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/user/:user_id/cart',
    { schema: routeSchemas.clearCart },
    traced(async (request: UserRequest, reply) => {
      await clearCart(deps, userIdOf(request));
      return reply.code(204).send();
    }),
  );

  app.get(
    '/user/:user_id/cart',
    { schema: routeSchemas.listCart },
    traced(async (request: UserRequest) => {
      const cart = await listCart(deps, userIdOf(request), request.deadline);
      return {
        items: cart.items.map(({ sku, name, count, price }) => ({ sku, name, count, price })),
        total_price: cart.totalPrice,
      };
    }),
  );

  app.post(
    '/checkout/:user_id',
    { schema: routeSchemas.checkout },
    traced(async (request: UserRequest) => {
      const orderId = await checkout(deps, userIdOf(request), request.deadline);
      return { order_id: orderId };
    }),
  );
}
