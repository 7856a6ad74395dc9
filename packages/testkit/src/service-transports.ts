import { type DescService, fromJson, type JsonObject, toJson } from '@bufbuild/protobuf';
import type { GrpcJsClient } from './grpc-js-client.ts';

/** The answer of one call, the same shape whichever transport carried it. */
export type CallResult =
  | { ok: true; json: JsonObject }
  | { ok: false; code: number; message: string; httpStatus?: number };

/** One way of calling a service: the same test runs through each. */
export interface ServiceTransport<Method extends string> {
  name: string;
  call(method: Method, request: JsonObject, headers?: Record<string, string>): Promise<CallResult>;
}

/** Where a running service listens: a grpc-js client for its gRPC port, and its HTTP/1.1 base URL. */
export interface TransportTarget<S extends DescService> {
  grpc: GrpcJsClient<S>;
  httpBase: string;
}

type UntypedCall = (method: string, request: unknown, headers?: Record<string, string>) => Promise<unknown>;

/** How a method is called over REST (from its google.api.http rule). */
export type RestRoute = (request: JsonObject) => { method: string; path: string; body?: JsonObject };

/**
 * The three ways a gRPC-first service is called: gRPC through grpc-js (answers rendered with the
 * protobuf JSON mapping), Connect JSON (`POST /<pkg>.<Service>/<Method>`) and REST. `target` is read
 * at call time, so suites can build transports before their service starts.
 */
export function serviceTransports<S extends DescService>(
  service: S,
  target: () => TransportTarget<S>,
  restRoutes: Record<keyof S['method'] & string, RestRoute>,
): Array<ServiceTransport<keyof S['method'] & string>> {
  type Method = keyof S['method'] & string;
  const methods = service.method as Record<string, S['methods'][number]>;
  const http = (path: string, method: string, body?: JsonObject, headers = {}) =>
    httpCall(`${target().httpBase}${path}`, method, body, headers);
  return [
    {
      name: 'gRPC (grpc-js)',
      async call(method: Method, request, headers) {
        const desc = methods[method]!;
        try {
          // The method is chosen at run time, so the typed per-method signature cannot apply.
          const call = target().grpc.call as unknown as UntypedCall;
          const response = await call(method, fromJson(desc.input, request), headers);
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
      call: (method: Method, request, headers) =>
        http(`/${service.typeName}/${methods[method]!.name}`, 'POST', request, headers),
    },
    {
      name: 'REST',
      call(method: Method, request, headers) {
        const route = restRoutes[method](request);
        return http(route.path, route.method, route.body, headers);
      },
    },
  ];
}

async function httpCall(
  url: string,
  method: string,
  body: JsonObject | undefined,
  headers: Record<string, string>,
): Promise<CallResult> {
  const init: RequestInit = { method, headers: { ...headers, 'content-type': 'application/json' } };
  if (body) init.body = JSON.stringify(body);
  const res = await fetch(url, init);
  const json = (await res.json()) as JsonObject;
  if (res.status === 200) return { ok: true, json };
  return { ok: false, code: json.code as number, message: json.message as string, httpStatus: res.status };
}
