import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerEndpoints, dockerEngineAnswers } from '../../src/docker-engine.ts';

describe('dockerEndpoints', () => {
  it('takes DOCKER_HOST alone when it is set, a unix socket or a TCP address', () => {
    expect(dockerEndpoints({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual([
      { socketPath: '/run/user/1000/docker.sock' },
    ]);
    expect(dockerEndpoints({ DOCKER_HOST: 'tcp://10.1.2.3:2376' })).toEqual([
      { host: '10.1.2.3', port: 2376 },
    ]);
    expect(dockerEndpoints({ DOCKER_HOST: 'tcp://docker' })).toEqual([{ host: 'docker', port: 2375 }]);
  });

  it("tries the system's, rootless, Docker Desktop's and Podman's sockets otherwise", () => {
    expect(dockerEndpoints({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/ann')).toEqual([
      { socketPath: '/var/run/docker.sock' },
      { socketPath: '/run/user/1000/docker.sock' },
      { socketPath: '/run/user/1000/podman/podman.sock' },
      { socketPath: '/home/ann/.docker/run/docker.sock' },
    ]);
    expect(dockerEndpoints({}, '/home/ann')).toEqual([
      { socketPath: '/var/run/docker.sock' },
      { socketPath: '/home/ann/.docker/run/docker.sock' },
    ]);
  });
});

describe('dockerEngineAnswers', () => {
  let server: Server | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'docker-engine-'));
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** An engine API on a unix socket that answers /_ping with `status`. */
  async function fakeEngine(status: number): Promise<string> {
    const socketPath = join(dir, `engine-${status}.sock`);
    rmSync(socketPath, { force: true });
    server = createServer((req, res) => {
      res.statusCode = req.url === '/_ping' ? status : 404;
      res.end(status === 200 ? 'OK' : 'down');
    });
    await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
    return socketPath;
  }

  it('is true when the engine at DOCKER_HOST answers its ping', async () => {
    const socket = await fakeEngine(200);
    expect(await dockerEngineAnswers({ DOCKER_HOST: `unix://${socket}` })).toBe(true);
  });

  it('is false when the engine answers its ping with an error', async () => {
    const socket = await fakeEngine(500);
    expect(await dockerEngineAnswers({ DOCKER_HOST: `unix://${socket}` })).toBe(false);
  });

  it('is false when no engine listens: a client without a daemon', async () => {
    expect(await dockerEngineAnswers({ DOCKER_HOST: `unix://${join(dir, 'none.sock')}` })).toBe(false);
    expect(await dockerEngineAnswers({ DOCKER_HOST: 'tcp://127.0.0.1:1' })).toBe(false);
  });

  it('takes a TLS endpoint as configured: its ping needs client certificates', async () => {
    expect(await dockerEngineAnswers({ DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '1' })).toBe(
      true,
    );
  });
});
