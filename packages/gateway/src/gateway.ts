import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DescMethodUnary, DescService } from '@bufbuild/protobuf';
import type { Transport } from '@connectrpc/connect';
import { createServe } from './call.ts';
import { internalError, unsupportedEncoding } from './errors.ts';
import { defaultCopyResponseHeader, defaultForwardHeader } from './headers.ts';
import { buildOpenApi, type OpenApiInfo } from './openapi/document.ts';
import { readBody } from './read-body.ts';
import { methodNotAllowed, sendJsonText, writeError } from './respond.ts';
import { createRouter } from './router.ts';
import { collectRoutes, isUnary } from './routes.ts';
import { createDocsHandler } from './swagger-ui.ts';
import { buildRequest, buildWholeRequest, parseJsonBody } from './transcode.ts';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** Services to expose: annotated unary methods over REST, every unary method over Connect-JSON. */
  services: DescService[];
  /** How to call them; an in-process `createRouterTransport` in production. */
  transport: Transport;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Request headers that become call headers. Default: all but hop-by-hop, `host`, `content-*`, `accept*`, `connect-*`, `grpc-*`. */
  forwardHeaders?: (name: string) => boolean;
  /** Call response headers/trailers copied to the HTTP response. Default: all but protocol and hop-by-hop ones. */
  copyResponseHeaders?: (name: string) => boolean;
  /** OpenAPI info. Default: the services' names, version `1.0.0`. */
  info?: OpenApiInfo;
  /** Where the OpenAPI document is served. Default `/openapi.json`. */
  openapiPath?: string;
  /** Where Swagger UI is served. Default `/docs`. */
  docsPath?: string;
  /** Receives unexpected exceptions (answered 500 `internal error`), e.g. to log them. */
  onError?: (err: unknown, req: IncomingMessage) => void;
}

/** A REST / Connect-JSON front for Connect services, built from their descriptors. */
export interface Gateway {
  /**
   * Handles the request if it is a REST route, a Connect-JSON unary call (`POST /<package>.<Service>/<Method>`
   * with a JSON content type), the OpenAPI document, or Swagger UI and its assets. Returns false if the
   * request is none of those, so the caller can try other handlers (and finally `notFound`).
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The OpenAPI 3.1 document. */
  readonly openapi: Record<string, unknown>;
}

const MIB = 1024 * 1024;

/** Creates the gateway. Throws at startup when an http annotation is malformed or names unknown fields. */
export function createGateway(options: GatewayOptions): Gateway {
  const { services, maxBodyBytes = MIB } = options;
  const openapiPath = options.openapiPath ?? '/openapi.json';
  const info = options.info ?? { title: services.map((s) => s.typeName).join(', '), version: '1.0.0' };
  const routes = collectRoutes(services);
  const router = createRouter(routes);
  const connectMethods = new Map<string, DescMethodUnary>();
  for (const service of services) {
    for (const method of service.methods) {
      if (isUnary(method)) connectMethods.set(`/${service.typeName}/${method.name}`, method);
    }
  }
  const openapi = buildOpenApi(routes, info);
  const openapiJson = JSON.stringify(openapi);
  const docs = createDocsHandler({
    basePath: options.docsPath ?? '/docs',
    specUrl: openapiPath,
    title: info.title,
  });
  const serve = createServe({
    transport: options.transport,
    forwardHeader: options.forwardHeaders ?? defaultForwardHeader,
    copyResponseHeader: options.copyResponseHeaders ?? defaultCopyResponseHeader,
    onError: options.onError,
  });
  const readJson = async (req: IncomingMessage, method: DescMethodUnary, requireObject: boolean) =>
    parseJsonBody(await readBody(req, maxBodyBytes), method.input, requireObject);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const httpMethod = (req.method ?? 'GET').toUpperCase();
    const [pathname, query] = splitUrl(req.url ?? '/');

    if (pathname === openapiPath || docs.owns(pathname)) {
      const head = httpMethod === 'HEAD';
      if (httpMethod !== 'GET' && !head) {
        writeError(res, methodNotAllowed(httpMethod, pathname, ['GET', 'HEAD']));
        return true;
      }
      if (pathname !== openapiPath) return docs.handle(pathname, res, head);
      sendJsonText(res, 200, openapiJson, {}, head);
      return true;
    }

    const connectMethod = connectMethods.get(pathname);
    if (connectMethod !== undefined) {
      // Binary Connect, GET requests, compressed bodies and gRPC-Web stay with the Connect adapter.
      if (httpMethod !== 'POST' || !isJson(req.headers['content-type']) || !isIdentity(req)) return false;
      await serve(
        req,
        res,
        connectMethod,
        async () => buildWholeRequest(connectMethod.input, await readJson(req, connectMethod, true)),
        { errorFormat: 'connect' },
      );
      return true;
    }

    const match = router.match(httpMethod, pathname);
    if (match.kind === 'none') return false;
    if (match.kind === 'method-not-allowed') {
      writeError(res, methodNotAllowed(httpMethod, pathname, match.allow));
      return true;
    }
    const { route, params } = match;
    if (!isIdentity(req)) {
      writeError(res, unsupportedEncoding(req.headers['content-encoding']));
      return true;
    }
    const input = async () => {
      const body =
        route.body === undefined ? undefined : await readJson(req, route.method, route.body === '*');
      return buildRequest(route, params, new URLSearchParams(query), body);
    };
    await serve(req, res, route.method, input, {
      responseBody: route.responseBody,
      successStatus: route.successStatus,
    });
    return true;
  }

  // The caller's server must never see a rejection: anything unexpected becomes a 500.
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    try {
      return await route(req, res);
    } catch (err) {
      options.onError?.(err, req);
      writeError(res, internalError());
      return true;
    }
  }

  return { handle, openapi };
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}

function isIdentity(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.trim().toLowerCase() === 'identity';
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
