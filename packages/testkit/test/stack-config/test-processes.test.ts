import { describe, expect, it } from 'vitest';
import { freePort, startServiceProcess, TEST_PROCESS_DEFAULTS } from '../../src/service-process.ts';
import { repoPath } from './support/repo.ts';

/** The storefront (no database needed) started the way the test kit starts every service. */
async function startStorefront(env: Record<string, string> = {}) {
  const port = await freePort();
  return startServiceProcess({
    cwd: repoPath('services', 'storefront'),
    entry: 'src/main.ts',
    env: { HOST: '127.0.0.1', HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    timeoutMs: 60_000,
  });
}

async function timedStop(service: Awaited<ReturnType<typeof startStorefront>>) {
  const started = performance.now();
  const code = await service.stop();
  return { code, ms: performance.now() - started };
}

describe('service processes the test kit starts', () => {
  it('run without a shutdown drain (SHUTDOWN_DRAIN=0), so a stop takes no 5 s wait', async () => {
    expect(TEST_PROCESS_DEFAULTS).toEqual({ SHUTDOWN_DRAIN: '0' });
    const saved = process.env.SHUTDOWN_DRAIN;
    delete process.env.SHUTDOWN_DRAIN;
    try {
      const { code, ms } = await timedStop(await startStorefront());
      expect(code).toBe(0);
      expect(ms).toBeLessThan(4_000);
    } finally {
      if (saved !== undefined) process.env.SHUTDOWN_DRAIN = saved;
    }
  });

  it('drain when the caller asks for it', async () => {
    const { code, ms } = await timedStop(await startStorefront({ SHUTDOWN_DRAIN: '1500ms' }));
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(1_400);
  });
});
