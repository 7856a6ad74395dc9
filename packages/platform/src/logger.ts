import { trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { currentRequestId } from './request-context.ts';

export type { Logger };

/**
 * The root JSON logger of a service. Every line carries the active trace id and request id, so
 * logs, traces and client reports join up. Level from LOG_LEVEL (default info).
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan();
      const requestId = currentRequestId();
      return {
        ...(span ? { trace_id: span.spanContext().traceId } : {}),
        ...(requestId ? { request_id: requestId } : {}),
      };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
