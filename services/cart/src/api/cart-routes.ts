import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addItem } from '../app/add-item.ts';
import { checkout } from '../app/checkout.ts';
import { clearCart } from '../app/clear-cart.ts';
import { listCart } from '../app/list-cart.ts';
import type { CartDeps } from '../app/ports.ts';
import { removeItem } from '../app/remove-item.ts';
import type { CartAuthentication } from './authentication.ts';
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

/**
 * The cart's routes of the contract: decode (ids exactly, schemas validate), call the use case, encode.
 * With `authenticate` (AUTH_MODE=jwt) each route first checks the caller, and the checkout passes the
 * caller's token on to LOMS with the order.
 */
export function registerCartRoutes(
  app: FastifyInstance,
  deps: CartDeps,
  authenticate?: CartAuthentication,
): void {
  const guarded = authenticate ? { onRequest: authenticate } : {};
  app.post<AddRoute>(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.addItem, preValidation: normalizeItemCount, ...guarded },
    traced(async (request: FastifyRequest<AddRoute>) => {
      const item = { userId: userIdOf(request), sku: skuOf(request), count: request.body.count };
      await addItem(deps, item, request.deadline);
      return {};
    }),
  );

  app.delete<{ Params: ItemParams }>(
    '/user/:user_id/cart/:sku',
    { schema: routeSchemas.removeItem, ...guarded },
    traced(async (request: ItemRequest, reply) => {
      await removeItem(deps, userIdOf(request), skuOf(request));
      return reply.code(204).send();
    }),
  );

  app.delete<{ Params: UserParams }>(
    '/user/:user_id/cart',
    { schema: routeSchemas.clearCart, ...guarded },
    traced(async (request: UserRequest, reply) => {
      await clearCart(deps, userIdOf(request));
      return reply.code(204).send();
    }),
  );

  app.get<{ Params: UserParams }>(
    '/user/:user_id/cart',
    { schema: routeSchemas.listCart, ...guarded },
    traced(async (request: UserRequest) => {
      const cart = await listCart(deps, userIdOf(request), request.deadline);
      return {
        items: cart.items.map(({ sku, name, count, price }) => ({ sku, name, count, price })),
        total_price: cart.totalPrice,
      };
    }),
  );

  app.post<{ Params: UserParams }>(
    '/checkout/:user_id',
    { schema: routeSchemas.checkout, ...guarded },
    traced(async (request: UserRequest) => {
      const accessToken = request.caller && bearerToken(request.headers.authorization);
      const orderId = await checkout(deps, userIdOf(request), request.deadline, accessToken);
      return { order_id: orderId };
    }),
  );
}

/** The token of an `authorization: Bearer <token>` header the bearer hook has verified. */
function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.trim().split(/[ \t]+/)[1];
}
