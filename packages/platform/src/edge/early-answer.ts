import type http from 'node:http';
import type http2 from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import { codeToHttpStatus, errorToJson } from '@connectrpc/connect/protocol-connect';
import { httpStatusFromCode } from '@marketplace/gateway';

type Response = http.ServerResponse | http2.Http2ServerResponse;

/** An RPC path: `/<package>.<Service>/<Method>`. */
const RPC_PATH = /^\/[A-Za-z_][\w.]*\.[A-Za-z_]\w*\/[A-Za-z_]\w*$/;

/**
 * Answers a request before it reaches a handler (rate limit, overload) in the protocol it speaks,
 * so every client reads the code and message: gRPC and gRPC-Web as a trailers-only response,
 * Connect as its JSON error with Connect's status, everything else as the REST error body.
 */
export function answerEarly(
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: Response,
  error: ConnectError,
  headers: Record<string, string> = {},
): void {
  // The rest of an HTTP/2 request body is not wanted: once answered, the stream is reset (NO_ERROR).
  if ('stream' in req && !req.complete) res.once('finish', () => req.stream.close(0));
  if (res.headersSent) return void res.end();
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/grpc')) {
    const web = contentType.startsWith('application/grpc-web');
    const grpcType = web ? 'application/grpc-web+proto' : 'application/grpc';
    writeHead(res, 200, {
      ...headers,
      'content-type': grpcType,
      'grpc-status': String(error.code),
      'grpc-message': encodeURIComponent(error.rawMessage),
    });
    return void res.end();
  }
  if (isRpcPath(req.url)) {
    const body = JSON.stringify(errorToJson(error, undefined));
    writeHead(res, codeToHttpStatus(error.code), { ...headers, 'content-type': 'application/json' });
    return void res.end(body);
  }
  const body = JSON.stringify({ code: error.code, message: error.rawMessage, details: [] });
  writeHead(res, httpStatusFromCode(error.code), { ...headers, 'content-type': 'application/json' });
  res.end(body);
}

/** Whether a request URL is an RPC path (`/<package>.<Service>/<Method>`) rather than a REST route. */
export function isRpcPath(url: string | undefined): boolean {
  return RPC_PATH.test((url ?? '/').split('?')[0] ?? '/');
}

/** The answer to a client over its request budget. */
export function tooManyRequests(retryAfterMs: number): [ConnectError, Record<string, string>] {
  return [
    new ConnectError('too many requests from this client', Code.ResourceExhausted),
    { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  ];
}

function writeHead(res: Response, status: number, headers: Record<string, string>): void {
  (res as http.ServerResponse).writeHead(status, headers);
}
