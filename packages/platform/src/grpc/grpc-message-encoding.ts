import type http2 from 'node:http2';

/**
 * Percent-encodes a status message the way the gRPC HTTP/2 spec asks: only `%` and bytes outside
 * printable ASCII. Connect encodes with encodeURIComponent, which grpc-js decodes with decodeURI,
 * so messages reached grpc-js clients with `%3A` for every colon.
 */
export function encodeGrpcMessage(message: string): string {
  let encoded = '';
  for (const byte of new TextEncoder().encode(message)) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Longest status message sent, in characters: a message quoting a client's 100 KB value would
 * otherwise overflow the peer's header frame limit and reset the stream without a status.
 */
const MAX_MESSAGE_CHARS = 1024;

/** Rewrites the grpc-message trailer of a response to the spec's encoding, cut to a safe length. */
export function useSpecGrpcMessageEncoding(res: http2.Http2ServerResponse): void {
  const addTrailers = res.addTrailers.bind(res);
  res.addTrailers = (trailers) => {
    const message = (trailers as Record<string, string | undefined>)['grpc-message'];
    if (typeof message === 'string') {
      let decoded = message;
      try {
        decoded = decodeURIComponent(message);
      } catch {}
      if (decoded.length > MAX_MESSAGE_CHARS) decoded = `${decoded.slice(0, MAX_MESSAGE_CHARS)}…`;
      (trailers as Record<string, string>)['grpc-message'] = encodeGrpcMessage(decoded);
    }
    addTrailers(trailers);
  };
}
