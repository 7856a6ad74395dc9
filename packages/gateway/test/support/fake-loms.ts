import type { Message } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import {
  Code,
  ConnectError,
  createRouterTransport,
  type HandlerContext,
  type Transport,
} from '@connectrpc/connect';
import type { Item } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';

/** An in-memory LOMS behind an in-process transport, recording what its handlers receive. */
export interface FakeLoms {
  readonly transport: Transport;
  /** The request message and call headers of the latest call. */
  readonly last: { request?: Message; headers?: Headers; signal?: AbortSignal };
  /** Every handler throws this error while it is set. */
  failWith(err: ConnectError | undefined): void;
  /** Every handler sets these response headers. */
  respondWithHeaders(headers: Record<string, string>): void;
  /** Makes the next call wait until it is aborted; resolves when it started and when it was aborted. */
  hangNextCall(): { started: Promise<void>; aborted: Promise<void> };
}

export function createFakeLoms(): FakeLoms {
  const last: FakeLoms['last'] = {};
  let failure: ConnectError | undefined;
  let responseHeaders: Record<string, string> = {};
  let hang: ((signal: AbortSignal) => Promise<void>) | undefined;
  const orders = new Map<bigint, { userId: bigint; items: Item[]; status: string }>();
  const stock = new Map<bigint, number>([
    [1076963n, 265],
    [1625903n, 0],
  ]);
  let nextOrderId = 5n;

  const observe = async (request: Message, ctx: HandlerContext) => {
    Object.assign(last, { request, headers: ctx.requestHeader, signal: ctx.signal });
    for (const [name, value] of Object.entries(responseHeaders)) ctx.responseHeader.set(name, value);
    const wait = hang;
    hang = undefined;
    if (wait) await wait(ctx.signal);
    if (failure) throw failure;
  };

  const impl: ServiceImpl<typeof LomsService> = {
    async orderCreate(req, ctx) {
      await observe(req, ctx);
      const orderId = nextOrderId++;
      orders.set(orderId, { userId: req.userId, items: req.items, status: 'awaiting payment' });
      return { orderId };
    },
    async orderInfo(req, ctx) {
      await observe(req, ctx);
      const order = orders.get(req.orderId);
      if (!order) throw new ConnectError(`order ${req.orderId} not found`, Code.NotFound);
      return order;
    },
    async orderList(req, ctx) {
      await observe(req, ctx);
      return { orders: [] };
    },
    async orderPay(req, ctx) {
      await observe(req, ctx);
      return {};
    },
    async orderCancel(req, ctx) {
      await observe(req, ctx);
      return {};
    },
    async stocksInfo(req, ctx) {
      await observe(req, ctx);
      const count = stock.get(req.sku);
      if (count === undefined) throw new ConnectError(`sku ${req.sku} not found`, Code.NotFound);
      return { count };
    },
    async stockSet(req, ctx) {
      await observe(req, ctx);
      stock.set(req.sku, req.totalCount);
      return {};
    },
  };

  return {
    transport: createRouterTransport(({ service }) => service(LomsService, impl)),
    last,
    failWith: (err) => {
      failure = err;
    },
    respondWithHeaders: (headers) => {
      responseHeaders = headers;
    },
    hangNextCall() {
      let started!: () => void;
      let aborted!: () => void;
      const result = {
        started: new Promise<void>((r) => (started = r)),
        aborted: new Promise<void>((r) => (aborted = r)),
      };
      hang = (signal) =>
        new Promise<void>((_, reject) => {
          started();
          signal.addEventListener('abort', () => {
            aborted();
            reject(signal.reason);
          });
        });
      return result;
    },
  };
}
