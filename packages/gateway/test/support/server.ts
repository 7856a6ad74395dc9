import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from '../../src/index.ts';
import { notFound } from '../../src/index.ts';

/** A real node:http server that tries the gateway, then answers `notFound`, like production wiring. */
export interface TestServer {
  readonly url: string;
  /** What `gateway.handle` returned for the latest request. */
  lastHandled(): boolean | undefined;
  close(): Promise<void>;
}

export async function startServer(gateway: Gateway): Promise<TestServer> {
  let handled: boolean | undefined;
  const server = createServer(async (req, res) => {
    handled = await gateway.handle(req, res);
    if (!handled) notFound(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastHandled: () => handled,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A raw HTTP exchange, for what fetch cannot do: chunked bodies, raw paths, lying content-length. */
export function rawRequest(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string>; chunks?: string[] },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      { method: options.method, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}
