import { trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, type LoggerOptions, pino, stdSerializers } from 'pino';
import { currentRequestId } from './request-context.ts';
import { sourceMappedStack } from './source-mapped-stack.ts';

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
    // Stacks point into the TypeScript sources, also from a bundle run without --enable-source-maps.
    serializers: { err: serializeError },
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

/**
 * pino's error serializer (type, message, stack with causes, own fields), its stack source-mapped.
 * An own field holding a live object is written as its class name: pg puts the whole connection on
 * an error as `client` (its sockets, buffers and parsed statements, kilobytes a line).
 */
function serializeError(err: Error) {
  const serialized = stdSerializers.err(err);
  if (typeof serialized?.stack === 'string') serialized.stack = sourceMappedStack(serialized.stack);
  for (const [key, value] of Object.entries(serialized ?? {}))
    if (isLiveObject(value)) (serialized as Record<string, unknown>)[key] = `[${value.constructor.name}]`;
  return serialized;
}

/** An instance of a class other than plain data (objects, arrays, dates, errors). */
function isLiveObject(value: unknown): value is { constructor: { name: string } } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (
    prototype !== Object.prototype && prototype !== null && !(value instanceof Date || value instanceof Error)
  );
}
