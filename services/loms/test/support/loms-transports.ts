import { fromJson, type JsonObject, toJson } from '@bufbuild/protobuf';
import { LomsService } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import type { TestLoms } from './test-loms.ts';

export type LomsMethod = keyof typeof LomsService.method;
export type CallResult =
  | { ok: true; json: JsonObject }
  | { ok: false; code: number; message: string; httpStatus?: number };

/** One way of calling LOMS; every API test runs through each. */
export interface LomsTransport {
  name: string;
  call(method: LomsMethod, request: JsonObject, headers?: Record<string, string>): Promise<CallResult>;
}

const restRoutes: Record<
  LomsMethod,
  (req: JsonObject) => { method: string; path: string; body?: JsonObject }
> = {
  orderCreate: (req) => ({ method: 'POST', path: '/order/create', body: req }),
  orderInfo: (req) => ({ method: 'GET', path: `/order/info?orderId=${req.orderId}` }),
  orderPay: (req) => ({ method: 'POST', path: '/order/pay', body: req }),
  orderCancel: (req) => ({ method: 'POST', path: '/order/cancel', body: req }),
  stocksInfo: (req) => ({ method: 'GET', path: `/stock/info?sku=${req.sku}` }),
  stockSet: (req) => ({ method: 'POST', path: '/stock/set', body: req }),
};

async function httpCall(
  t: TestLoms,
  method: string,
  path: string,
  body?: JsonObject,
  headers = {},
): Promise<CallResult> {
  const init: RequestInit = { method, headers: { ...headers, 'content-type': 'application/json' } };
  if (body) init.body = JSON.stringify(body);
  const res = await t.http(path, init);
  if (res.status === 200) return { ok: true, json: res.body };
  return { ok: false, code: res.body.code, message: res.body.message, httpStatus: res.status };
}

export function lomsTransports(t: () => TestLoms): LomsTransport[] {
  return [
    {
      name: 'gRPC (grpc-js)',
      async call(method, request, headers) {
        const desc = LomsService.method[method];
        try {
          // biome-ignore lint/suspicious/noExplicitAny: the method is chosen at run time
          const response = await t().grpc.call(method as any, fromJson(desc.input, request) as any, headers);
          return {
            ok: true,
            json: toJson(desc.output, response as never, { alwaysEmitImplicit: true }) as JsonObject,
          };
        } catch (err) {
          const { code, details } = err as { code: number; details: string };
          return { ok: false, code, message: details };
        }
      },
    },
    {
      name: 'Connect JSON',
      call: (method, request, headers) =>
        httpCall(
          t(),
          'POST',
          `/${LomsService.typeName}/${LomsService.method[method].name}`,
          request,
          headers,
        ),
    },
    {
      name: 'REST',
      call(method, request, headers) {
        const route = restRoutes[method](request);
        return httpCall(t(), route.method, route.path, route.body, headers);
      },
    },
  ];
}
