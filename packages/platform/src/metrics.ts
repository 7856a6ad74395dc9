import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics every service exposes; services add their own to `registry`. */
export interface ServiceMetrics {
  /** The service's name: the `app` label of every series. */
  service: string;
  registry: Registry;
  rpcRequests: Counter<'service' | 'method' | 'code'>;
  rpcDuration: Histogram<'service' | 'method' | 'code'>;
  rpcInFlight: Gauge<'service' | 'method'>;
  httpRequests: Counter<'method' | 'status'>;
}

/** Creates the registry with process metrics and the RPC/HTTP request families. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: service });
  collectDefaultMetrics({ register: registry });
  return {
    service,
    registry,
    rpcRequests: new Counter({
      name: 'rpc_server_requests_total',
      help: 'RPCs handled, by method and gRPC code (all transports: gRPC, Connect, REST).',
      labelNames: ['service', 'method', 'code'],
      registers: [registry],
    }),
    rpcDuration: new Histogram({
      name: 'rpc_server_duration_seconds',
      help: 'RPC handling time, by method and gRPC code.',
      labelNames: ['service', 'method', 'code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rpcInFlight: new Gauge({
      name: 'rpc_server_in_flight',
      help: 'RPCs being handled now.',
      labelNames: ['service', 'method'],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'http_server_requests_total',
      help: 'HTTP/1.1 requests answered, by method and status.',
      labelNames: ['method', 'status'],
      registers: [registry],
    }),
  };
}

/**
 * A counter of events by labels whose values are all known (`labels: { reason: REASONS }`): the
 * series of every combination of values is exported as 0 from the start, so dashboards and alerts
 * see zeros rather than nothing before the first event.
 */
export function createCounterByLabels<Label extends string>(
  registry: Registry,
  options: { name: string; help: string; labels: Record<Label, readonly string[]> },
): Counter<Label> {
  const { name, help, labels } = options;
  const labelNames = Object.keys(labels) as Label[];
  const counter = new Counter({ name, help, labelNames, registers: [registry] });
  for (const series of combinations(labels)) counter.inc(series, 0);
  return counter;
}

/** Every way of giving each label one of its values. */
function combinations<Label extends string>(
  labels: Record<Label, readonly string[]>,
): Record<Label, string>[] {
  let partials: Record<string, string>[] = [{}];
  for (const [label, values] of Object.entries<readonly string[]>(labels))
    partials = partials.flatMap((partial) => values.map((value) => ({ ...partial, [label]: value })));
  return partials as Record<Label, string>[];
}
