import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { withRequestId } from '../src/request-context.ts';
import { SpanKind, startTelemetry, withSpan } from '../src/telemetry.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('createLogger', () => {
  it('writes JSON lines with the service and the request id of the request being handled', async () => {
    const { lines, stream } = capture();
    const log = createLogger('loms', 'info', stream);
    await withRequestId('req-7', async () => {
      await Promise.resolve();
      log.info({ orderId: 5 }, 'order created');
    });
    log.info('outside any request');
    expect(lines[0]).toMatchObject({
      service: 'loms',
      level: 'info',
      request_id: 'req-7',
      orderId: 5,
      msg: 'order created',
    });
    expect(lines[1]).not.toHaveProperty('request_id');
  });

  it('logs an error with its stack', () => {
    const { lines, stream } = capture();
    createLogger('loms', 'info', stream).error({ err: new Error('boom') }, 'failed');
    expect(lines[0]).toMatchObject({
      level: 'error',
      err: { message: 'boom', stack: expect.stringContaining('Error: boom') },
    });
  });

  it("names a live object an error carries (pg's client) instead of writing it out, and keeps plain fields", () => {
    class Client {
      connection = { stream: { buffer: 'x'.repeat(10_000) } };
    }
    const { lines, stream } = capture();
    const err = Object.assign(new Error('terminating connection'), {
      code: '57P01',
      client: new Client(),
      detail: { table: 'orders' },
    });
    createLogger('loms', 'info', stream).warn({ err }, 'idle database connection lost');
    expect(lines[0]).toMatchObject({
      err: { code: '57P01', client: '[Client]', detail: { table: 'orders' } },
    });
    expect(JSON.stringify(lines[0])).not.toContain('x'.repeat(100));
  });

  it('carries the trace id of the active span, the same one the span reports', async () => {
    const telemetry = startTelemetry('logger-test');
    try {
      const { lines, stream } = capture();
      const log = createLogger('loms', 'info', stream);
      const traceId = await withSpan('work', { kind: SpanKind.INTERNAL }, async (span) => {
        log.info('in span');
        return span.spanContext().traceId;
      });
      expect(traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
      expect(lines[0]).toMatchObject({ msg: 'in span', trace_id: traceId });
    } finally {
      await telemetry.shutdown();
    }
  });
});
