import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DescField, DescMethodUnary, Message } from '@bufbuild/protobuf';
import { ConnectError, type Transport } from '@connectrpc/connect';
import { internalError } from './errors.ts';
import { callHeaders, responseHeaders } from './headers.ts';
import { isBodyless } from './http-code.ts';
import { writeConnectError, writeEmpty, writeError, writeJson } from './respond.ts';
import { renderResponse } from './transcode.ts';

/** What a call needs besides the request. */
export interface CallDeps {
  readonly transport: Transport;
  readonly forwardHeader: (name: string) => boolean;
  readonly copyResponseHeader: (name: string) => boolean;
  readonly onError: ((err: unknown, req: IncomingMessage) => void) | undefined;
}

/** How a call's answer is rendered. */
export interface ServeOptions {
  /** Answer with this response field only (`response_body`). */
  readonly responseBody?: DescField;
  /** The status of a successful answer (REST routes: the method's `http_success_status`). Default 200. */
  readonly successStatus?: number;
  /**
   * How errors are written: `rest` (default) with the contract's body and status mapping, `connect`
   * as the Connect protocol specifies, so stock Connect clients read the code and message.
   */
  readonly errorFormat?: 'rest' | 'connect';
}

/** Calls `method` with the message `input` yields and writes the JSON answer or the error body. */
export type Serve = (
  req: IncomingMessage,
  res: ServerResponse,
  method: DescMethodUnary,
  input: () => Promise<Message>,
  options?: ServeOptions,
) => Promise<void>;

/**
 * Creates the function that runs one unary call for an HTTP request: forwards request headers,
 * aborts the call when the client disconnects, copies safe response headers, maps errors.
 * ConnectErrors (from decoding or from the service) keep their code and message;
 * anything else is reported to `onError` and answered 500 `internal error`.
 */
export function createServe(deps: CallDeps): Serve {
  const { transport, forwardHeader, onError, copyResponseHeader } = deps;
  return async (req, res, method, input, options = {}) => {
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    try {
      const message = await input();
      const headers = callHeaders(req.headers, forwardHeader);
      const answer = await transport.unary(method, abort.signal, connectTimeout(req), headers, message);
      const copied = responseHeaders([answer.header, answer.trailer], copyResponseHeader);
      const status = options.successStatus ?? 200;
      if (isBodyless(status)) writeEmpty(res, status, copied);
      else
        writeJson(res, status, renderResponse(method.output, answer.message, options.responseBody), copied);
    } catch (err) {
      const write = options.errorFormat === 'connect' ? writeConnectError : writeError;
      if (err instanceof ConnectError) {
        write(res, err, responseHeaders([err.metadata], copyResponseHeader));
      } else {
        onError?.(err, req);
        write(res, internalError());
      }
    } finally {
      res.off('close', onClose);
    }
  };
}

/** Connect clients may ask for a deadline with `connect-timeout-ms` (not forwarded as a header). */
function connectTimeout(req: IncomingMessage): number | undefined {
  const value = req.headers['connect-timeout-ms'];
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}
