import type { IncomingMessage, ServerResponse } from 'node:http';
import { Code, ConnectError } from '@connectrpc/connect';
import { codeToHttpStatus, errorToJson } from '@connectrpc/connect/protocol-connect';
import { errorBody, httpError, httpHeadersOf, httpStatusOf } from './errors.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = { 499: 'Client Closed Request' };

/** Writes a JSON response unless the client is already gone or a response was started. */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Writes already serialized JSON; with `head`, only its headers. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
  head = false,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, STATUS_TEXT[status], {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(head ? undefined : text);
}

/** Writes a status without a body (204, 205), unless the client is already gone or a response was started. */
export function writeEmpty(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end();
}

/** Writes a ConnectError as the contract's error body with its mapped HTTP status. */
export function writeError(
  res: ServerResponse,
  err: ConnectError,
  headers: Record<string, string> = {},
): void {
  writeJson(res, httpStatusOf(err), errorBody(err), { ...headers, ...httpHeadersOf(err) });
}

/**
 * Writes a ConnectError the way the Connect protocol does for unary calls:
 * `{"code":"invalid_argument","message":"..."}` with Connect's HTTP status for the code.
 */
export function writeConnectError(
  res: ServerResponse,
  err: ConnectError,
  headers: Record<string, string> = {},
): void {
  // Of the gateway's own headers only `connection: close` applies (an unread body); Allow is REST's.
  const extra: Record<string, string> = {};
  const { connection } = httpHeadersOf(err);
  if (connection !== undefined) extra.connection = connection;
  writeJson(res, codeToHttpStatus(err.code), errorToJson(err, undefined), { ...headers, ...extra });
}

/**
 * Answers 404 `{"code":5,"message":"no route for GET /x","details":[]}`.
 * Call it last, after every other handler of the server returned false.
 */
export function notFound(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  writeError(res, new ConnectError(`no route for ${req.method ?? 'GET'} ${path}`, Code.NotFound));
}

/** The 405 answer for a known path asked with a method it does not serve. */
export function methodNotAllowed(method: string, path: string, allow: readonly string[]): ConnectError {
  return httpError(405, Code.Unimplemented, `method ${method} not allowed for ${path}`, {
    allow: allow.join(', '),
  });
}
