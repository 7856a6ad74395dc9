import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createEnvReader } from '../src/config.ts';
import { readServerLimits } from '../src/edge/server-limits.ts';
import { createLogger } from '../src/logger.ts';
import { createServiceMetrics } from '../src/metrics.ts';
import { startOpsServer } from '../src/ops-endpoints.ts';

describe('ops server', () => {
  it('cuts off a client that sends its headers a line at a time, as every other port does', async () => {
    const limits = readServerLimits(createEnvReader({ HEADERS_TIMEOUT: '300ms', READ_TIMEOUT: '300ms' }));
    const ops = await startOpsServer(
      {
        metrics: createServiceMetrics('ops-test'),
        ready: async () => true,
        log: createLogger('ops-test', 'silent'),
      },
      { host: '127.0.0.1', port: 0, limits },
    );
    const socket = net.connect(ops.port, '127.0.0.1');
    // The server may reset the connection while headers are still dripping in: that is the cut-off.
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.write('X-a: b\r\n'), 100);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 4_000))]);
    clearInterval(drip);
    socket.destroy();
    await ops.stop();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
