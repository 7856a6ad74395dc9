import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../support/fake-upstream.ts';
import { startTestStorefront } from '../support/test-storefront.ts';

/** Writes `text` on a new connection and resolves with whatever comes back before it closes. */
function rawExchange(port: number, text: string, limitMs: number) {
  return new Promise<{ answer: string; afterMs: number }>((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, afterMs: performance.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${limitMs} ms; got "${answer}"`));
    }, limitMs).unref();
  });
}

describe('the server limits of the storefront listener', () => {
  it('answers 408 to a request whose body does not arrive within READ_TIMEOUT', async () => {
    const storefront = await startTestStorefront({ READ_TIMEOUT: '500ms', HEADERS_TIMEOUT: '500ms' });
    try {
      const head = [
        'POST /api/comments/comment/list-by-sku HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        'Content-Length: 100',
        '',
        '{"sku":',
      ].join('\r\n');
      const { answer, afterMs } = await rawExchange(storefront.httpPort, head, 5_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeGreaterThanOrEqual(400);
      expect(afterMs).toBeLessThan(2_500);
    } finally {
      await storefront.stop();
    }
  });

  it('answers 408 to headers that do not arrive within HEADERS_TIMEOUT', async () => {
    const storefront = await startTestStorefront({ READ_TIMEOUT: '2s', HEADERS_TIMEOUT: '500ms' });
    try {
      const { answer, afterMs } = await rawExchange(
        storefront.httpPort,
        'GET /healthz HTTP/1.1\r\nHost: x\r\n',
        5_000,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeLessThan(1_900);
    } finally {
      await storefront.stop();
    }
  });

  it('stops once the requests in flight are answered, not held by their kept-alive connections', async () => {
    const loms = await startFakeUpstream(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      json(res, 200, { count: 3 });
    });
    const storefront = await startTestStorefront({ LOMS_URL: loms.url });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const answered = new Promise<number>((resolve, reject) =>
        http
          .get(`${storefront.url}/api/loms/stock/info?sku=1`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      await storefront.stop();
      const stoppedAfterMs = performance.now() - started;
      expect(await answered).toBe(200);
      // KEEP_ALIVE_TIMEOUT is 65 s: the idle connection is closed at once instead.
      expect(stoppedAfterMs).toBeLessThan(3_000);
    } finally {
      agent.destroy();
      await loms.close();
    }
  });
});
