import type http from 'node:http';
import {
  AccessTokenError,
  bearerChallenge,
  type ClientAddressOf,
  clientAddressResolver,
  currentRequestId,
  currentTraceHeaders,
  type HttpHandler,
  SpanKind,
  type TokenVerifier,
  UnavailableError,
  withSpan,
} from '@marketplace/platform';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import type { Upstream, UpstreamName } from '../config.ts';
import { type ApiRoute, apiRoutesFor, matchApiRoute, type RouteMatch } from './api-routes.ts';
import { sendJson } from './json-response.ts';
import { BodyTooLargeError, readRequestBody } from './request-body.ts';

export interface ApiProxyOptions {
  upstreams: Readonly<Record<UpstreamName, Upstream>>;
  timeoutMs: number;
  registry: Registry;
  log: Logger;
  /**
   * With AUTH_MODE=jwt, the verifier of visitors' access tokens: every route but sign-up and sign-in
   * then needs the visitor's valid token (401), a user id in the call must be its subject (403), and
   * the visitor's `Authorization` goes on to the services that check it. Without it (AUTH_MODE=off)
   * no credential of the visitor's is passed on.
   */
  tokens?: TokenVerifier;
  /** The calls passed on (default: the page's calls in the mode, apiRoutesFor). */
  routes?: readonly ApiRoute[];
  /** Largest request body passed on (default 64 KiB: the page sends small JSON). */
  maxBodyBytes?: number;
  /** Largest answer read from a service (default 1 MiB); a larger one is a 502. */
  maxAnswerBytes?: number;
  /**
   * Peers whose `X-Forwarded-For` names the visitor (the storefront's TRUSTED_PROXIES; default none):
   * the visitor's address goes to the services in `X-Forwarded-For`, so each visitor has a rate-limit
   * bucket of its own there (services that trust the storefront as a proxy).
   */
  trustedProxies?: readonly string[];
}

/**
 * Request headers the page may send on; everything else (cookies, API keys, its own
 * X-Forwarded-For) stays here. `authorization` goes on only with AUTH_MODE=jwt (see forward).
 */
const FORWARDED_REQUEST_HEADERS = ['accept'];
/** Answer headers passed back besides content-type: the token challenge and the wait of a 429/503. */
const FORWARDED_ANSWER_HEADERS = ['www-authenticate', 'retry-after'];
const API_PREFIX = /^\/api(?:[/?]|$)/;

/**
 * Proxies the page's calls, `/api/<service>/<path>?<query>`, to `<service base URL>/<path>?<query>`
 * for the routes of the allowlist only (API_ROUTES): anything else under /api is 404 (405 with
 * Allow when only the method differs) and reaches no service. The method, the JSON body (for
 * routes that take one), the route's own query parameters, status and answer are passed through,
 * with the upstream's own headers (the products API key) and a deadline. An unreachable service
 * answers 502, an answer over the size bound 502, and a slow one 504, each with a JSON `message`
 * naming the service. Each call carries `X-Forwarded-For: <visitor>`, the one address the
 * storefront resolved for the visitor (see the platform's clientAddressResolver): a visitor's own
 * X-Forwarded-For counts only behind a trusted proxy, and is otherwise replaced. With `tokens`
 * (AUTH_MODE=jwt) the visitor is checked first (checkVisitor) and their token passed on.
 */
