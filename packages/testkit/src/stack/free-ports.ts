import { createServer } from 'node:net';
import type { StackProcess } from './stack-plan.ts';

/** A TCP port the stack listens on, and the process that listens there. */
export interface StackPort {
  port: number;
  /** e.g. `cart HTTP`, `loms gRPC`. */
  owner: string;
}

/** Every port the processes of `plan` listen on (HTTP and gRPC), in plan order. */
export function stackPorts(plan: readonly StackProcess[]): StackPort[] {
  return plan.flatMap((p) => [
    { port: p.httpPort, owner: `${p.name} HTTP` },
    ...(p.grpcPort ? [{ port: p.grpcPort, owner: `${p.name} gRPC` }] : []),
  ]);
}

/**
 * The ports of `ports` that cannot be listened on at `host` now (something else listens there, on
 * that address or on all of them), each with the error code (EADDRINUSE, EACCES, ...). Each port is
 * tried by listening and closing at once, one after another.
 */
export async function takenPorts(
  ports: readonly StackPort[],
  host = '127.0.0.1',
): Promise<Array<StackPort & { code: string }>> {
  const taken: Array<StackPort & { code: string }> = [];
  for (const entry of ports) {
    const code = await tryListen(entry.port, host);
    if (code) taken.push({ ...entry, code });
  }
  return taken;
}

/** What to tell a person whose stack cannot start because of `taken`. */
export function takenPortsMessage(
  taken: ReadonlyArray<StackPort & { code: string }>,
  host = '127.0.0.1',
): string {
  const lines = taken.map(
    ({ port, owner, code }) =>
      `  port ${port} (${owner}) on ${host}: ${code === 'EADDRINUSE' ? 'in use' : `cannot listen (${code})`}`,
  );
  return [
    `cannot start the stack: ${taken.length === 1 ? 'a port it needs is' : 'ports it needs are'} not free`,
    ...lines,
    'Another stack is probably running: stop it with `make stop` (or `docker compose down` for the',
    'containers), or stop whatever listens there (`ss -ltnp` shows it), then run `make run-all` again.',
    'Nothing was started.',
  ].join('\n');
}

/** Undefined when `port` can be listened on at `host`, else the error code. */
function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
