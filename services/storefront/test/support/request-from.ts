import http from 'node:http';

/** An answer as node:http read it. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request to `baseUrl` sent from the loopback address `localAddress` (127.0.0.2, 127.0.0.3, ...:
 * Linux routes all of 127.0.0.0/8 to loopback), so the server sees it as that visitor.
 */
export function requestFrom(
  localAddress: string,
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        localAddress,
        method: options.method ?? 'GET',
        path,
        headers: options.body ? { 'content-type': 'application/json', ...options.headers } : options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
