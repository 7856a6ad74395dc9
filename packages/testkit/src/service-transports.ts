import {
  type DescMessage,
  type DescService,
  fromJson,
  type JsonObject,
  type JsonValue,
  ScalarType,
  toJson,
} from '@bufbuild/protobuf';
import { ConnectError, createClient, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { stringifyJson } from '@marketplace/platform';
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
export type RestRoute = (request: JsonObject) => {
  method: string;
  path: string;
  body?: JsonObject;
  /** The response field a `response_body` rule answers with alone: the result is wrapped back into it. */
  responseBody?: string;
};

/** Options of {@link serviceTransports}. */
export interface ServiceTransportOptions {
  /** Headers sent with every call (an API key); a call's own headers win. */
  headers?: Record<string, string>;
}

/**
 * The ways a gRPC-first service is called, each with a stock client: gRPC through grpc-js; Connect
 * JSON, Connect binary and gRPC-Web through connect-es on the HTTP/1.1 port (answers rendered with
 * the protobuf JSON mapping, errors as the client reads them); and REST with fetch. `target` is read
 * at call time, so suites can build transports before their service starts.
 */
export function serviceTransports<S extends DescService>(
  service: S,
  target: () => TransportTarget<S>,
  restRoutes: Record<keyof S['method'] & string, RestRoute>,
  options: ServiceTransportOptions = {},
): Array<ServiceTransport<keyof S['method'] & string>> {
  type Method = keyof S['method'] & string;
  const methods = service.method as Record<string, S['methods'][number]>;
  const http = (route: ReturnType<RestRoute>, body: string | undefined, headers = {}) =>
    httpCall(`${target().httpBase}${route.path}`, route.method, body, headers, route.responseBody);
  const transports: Array<ServiceTransport<Method>> = [
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
    connectEsTransport('Connect JSON (connect-es)', service, target, (baseUrl) =>
      createConnectTransport({ baseUrl, httpVersion: '1.1' }),
    ),
    connectEsTransport('Connect binary (connect-es)', service, target, (baseUrl) =>
      createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
    ),
    connectEsTransport('gRPC-Web (connect-es)', service, target, (baseUrl) =>
      createGrpcWebTransport({ baseUrl, httpVersion: '1.1' }),
    ),
    {
      name: 'REST',
      call(method: Method, request, headers) {
        const route = restRoutes[method](request);
        return http(route, route.body && JSON.stringify(route.body), headers);
      },
    },
    {
      // What a Go client sends: int64 as bare JSON numbers, most of them beyond 2^53.
      name: 'REST, int64 as JSON numbers',
      call(method: Method, request, headers) {
        const route = restRoutes[method](request);
        const body = route.body && stringifyJson(int64AsNumbers(methods[method]!.input, route.body));
        return http(route, body, headers);
      },
    },
  ];
  const defaults = options.headers;
  if (defaults === undefined) return transports;
  return transports.map((transport) => ({
    name: transport.name,
    call: (method, request, headers) => transport.call(method, request, { ...defaults, ...headers }),
  }));
}

/** A transport of connect-es against the service's HTTP/1.1 port, made once per base URL. */
function connectEsTransport<S extends DescService, Method extends string>(
  name: string,
  service: S,
  target: () => { httpBase: string },
  make: (baseUrl: string) => Transport,
): ServiceTransport<Method> {
  const methods = service.method as Record<string, S['methods'][number]>;
  let made: { baseUrl: string; client: Record<string, UntypedCall> } | undefined;
  return {
    name,
    async call(method, request, headers) {
      const desc = methods[method]!;
      const baseUrl = target().httpBase;
      if (made?.baseUrl !== baseUrl) {
        made = {
          baseUrl,
          client: createClient(service, make(baseUrl)) as unknown as Record<string, UntypedCall>,
        };
      }
      try {
        const call = made.client[desc.localName]!;
        const response = await (call as (m: unknown, o: unknown) => Promise<unknown>)(
          fromJson(desc.input, request),
          {
            headers,
          },
        );
        return {
          ok: true,
          json: toJson(desc.output, response as never, { alwaysEmitImplicit: true }) as JsonObject,
        };
      } catch (err) {
        if (!(err instanceof ConnectError)) throw err;
        return { ok: false, code: err.code, message: err.rawMessage };
      }
    },
  };
}

const INT64_TYPES = new Set([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

/** The request JSON with every decimal string in an int64 field (by the message's schema) as a bigint. */
function int64AsNumbers(schema: DescMessage, json: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = schema.fields.find((f) => f.jsonName === key || f.name === key);
    const convert = (item: JsonValue): unknown => {
      if (field?.fieldKind === 'message' || (field?.fieldKind === 'list' && field.listKind === 'message')) {
        return item !== null && typeof item === 'object' && !Array.isArray(item)
          ? int64AsNumbers(field.message!, item)
          : item;
      }
      const scalar = field?.fieldKind === 'scalar' || field?.fieldKind === 'list' ? field.scalar : undefined;
      return scalar !== undefined &&
        INT64_TYPES.has(scalar) &&
        typeof item === 'string' &&
        /^-?\d+$/.test(item)
        ? BigInt(item)
        : item;
    };
    out[key] = Array.isArray(value) ? value.map(convert) : convert(value);
  }
  return out;
}

async function httpCall(
  url: string,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
  responseBody: string | undefined,
): Promise<CallResult> {
  const init: RequestInit = { method, headers: { ...headers, 'content-type': 'application/json' } };
  if (body) init.body = body;
  const res = await fetch(url, init);
  const json = (await res.json()) as JsonObject;
  if (res.status >= 200 && res.status < 300)
    return { ok: true, json: responseBody ? { [responseBody]: json } : json };
  return { ok: false, code: json.code as number, message: json.message as string, httpStatus: res.status };
}
