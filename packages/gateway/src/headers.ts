import type { IncomingHttpHeaders } from 'node:http';

// Connection-level headers (RFC 9110 7.6.1) and those the transport sets for itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
]);

/**
 * Default filter of request headers that become call headers: everything but hop-by-hop headers,
 * `content-*`, `accept`, `accept-encoding`, and the protocol's own `connect-*` / `grpc-*`.
 */
export function defaultForwardHeader(name: string): boolean {
  return (
    !HOP_BY_HOP.has(name) &&
    !name.startsWith('content-') &&
    name !== 'accept' &&
    name !== 'accept-encoding' &&
    !name.startsWith('connect-') &&
    !name.startsWith('grpc-') &&
    !name.startsWith(':')
  );
}

/**
 * Default filter of call response headers and trailers copied onto the HTTP response: everything but
 * hop-by-hop headers, `content-*`, protocol headers, and what the HTTP server sets itself.
 */
export function defaultCopyResponseHeader(name: string): boolean {
  return (
    defaultForwardHeader(name) &&
    name !== 'date' &&
    name !== 'server' &&
    name !== 'vary' &&
    !name.startsWith('trailer-') &&
    !name.startsWith('access-control-')
  );
}

/** The request headers to pass to the call, lower-cased, multi-values joined per RFC 9110. */
export function callHeaders(headers: IncomingHttpHeaders, forward: (name: string) => boolean): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !forward(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        out.append(name, v);
      } catch {
        // A value node:http accepted but fetch's Headers rejects is dropped rather than failing the call.
      }
    }
  }
  return out;
}

/** Picks the response headers to copy from call headers and trailers. */
export function responseHeaders(
  sources: readonly (Headers | undefined)[],
  copy: (name: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    source?.forEach((value, name) => {
      if (copy(name)) out[name] = value;
    });
  }
  return out;
}
