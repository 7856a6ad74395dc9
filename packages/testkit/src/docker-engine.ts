import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where a Docker (or Podman) engine's API may listen: a unix socket, or a TCP address. */
export type DockerEndpoint = { socketPath: string } | { host: string; port: number };

/**
 * The endpoints a Docker client would try: DOCKER_HOST (unix:// or tcp://) alone when it is set,
 * else the usual sockets: the system's, rootless Docker's, Docker Desktop's and Podman's.
 */
export function dockerEndpoints(env: NodeJS.ProcessEnv, home = homedir()): DockerEndpoint[] {
  const configured = env.DOCKER_HOST;
  if (configured) {
    const url = new URL(configured);
    if (url.protocol === 'unix:') return [{ socketPath: url.pathname }];
    if (url.protocol === 'tcp:') return [{ host: url.hostname, port: Number(url.port || 2375) }];
    return [];
  }
  const runtime = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    ...(runtime ? [join(runtime, 'docker.sock'), join(runtime, 'podman', 'podman.sock')] : []),
    join(home, '.docker', 'run', 'docker.sock'),
  ].map((socketPath) => ({ socketPath }));
}

/**
 * True when a Docker engine answers `GET /_ping` within a second at one of `dockerEndpoints`. A
 * docker client without an engine (as on machines that have only the CLI) answers false. With
 * DOCKER_TLS_VERIFY the TCP endpoint needs client certificates: it is then taken as configured.
 */
export async function dockerEngineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (env.DOCKER_HOST?.startsWith('tcp:') && env.DOCKER_TLS_VERIFY) return true;
  for (const endpoint of dockerEndpoints(env)) {
    if ('socketPath' in endpoint && !existsSync(endpoint.socketPath)) continue;
    if (await pings(endpoint)) return true;
  }
  return false;
}

function pings(endpoint: DockerEndpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}
