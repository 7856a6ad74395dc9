import { setMaxListeners } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { DescMethod } from '@bufbuild/protobuf';
import { Code, ConnectError, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { type ConnectNodeAdapterOptions, connectNodeAdapter } from '@connectrpc/connect-node';
import type { Logger } from 'pino';
import { answerClientError } from './edge/client-errors.ts';
import { limitConnections } from './edge/connection-limit.ts';
import { capDeadlineHeaders } from './edge/deadline-headers.ts';
import { answerEarly, isRpcPath } from './edge/early-answer.ts';
import {
  boundHttp2Request,
  boundHttp2Session,
  headerBlockBytes,
  http1ServerOptions,
  http2ServerOptions,
  type ServerLimits,
} from './edge/server-limits.ts';
import { createUnfinishedRequestLimit } from './edge/unfinished-requests.ts';
import { useSpecGrpcMessageEncoding } from './grpc/grpc-message-encoding.ts';
import { createHttpEdges, type HttpEdgeOptions } from './http-edges.ts';
import { connectJsonOptions } from './json/connect-json-options.ts';
import type { ServiceMetrics } from './metrics.ts';
import { closeHttpServer, createOpsHandler } from './ops-endpoints.ts';
import { withRequestId } from './request-context.ts';

/** Handles an HTTP/1.1 request if it is its own, answering false to let the next one try. */
export type HttpHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;

export interface ServerOptions {
  host: string;
  /** h2c port for gRPC (and Connect/gRPC-Web over HTTP/2). 0 picks a free port. */
  grpcPort: number;
  /** HTTP/1.1 port for REST, Connect JSON, docs, metrics and health. 0 picks a free port. */
  httpPort: number;
  routes: (router: ConnectRouter) => void;
  interceptors: Interceptor[];
  /** Tried in order after the ops endpoints (/metrics, /healthz, /readyz), before the Connect adapter. */
  httpHandlers: HttpHandler[];
  /** Answers HTTP/1.1 requests no handler took (e.g. a JSON 404). */
  notFound: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** Whether the service can take traffic now (checked by /readyz). */
  ready: () => Promise<boolean>;
  /** Request id, CORS, per-client rate limit and resource limits of both ports, from the service's config. */
  edges: HttpEdgeOptions;
  metrics: ServiceMetrics;
  log: Logger;
}

/** The two listeners of a gRPC-first service, started and stopped together. */
export class ServiceServer {
  private readonly grpc: http2.Http2Server;
  private readonly http: http.Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private stopping = false;
  private readonly ops: ReturnType<typeof createOpsHandler>;
  /** Ends long-lived streams (health Watch, reflection) so closing does not wait for clients. */
  private readonly shutdown = new AbortController();

  constructor(private readonly options: ServerOptions) {
    // Every in-flight call listens on the shutdown signal; many at once is normal, not a leak.
    setMaxListeners(0, this.shutdown.signal);
    this.ops = createOpsHandler(options, () => this.stopping);
    const edgeOptions = options.edges;
    const { limits } = edgeOptions;
    const adapter = (routes: ServerOptions['routes'], fallback?: ConnectNodeAdapterOptions['fallback']) =>
      connectNodeAdapter({
        routes,
        interceptors: options.interceptors,
        // Bounds the message after decompression too: a small gzip body cannot inflate past it.
        readMaxBytes: limits.maxMessageBytes,
        fallback,
        shutdownSignal: this.shutdown.signal,
      });
    const edges = createHttpEdges(edgeOptions);
    // A method this server does not have is UNIMPLEMENTED in the caller's own protocol (gRPC: status
    // 12 in a 200, not a bare HTTP 404 a gRPC client can only guess from).
    const unknownMethod = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
      const grpc = String(req.headers['content-type'] ?? '').startsWith('application/grpc');
      if (!grpc && !isRpcPath(req.url)) return void res.writeHead(404).end();
      answerEarly(req, res, new ConnectError(`unknown method ${req.url.split('?')[0]}`, Code.Unimplemented));
    };
    const grpcAdapter = adapter(
      perMethodRoutes(options.routes, { bidi: true }),
      unknownMethod as ConnectNodeAdapterOptions['fallback'],
    );
    const unfinished = createUnfinishedRequestLimit(limits.maxUnfinishedRequests);
    this.grpc = http2.createServer(http2ServerOptions(limits), (req, res) => {
      useSpecGrpcMessageEncoding(res);
      if (!edges.admitGrpc(req, res) || refusedUpFront(req, res, limits) || !unfinished.admit(req, res))
        return;
      boundHttp2Request(req, limits);
      capDeadlineHeaders(req.headers);
      grpcAdapter(req, res);
    });
    limitConnections(this.grpc, limits, edgeOptions.trustedProxies);
    // Small unary answers must not wait for Nagle's algorithm.
    this.grpc.on('connection', (socket: Socket) => socket.setNoDelay(true));
    this.grpc.on('session', (session) => {
      this.sessions.add(session);
      boundHttp2Session(session, limits);
      session.once('close', () => this.sessions.delete(session));
    });
    // Bidirectional streams need HTTP/2: on HTTP/1.1 Connect would answer them 505.
    const httpAdapter = adapter(
      perMethodRoutes(options.routes, { bidi: false }),
      options.notFound as ConnectNodeAdapterOptions['fallback'],
    );
    this.http = http.createServer(http1ServerOptions(limits), (req, res) => {
      res.once('finish', () =>
        options.metrics.httpRequests.inc({ method: req.method ?? '', status: String(res.statusCode) }),
      );
      const requestId = edges.handle(req, res);
      if (!requestId || refusedUpFront(req, res, limits)) return;
      // Forwarded by the gateway as call metadata, so RPC logs carry the same id.
      req.headers['x-request-id'] = requestId;
      capDeadlineHeaders(req.headers);
      withRequestId(requestId, () => this.handleHttp(req, res, httpAdapter)).catch((err: unknown) => {
        options.log.error({ err, url: req.url }, 'http handler failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 13, message: 'internal error', details: [] }));
      });
    });
    this.http.on('clientError', answerClientError);
    limitConnections(this.http, limits, edgeOptions.trustedProxies);
  }

  private async handleHttp(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    adapter: http.RequestListener,
  ) {
    if (await this.ops(req, res)) return;
    for (const handler of this.options.httpHandlers) {
      if (await handler(req, res)) return;
    }
    adapter(req, res);
  }

  async start(): Promise<{ grpcPort: number; httpPort: number }> {
    const { host, grpcPort, httpPort } = this.options;
    await listen(this.grpc, host, grpcPort);
    await listen(this.http, host, httpPort);
    return {
      grpcPort: (this.grpc.address() as AddressInfo).port,
      httpPort: (this.http.address() as AddressInfo).port,
    };
  }

  /**
   * Stops accepting, lets in-flight calls finish (GOAWAY on HTTP/2; HTTP/1.1 connections closed as
   * each goes idle), then closes; calls still running after `graceMs` (default 10s) are cut. Long-lived
   * streams (health Watch, reflection) end at once. Turning not ready and the drain period come
   * before it, from `runService`'s shutdown.
   */
  async stop({ graceMs = 10_000 }: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.shutdown.abort();
    const grpcClosed = new Promise<void>((resolve) => this.grpc.close(() => resolve()));
    for (const session of this.sessions) session.close();
    const cut = setTimeout(() => {
      for (const session of this.sessions) session.destroy();
    }, graceMs);
    try {
      await Promise.all([grpcClosed, closeHttpServer(this.http, graceMs)]);
    } finally {
      clearTimeout(cut);
    }
  }
}

/**
 * The routes with each method registered on its own, so that its Connect JSON options know its input
 * schema (see `connectJsonOptions`). Without `bidi`, bidirectional-streaming methods (server
 * reflection) are left out: over HTTP/1.1 Connect would answer them 505.
 */
function perMethodRoutes(
  routes: ServerOptions['routes'],
  { bidi }: { bidi: boolean },
): ServerOptions['routes'] {
  return (router) => {
    const register = (method: DescMethod, handler: unknown, options: object | undefined) => {
      if (method.methodKind === 'bidi_streaming' && !bidi) return;
      router.rpc(method as never, handler as never, {
        ...options,
        jsonOptions: connectJsonOptions(method.input),
      });
    };
    routes({
      get handlers() {
        return router.handlers;
      },
      service(service, implementation, options) {
        const impl = implementation as Record<string, unknown>;
        for (const method of service.methods) {
          const handler = impl[method.localName];
          if (typeof handler === 'function') register(method, handler.bind(impl), options);
        }
        return this;
      },
      rpc(method, implementation, options) {
        register(method, implementation, options);
        return this;
      },
    });
  };
}

/**
 * Answers, in the request's protocol, what no handler may see: a header block over the limit (nghttp2
 * advertises the limit but does not enforce it) and gRPC-Web's text mode, which the Connect adapter
 * does not speak (it would answer a bare 415 that grpc-web clients cannot read).
 */
function refusedUpFront(
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  limits: ServerLimits,
): boolean {
  if (req.httpVersionMajor === 2 && headerBlockBytes(req.rawHeaders) > limits.maxHeaderBytes) {
    const message = `request headers exceed the limit of ${limits.maxHeaderBytes} bytes`;
    answerEarly(req, res, new ConnectError(message, Code.ResourceExhausted));
    return true;
  }
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/grpc-web-text') && isRpcPath(req.url)) {
    const message = 'gRPC-Web text mode is not supported: send application/grpc-web+proto';
    answerEarly(req, res, new ConnectError(message, Code.Unimplemented));
    return true;
  }
  return false;
}

function listen(server: http.Server | http2.Http2Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
