import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: Record<string, unknown> }> };
    scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
  }>;
}

const attributeValue = (value: Record<string, unknown>) => Object.values(value)[0];

/**
 * A minimal OTLP/HTTP trace receiver for tests: services export to it with
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json and OTEL_EXPORTER_OTLP_ENDPOINT=`url`.
 */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as OtlpJson;
        for (const resourceSpan of body.resourceSpans ?? []) {
          const resource = Object.fromEntries(
            (resourceSpan.resource?.attributes ?? []).map((a) => [a.key, attributeValue(a.value)]),
          );
          for (const scope of resourceSpan.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service: String(resource['service.name'] ?? ''),
                traceId: String(span.traceId),
                spanId: String(span.spanId),
                parentSpanId: String(span.parentSpanId ?? ''),
                name: String(span.name),
                kind: Number(span.kind),
                attributes: Object.fromEntries(
                  ((span.attributes as Array<{ key: string; value: Record<string, unknown> }>) ?? []).map(
                    (a) => [a.key, attributeValue(a.value)],
                  ),
                ),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    /** The environment that makes a service export its spans here at once. */
    env(): Record<string, string> {
      return {
        OTEL_EXPORTER_OTLP_ENDPOINT: this.url,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
