import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addItem } from '../app/add-item.ts';
import { checkout } from '../app/checkout.ts';
import { clearCart } from '../app/clear-cart.ts';
import { listCart } from '../app/list-cart.ts';
import type { CartDeps } from '../app/ports.ts';
import { removeItem } from '../app/remove-item.ts';
import { routeSchemas } from './schemas.ts';
import { traced } from './traced.ts';

interface UserParams {
  user_id: number;
}
interface ItemParams extends UserParams {
  sku: number;
}
type UserRequest = FastifyRequest<{ Params: UserParams }>;
type ItemRequest = FastifyRequest<{ Params: ItemParams }>;

/** The cart's routes of the contract: decode (schemas validate), call the use case, encode. */
export function registerCartRoutes(app: FastifyInstance, deps: CartDeps): void {
  app.post(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.addItem },
    traced(async (request: FastifyRequest<{ Params: ItemParams; Body: { count: number } }>) => {
      const { user_id, sku } = request.params;
      const item = { userId: BigInt(user_id), sku: BigInt(sku), count: request.body.count };
      await addItem(deps, item, request.deadline);
      return {};
    }),
  );

  app.delete(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.removeItem },
    traced(async (request: ItemRequest, reply) => {
      await removeItem(deps, BigInt(request.params.user_id), BigInt(request.params.sku));
      return reply.code(204).send();
    }),
  );

  app.delete(
    '/user/:user_id/cart',
    { schema: routeSchemas.clearCart },
    traced(async (request: UserRequest, reply) => {
      await clearCart(deps, BigInt(request.params.user_id));
      return reply.code(204).send();
    }),
  );

  app.get(
    '/user/:user_id/cart',
    { schema: routeSchemas.listCart },
    traced(async (request: UserRequest) => {
      const cart = await listCart(deps, BigInt(request.params.user_id), request.deadline);
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
      const orderId = await checkout(deps, BigInt(request.params.user_id), request.deadline);
      return { order_id: orderId };
    }),
  );
}
