import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Telemetry {
  shutdown(): Promise<void>;
}

const exporterConfigured = () =>
  Boolean(
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT ||
      process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      (process.env.OTEL_TRACES_EXPORTER && process.env.OTEL_TRACES_EXPORTER !== 'none'),
  );

/** Records spans without exporting them: trace ids still flow into logs, headers and outbox rows. */
const discardingProcessor = {
  onStart() {},
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

const OPS_PATHS = /^\/(metrics|healthz|readyz)\b/;

/**
 * Starts OpenTelemetry tracing, configured by the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_SAMPLER, ...), with HTTP and PostgreSQL instrumentation. Without an exporter
 * configured, spans are created and propagated but not sent anywhere. Metrics are prom-client's.
 * Call it before anything imports `pg` or `http` users (see the services' main.ts).
 */
export function startTelemetry(serviceName: string): Telemetry {
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => OPS_PATHS.test(req.url ?? '') }),
      // A span per query, not per connection checkout from the pool as well.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
    ...(exporterConfigured() ? {} : { spanProcessors: [discardingProcessor] }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/** W3C trace context (`traceparent`, `tracestate`) of the active span, for storing or forwarding. */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

// A proxy: it follows the provider registered by startTelemetry, whenever that happens.
const tracer = trace.getTracer('marketplace');

/** Reads trace context from fetch Headers where they are, without copying every header per call. */
const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * Runs `work` in a new span of kind `kind`, parented on the trace context found in `headers` (if
 * any), and ends the span with the outcome.
 */
export async function withSpan<T>(
  name: string,
  options: {
    kind: SpanKind;
    headers?: Headers | Record<string, string>;
    attributes?: Record<string, string>;
  },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent =
    options.headers instanceof Headers
      ? propagation.extract(context.active(), options.headers, headersGetter)
      : propagation.extract(context.active(), options.headers ?? {});
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `work` inside one span per message, each the child of the trace context in that message's
 * headers: messages processed together as one unit (one transaction) still each show in their trace.
 */
export async function withSpans<T>(
  name: string,
  kind: SpanKind,
  headers: readonly Record<string, string>[],
  work: () => Promise<T>,
): Promise<T> {
  const spans = headers.map((h) =>
    tracer.startSpan(name, { kind }, propagation.extract(context.active(), h)),
  );
  try {
    return await work();
  } catch (err) {
    for (const span of spans) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}

/**
 * Starts a span of `kind` whose parent is the trace context in `headers` (or the active one), and
 * returns it with `headers` rewritten to carry the new span's context, for messages sent on.
 */
export function startLinkedSpan(name: string, kind: SpanKind, headers: Record<string, string>) {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(name, { kind }, parent);
  const carried: Record<string, string> = { ...headers };
  propagation.inject(trace.setSpan(parent, span), carried);
  return { span, headers: carried };
}

export { SpanKind, SpanStatusCode };