export function createApiProxy(options: ApiProxyOptions): HttpHandler {
  const duration = new Histogram({
    name: 'storefront_upstream_duration_seconds',
    help: 'Proxied calls to backend services, by service and answer (HTTP status, unreachable, timeout, too_large).',
    labelNames: ['service', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [options.registry],
  });
  const limits = {
    body: options.maxBodyBytes ?? 64 * 1024,
    answer: options.maxAnswerBytes ?? 1024 * 1024,
  };
  const routes = options.routes ?? apiRoutesFor(options.tokens ? 'jwt' : 'off');
  const visitorOf = clientAddressResolver(options.trustedProxies ?? []);
  return async (req, res) => {
    const url = req.url ?? '';
    if (!API_PREFIX.test(url)) return false;
    const method = req.method ?? 'GET';
    const match = matchApiRoute(method, url, routes);
    if (match.kind === 'not-found') {
      sendJson(res, 404, { message: 'the storefront API has no such route' });
      return true;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('allow', match.allow.join(', '));
      sendJson(res, 405, { message: `this route takes ${match.allow.join(' or ')}, not ${method}` });
      return true;
    }
    if (options.tokens && !(await checkVisitor(options.tokens, req, res, match))) return true;
    const { route, target } = match;
    const stopTimer = duration.startTimer({ service: route.service });
    const outcome = await withSpan(
      `storefront proxy ${route.service}`,
      { kind: SpanKind.CLIENT, headers: traceHeadersOf(req), attributes: { 'http.method': method } },
      () => forward({ req, res, route, target, limits, options, visitorOf }),
    );
    stopTimer({ outcome });
    return true;
  };
}

/**
 * AUTH_MODE=jwt: whether the visitor may make the call. Sign-up and sign-in are open; every other
 * route needs a valid access token (401 with `WWW-Authenticate: Bearer` otherwise, 503 while the
 * users service's keys cannot be had), and the user id the call names must be the token's subject
 * (403). Answers the refusal itself, so no service is called for it.
 */
async function checkVisitor(
  tokens: TokenVerifier,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  match: Extract<RouteMatch, { kind: 'route' }>,
): Promise<boolean> {
  if (match.route.public) return true;
  const { authorization } = req.headers;
  let userId: bigint;
  try {
    ({ userId } = await tokens.authenticate(authorization));
  } catch (err) {
    if (err instanceof AccessTokenError) {
      res.setHeader('www-authenticate', bearerChallenge(authorization));
      sendJson(res, 401, { message: err.message });
      return false;
    }
    if (!(err instanceof UnavailableError)) throw err;
    sendJson(res, 503, { message: 'the storefront cannot check access tokens right now, try again' });
    return false;
  }
  const { owner } = match;
  if (owner !== undefined && !(/^\d{1,20}$/.test(owner) && BigInt(owner) === userId)) {
    sendJson(res, 403, {
      message: `permission denied: ${match.route.owner} ${owner} is not the signed-in user`,
    });
    return false;
  }
  return true;
}

interface ForwardCall {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  route: ApiRoute;
  target: string;
  limits: { body: number; answer: number };
  options: ApiProxyOptions;
  visitorOf: ClientAddressOf;
}

/** Why a request's body cannot be passed on (not plain JSON), or undefined when it can. */
function refusedBody(req: http.IncomingMessage, hasBody: boolean): string | undefined {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity')
    return `content-encoding ${encoding} is not accepted: send identity`;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (hasBody && type !== 'application/json') return 'the body must be application/json';
  return undefined;
}

/** Makes the upstream call and answers; returns the outcome label for the metric. */
async function forward({ req, res, route, target, limits, options, visitorOf }: ForwardCall) {
  const { service } = route;
  const upstream = options.upstreams[service];
  let body: Buffer | undefined;
  try {
    // Read (and bounded) on every route, passed on only where the route takes a body.
    body = await readRequestBody(req, limits.body);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    sendJson(res, 413, { message: err.message });
    return '413';
  }
  const refusal = refusedBody(req, route.body === true && (body?.length ?? 0) > 0);
  if (refusal) {
    sendJson(res, 415, { message: refusal });
    return '415';
  }
  const headers: Record<string, string> = { ...currentTraceHeaders() };
  // The page sends JSON only: upstream sees exactly that, never a protocol the visitor picked.
  if (route.body) headers['content-type'] = 'application/json';
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // The visitor's own credential, checked above, to the services that check it again themselves.
  const { authorization } = req.headers;
  if (options.tokens && upstream.visitorToken && typeof authorization === 'string')
    headers.authorization = authorization;
  const requestId = currentRequestId();
  if (requestId) headers['x-request-id'] = requestId;
  const visitor = visitorOf(req.socket.remoteAddress, req.headers['x-forwarded-for']);
  if (visitor) headers['x-forwarded-for'] = visitor;
  Object.assign(headers, upstream.headers);
  try {
    const answer = await fetch(`${upstream.baseUrl}${target}`, {
      method: route.method,
      headers,
      body: route.body && body ? new Uint8Array(body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const payload = await readBoundedAnswer(answer, limits.answer);
    if (!payload) {
      options.log.warn({ service, target, limitBytes: limits.answer }, 'upstream answer too large');
      sendJson(res, 502, { service, message: `${service} answered more than ${limits.answer} bytes` });
      return 'too_large';
    }
    const passed: Record<string, string> = {};
    for (const name of ['content-type', ...FORWARDED_ANSWER_HEADERS]) {
      const value = answer.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    res.writeHead(answer.status, {
      ...passed,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
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

/** The answer's body, or undefined (and the rest left unread) once it passes `limitBytes`. */
async function readBoundedAnswer(answer: Response, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(answer.headers.get('content-length') ?? 0);
  if (declared > limitBytes) {
    await answer.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!answer.body) return Buffer.alloc(0);
  const reader = answer.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}

function traceHeadersOf(req: http.IncomingMessage): Record<string, string> {
  const traceparent = req.headers.traceparent;
  return typeof traceparent === 'string' ? { traceparent } : {};
}
