import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';

/**
 * A call the server refused (HTTP/2 REFUSED_STREAM: it was going away and never processed the
 * stream) is Unavailable in gRPC's HTTP/2 mapping, so callers retry it or answer 503. connect-node
 * says so when it reads the reset code, but answers Internal when Node raises the reset first as a
 * stream error (ERR_HTTP2_STREAM_ERROR); this interceptor makes that case Unavailable too.
 */
export const refusedStreamIsUnavailable: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (err) {
    if (!isRefusedStream(err)) throw err;
    throw new ConnectError(err.rawMessage, Code.Unavailable, err.metadata, undefined, err);
  }
};

function isRefusedStream(err: unknown): err is ConnectError {
  if (!(err instanceof ConnectError) || err.code !== Code.Internal) return false;
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  return (
    cause?.code === 'ERR_HTTP2_STREAM_ERROR' &&
    typeof cause.message === 'string' &&
    cause.message.includes('NGHTTP2_REFUSED_STREAM')
  );
}
