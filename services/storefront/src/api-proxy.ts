import type http from 'node:http';
import { currentTraceHeaders, type HttpHandler, SpanKind, withSpan } from '@marketplace/platform';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import type { Upstream, UpstreamName } from './config.ts';
import { sendJson } from './json-response.ts';
import { BodyTooLargeError, readRequestBody } from './request-body.ts';

export interface ApiProxyOptions {
  upstreams: Readonly<Record<UpstreamName, Upstream>>;
  timeoutMs: number;
  registry: Registry;
  log: Logger;
  /** Largest request body passed on (default 64 KiB: the page sends small JSON). */
  maxBodyBytes?: number;
}

/** Request headers the page may send on; everything else (cookies, API keys) stays here. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'idempotency-key'];
const READ_METHODS = new Set(['GET', 'HEAD']);
const API_PATH = /^\/api\/([a-z]+)(\/[^?]*)?(\?.*)?$/;

/**
 * Proxies `/api/<service>/<path>?<query>` to `<service base URL>/<path>?<query>`, passing the
 * method, JSON body, status and answer through, with the upstream's own headers (the products
 * API key) and a deadline. An unreachable service answers 502 and a slow one 504, each with a
 * JSON `message` naming the service.
 */
export function createApiProxy(options: ApiProxyOptions): HttpHandler {
  const duration = new Histogram({
    name: 'storefront_upstream_duration_seconds',
    help: 'Proxied calls to backend services, by service and answer (HTTP status, unreachable, timeout).',
    labelNames: ['service', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [options.registry],
  });
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  return async (req, res) => {
    const match = API_PATH.exec(req.url ?? '');
    if (!match) return false;
    const [, name = '', path = '/', query = ''] = match;
    if (!Object.hasOwn(options.upstreams, name)) {
      sendJson(res, 404, { message: `unknown service "${name}"` });
      return true;
    }
    const service = name as UpstreamName;
    const upstream = options.upstreams[service];
    const method = req.method ?? 'GET';
    if (upstream.readOnly && !READ_METHODS.has(method)) {
      sendJson(res, 405, { message: `${service} is read-only through the storefront` });
      return true;
    }
    const stopTimer = duration.startTimer({ service });
    const outcome = await withSpan(
      `storefront proxy ${service}`,
      { kind: SpanKind.CLIENT, headers: traceHeadersOf(req), attributes: { 'http.method': method } },
      () => forward({ req, res, service, upstream, target: `${path}${query}`, maxBodyBytes, options }),
    );
    stopTimer({ outcome });
    return true;
  };
}

interface ForwardCall {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  service: UpstreamName;
  upstream: Upstream;
  target: string;
  maxBodyBytes: number;
  options: ApiProxyOptions;
}

/** Makes the upstream call and answers; returns the outcome label for the metric. */
async function forward({ req, res, service, upstream, target, maxBodyBytes, options }: ForwardCall) {
  let body: Buffer | undefined;
  try {
    body = await readRequestBody(req, maxBodyBytes);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    sendJson(res, 413, { message: err.message });
    return '413';
  }
  const headers: Record<string, string> = { ...currentTraceHeaders() };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  Object.assign(headers, upstream.headers);
  try {
    const answer = await fetch(`${upstream.baseUrl}${target}`, {
      method: req.method ?? 'GET',
      headers,
      body: body && !READ_METHODS.has(req.method ?? 'GET') ? new Uint8Array(body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const payload = Buffer.from(await answer.arrayBuffer());
    const contentType = answer.headers.get('content-type');
    res.writeHead(answer.status, {
      ...(contentType ? { 'content-type': contentType } : {}),
      'cache-control': 'no-store',
    });
    res.end(payload.length > 0 ? payload : undefined);
    return String(answer.status);
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    options.log.warn({ err, service, target }, timedOut ? 'upstream timed out' : 'upstream unreachable');
    if (res.headersSent) {
      res.destroy();
    } else if (timedOut) {
      sendJson(res, 504, { service, message: `${service} did not answer within ${options.timeoutMs} ms` });
    } else {
      sendJson(res, 502, { service, message: `${service} is unavailable` });
    }
    return timedOut ? 'timeout' : 'unreachable';
  }
}

function traceHeadersOf(req: http.IncomingMessage): Record<string, string> {
  const traceparent = req.headers.traceparent;
  return typeof traceparent === 'string' ? { traceparent } : {};
}
