import type { PanelSpec, RowSpec } from './grafana-json.ts';

/**
 * gRPC codes that mean the service failed (not the caller's request): the "server faults" of the
 * dashboards and of HighRpcErrorRate in prometheus/alerts.yml (a test keeps the two equal).
 */
export const SERVER_FAULT_CODES = 'Unknown|Internal|Unavailable|DeadlineExceeded|DataLoss|Unimplemented';

/** Label matchers of one dashboard's queries, e.g. `app="loms", instance=~"$instance"`; '' for all. */
export type Selector = string;

/** The matchers of a per-service dashboard: its `app` label and the `$instance` variable. */
export function serviceSelector(app: string): Selector {
  return `app="${app}", instance=~"$instance"`;
}

/** `metric{selector, extra}`, or the bare metric name when there are no matchers. */
export function series(metric: string, selector: Selector, extra = ''): string {
  const matchers = [selector, extra].filter(Boolean).join(', ');
  return matchers ? `${metric}{${matchers}}` : metric;
}

/** Per-second rate of a counter, summed by `by`. */
export function sumRate(by: string, metric: string, selector: Selector, extra = ''): string {
  return `sum by (${by}) (rate(${series(metric, selector, extra)}[$__rate_interval]))`;
}

/** Share of a counter's rate whose samples also match `part` (e.g. `code!="OK"`), by `by`. */
export function ratio(by: string, metric: string, selector: Selector, part: string): string {
  return `${sumRate(by, metric, selector, part)} / ${sumRate(by, metric, selector)}`;
}

/** The q-quantile of a histogram (base name, without _bucket) by `by`. */
export function quantile(q: number, by: string, histogram: string, selector: Selector): string {
  return `histogram_quantile(${q}, sum by (${by}, le) (rate(${series(`${histogram}_bucket`, selector)}[$__rate_interval])))`;
}

/** RED of a gRPC-first service's handlers (gRPC, Connect and REST alike) by method. */
export function rpcServerRow(selector: Selector): RowSpec {
  const metric = 'rpc_server_requests_total';
  return {
    title: 'RPCs (gRPC, Connect, REST)',
    panels: [
      panel('Requests by method', 'RPCs handled per second.', 'reqps', [
        [sumRate('method', metric, selector), '{{method}}'],
      ]),
      panel('Errors by method and code', 'RPCs that ended with a code other than OK.', 'reqps', [
        [sumRate('method, code', metric, selector, 'code!="OK"'), '{{method}} {{code}}'],
      ]),
      panel(
        'Error ratio',
        `Share of RPCs not OK, and of server faults (${SERVER_FAULT_CODES}).`,
        'percentunit',
        [
          [ratio('app', metric, selector, 'code!="OK"'), 'not OK'],
          [ratio('app', metric, selector, `code=~"${SERVER_FAULT_CODES}"`), 'server faults'],
        ],
      ),
      panel('Latency p50 by method', 'Median RPC handling time.', 's', [
        [quantile(0.5, 'method', 'rpc_server_duration_seconds', selector), '{{method}}'],
      ]),
      panel('Latency p99 by method', '99th percentile of RPC handling time.', 's', [
        [quantile(0.99, 'method', 'rpc_server_duration_seconds', selector), '{{method}}'],
      ]),
      panel('In flight', 'RPCs being handled at scrape time.', 'short', [
        [`sum by (method) (${series('rpc_server_in_flight', selector)})`, '{{method}}'],
      ]),
    ],
  };
}

/** HTTP/1.1 answers by status (REST and Connect JSON, docs, ops endpoints). */
export function httpStatusPanel(selector: Selector): PanelSpec {
  return {
    ...panel('HTTP answers by status', 'HTTP/1.1 requests answered per second.', 'reqps', [
      [sumRate('status', 'http_server_requests_total', selector), '{{status}}'],
    ]),
    stacked: true,
  };
}

/** The connection pool(s) of a service, by database (a sharded service has one per shard). */
export function databasePoolRow(selector: Selector): RowSpec {
  const byDatabase = (metric: string) => `sum by (database) (${series(metric, selector)})`;
  return {
    title: 'Database pool',
    panels: [
      panel('Connections in use', 'Pool connections checked out.', 'short', [
        [byDatabase('db_pool_connections_in_use'), '{{database}}'],
      ]),
      panel('Idle connections', 'Pool connections open and free.', 'short', [
        [byDatabase('db_pool_connections_idle'), '{{database}}'],
      ]),
      panel('Waiting for a connection', 'Queries queued because the pool is exhausted.', 'short', [
        [byDatabase('db_pool_waiting_clients'), '{{database}}'],
      ]),
    ],
  };
}

/** Node.js process health per instance (prom-client default metrics). */
export function processRow(selector: Selector): RowSpec {
  const byInstance = (expr: string) => `max by (instance) (${expr})`;
  return {
    title: 'Process',
    panels: [
      panel('Event loop lag p99', 'How late timers fire: a busy or blocked event loop.', 's', [
        [byInstance(series('nodejs_eventloop_lag_p99_seconds', selector)), '{{instance}}'],
      ]),
      panel('CPU', 'CPU time per second (1 = one core).', 'percentunit', [
        [
          byInstance(`rate(${series('process_cpu_seconds_total', selector)}[$__rate_interval])`),
          '{{instance}}',
        ],
      ]),
      panel('Resident memory', 'Resident set size of the process.', 'bytes', [
        [byInstance(series('process_resident_memory_bytes', selector)), '{{instance}}'],
      ]),
    ],
  };
}

/** A panel from [expr, legend] pairs. */
export function panel(
  title: string,
  description: string,
  unit: PanelSpec['unit'],
  queries: [expr: string, legend: string][],
): PanelSpec {
  return { title, description, unit, queries: queries.map(([expr, legend]) => ({ expr, legend })) };
}

/** State of each circuit breaker a service holds towards another (1 = in that state). */
export function breakerStatePanel(selector: Selector): PanelSpec {
  return panel(
    'Circuit breaker',
    'Current state of the breaker towards each service (1 = in that state).',
    'short',
    [
      [
        `max by (client, state) (${series('client_circuit_breaker_state', selector)})`,
        '{{client}} {{state}}',
      ],
    ],
  );
}
